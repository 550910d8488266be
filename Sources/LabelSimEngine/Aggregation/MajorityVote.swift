import LabelSimGSL

/// Majority vote: each item takes its most frequent label; ties are broken uniformly at random
/// with the caller's generator, so results are seeded. The posterior is the vote share.
struct MajorityVote: Aggregator {
    /// Creates the aggregator.
    init() {}

    /// Aggregates every item of `matrix`.
    func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        let classes = matrix.classCount
        var labels = [Int32](repeating: -1, count: matrix.itemCount)
        var posteriors = [Double](repeating: 0, count: matrix.itemCount * classes)
        var votes = [Int](repeating: 0, count: classes)
        for item in 0..<matrix.itemCount {
            let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
            if range.isEmpty {
                for k in 0..<classes { posteriors[item * classes + k] = 1 / Double(classes) }
                continue
            }
            for k in 0..<classes { votes[k] = 0 }
            for slot in range { votes[Int(matrix.labels[slot])] += 1 }
            labels[item] = Int32(Self.winner(votes, using: rng))
            let total = Double(range.count)
            for k in 0..<classes { posteriors[item * classes + k] = Double(votes[k]) / total }
        }
        return AggregationResult(labels: labels, posteriors: posteriors)
    }

    /// The index of the largest count, a uniformly random one among ties (no draw without a tie).
    @inline(__always)
    static func winner(_ votes: [Int], using rng: GSLRandom) -> Int {
        var best = 0
        var tied = 1
        for k in 1..<votes.count {
            if votes[k] > votes[best] {
                best = k
                tied = 1
            } else if votes[k] == votes[best] {
                tied += 1
            }
        }
        if tied == 1 { return best }
        var pick = rng.uniformInt(tied)
        for k in 0..<votes.count where votes[k] == votes[best] {
            if pick == 0 { return k }
            pick -= 1
        }
        return best
    }
}
