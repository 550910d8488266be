import LabelSimCore
import LabelSimGSL

/// Step 3 of a preference replication: the raw comparisons a vendor delivers.
///
/// The budget buys a prefix of the pool's pairs (whole pairs at `redundancy` comparisons each);
/// each pair goes to `redundancy` distinct raters drawn uniformly.
public struct Comparisons: Sendable {
    /// Pair index of each comparison.
    public var pairs: [Int32] = []
    /// Rater of each comparison.
    public var raters: [Int32] = []
    /// 1 prefers A, 0 prefers B, −1 about the same.
    public var outcomes: [Int8] = []
    /// The rater's stated strength: 0 significantly better … 3 negligibly better (or a tie).
    var strengths: [UInt8] = []
    /// Pairs bought (the first `pairsBought` of the pool).
    var pairsBought = 0
    /// Dollars paid for labour (before overhead).
    var laborDollars = 0.0
    /// Seconds of the busiest rater.
    var busiestRaterSeconds = 0.0

    /// Draws the comparisons `vendor` delivers on `world` within `budget`.
    public static func draw(
        vendor: VendorSpec, budget: Budget, panel: RaterPanel, world: PreferenceWorld, using rng: GSLRandom
    ) -> Comparisons {
        let redundancy = min(vendor.quality.redundancy.minimum, panel.count)
        let pairCount: Int
        switch budget {
        case .items(let count): pairCount = min(count, world.pool.count)
        case .dollars(let dollars):
            let perPair = Double(redundancy) * vendor.nominalDollarsPerLabel * (1 + vendor.quality.overhead)
            pairCount = min(world.pool.count, Int((dollars / perPair).rounded(.down)))
        }
        var result = Comparisons()
        result.pairsBought = pairCount
        result.pairs.reserveCapacity(pairCount * redundancy)
        var seconds = [Double](repeating: 0, count: panel.count)
        var chosen = [Int](repeating: 0, count: redundancy)
        for pair in 0..<pairCount {
            for slot in 0..<redundancy {
                var rater = rng.uniformInt(panel.count)
                while chosen[0..<slot].contains(rater) { rater = rng.uniformInt(panel.count) }
                chosen[slot] = rater
                result.pairs.append(Int32(pair))
                result.raters.append(Int32(rater))
                let (outcome, strength) = panel.compare(
                    rater: rater, pair: pair, pairs: world.pool, dimensions: world.dimensions, using: rng)
                result.outcomes.append(outcome)
                result.strengths.append(strength)
                seconds[rater] += panel.secondsPerComparison[rater]
            }
        }
        switch vendor.pricing {
        case .perLabel(let dollars): result.laborDollars = Double(result.outcomes.count) * dollars
        case .perHour(let wage, _): result.laborDollars = seconds.reduce(0, +) * wage / 3600
        }
        result.busiestRaterSeconds = seconds.max() ?? 0
        return result
    }
}
