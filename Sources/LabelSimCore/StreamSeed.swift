/// Derives independent seeds for the random streams of a run from (scenario seed, replication,
/// stream), with SplitMix64 finalisation, so that results do not depend on thread count or order.
public enum StreamSeed {
    /// Which part of a replication a stream feeds.
    public enum Stream: Sendable, Equatable {
        /// The items (classes, domains, difficulty, features).
        case world
        /// Everything a vendor draws (workers, assignments, labels, tie-breaks), by vendor index.
        case vendor(Int)
        /// A reviewing vendor's workforce and labels, by the index of the vendor being reviewed.
        case review(Int)
        /// The learner's draws (initial weights, shuffles, validation splits) of every fit.
        case training
        /// The evaluation set: its items, the labelling vendor's workers and their labels.
        case evaluation

        var code: UInt64 {
            switch self {
            case .world: 0x5752_4C44
            case .vendor(let index): 0x1_0000_0000 &+ UInt64(index)
            case .review(let index): 0x2_0000_0000 &+ UInt64(index)
            case .training: 0x5452_4149
            case .evaluation: 0x4556_414C
            }
        }
    }

    /// The seed of `stream` in `replication` of a run seeded `seed`.
    public static func derive(seed: UInt64, replication: Int, stream: Stream) -> UInt64 {
        var state = mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        state = mix(state ^ UInt64(truncatingIfNeeded: replication) &* 0xD1B5_4A32_D192_ED03)
        return mix(state ^ stream.code &* 0x8CB9_2BA7_2F3D_8DD7)
    }

    /// SplitMix64's finaliser.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
