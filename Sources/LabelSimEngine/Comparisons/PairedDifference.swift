import LabelSimGSL

/// The paired difference A − B of one metric over replications (common random numbers), with a
/// 95% Student-t interval, and how often each vendor wins.
public struct PairedDifference: Sendable, Equatable {
    /// Mean of A − B over replications where both have a value.
    public var mean: Double
    /// 95% CI for the mean difference.
    public var ciLow: Double
    /// Upper end of the CI.
    public var ciHigh: Double
    /// Share of replications where A is better (by the metric's direction; for a direction-less
    /// metric, where A is larger).
    public var aWins: Double
    /// Share where B is better.
    var bWins: Double
    /// Share of ties.
    public var ties: Double
    /// Replications used.
    public var n: Int

    /// The paired difference of `a` and `b` (same length, replication by replication).
    public init(a: [Double], b: [Double], direction: Metric.Direction) {
        let pairs = zip(a, b).filter { !$0.0.isNaN && !$0.1.isNaN }
        let summary = MetricSummary(values: pairs.map { $0.0 - $0.1 })
        mean = summary.mean
        ciLow = summary.ciLow
        ciHigh = summary.ciHigh
        n = summary.n
        var aBetter = 0
        var bBetter = 0
        for (x, y) in pairs where x != y {
            if (x > y) == (direction != .lower) { aBetter += 1 } else { bBetter += 1 }
        }
        let count = Double(max(pairs.count, 1))
        aWins = Double(aBetter) / count
        bWins = Double(bBetter) / count
        ties = pairs.isEmpty ? 0 : Double(pairs.count - aBetter - bBetter) / count
    }
}
