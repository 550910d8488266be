import LabelSimGSL

/// Mean, standard deviation, a 95% Student-t confidence interval of the mean, and a 95% prediction
/// interval of one more replication, of one metric over replications.
///
/// The two intervals answer different questions. The CI of the mean, mean ± t · sd / √n, is the
/// Monte Carlo error of the estimate and shrinks with more replications. The prediction interval
/// is where one real project's value would fall, and does not shrink: it runs from the
/// replications' 2.5% to their 97.5% quantile, by Hyndman & Fan's (1996) definition 6 — the
/// p-quantile of n sorted values is x₍h₎ with h = (n + 1)·p, interpolated linearly between order
/// statistics — under which a new exchangeable value falls below the p-quantile with probability
/// p (so [x₍j₎, x₍n+1−j₎], j = (n + 1)·0.025, covers a new project with probability 95%,
/// whatever the metric's distribution: a skewed count does not get a negative lower end).
///
/// With fewer than ``quantileReplications`` values those quantiles are not resolved ((n + 1)·0.025
/// < 1: they would be the minimum and maximum, which cover a new value with probability
/// (n − 1)/(n + 1) only), so the interval is widened to also contain mean ± t · sd · √(1 + 1/n)
/// (the normal-theory interval) and marked ``piIsRough``. Either way it is clipped to the metric's
/// natural range when it has one (a share to [0, 1], a count to ≥ 0).
public struct MetricSummary: Sendable, Equatable {
    /// The fewest replications whose 2.5% and 97.5% quantiles are resolved: (n + 1) · 0.025 ≥ 1.
    static let quantileReplications = 39

    /// Sample mean.
    public var mean: Double
    /// Sample standard deviation (n − 1 denominator); NaN when n < 2.
    public var sd: Double
    /// Lower end of the 95% CI for the mean; NaN when n < 2.
    public var ciLow: Double
    /// Upper end of the 95% CI for the mean; NaN when n < 2.
    public var ciHigh: Double
    /// Lower end of the 95% prediction interval of one replication; NaN when n < 2.
    public var piLow: Double = .nan
    /// Upper end of the 95% prediction interval of one replication; NaN when n < 2.
    public var piHigh: Double = .nan
    /// Whether the prediction interval rests on fewer than ``quantileReplications`` values
    /// (widened by the normal-theory interval; rough).
    public var piIsRough = false
    /// Replications with a value (NaN values, e.g. a domain with no labelled item, are left out).
    public var n: Int

    /// Summarises `values`, ignoring NaN; the prediction interval is clipped to `range` when given.
    public init(values: [Double], confidence: Double = 0.95, range: ClosedRange<Double>? = nil) {
        let finite = values.filter { !$0.isNaN }
        n = finite.count
        guard n > 0 else {
            mean = .nan
            sd = .nan
            ciLow = .nan
            ciHigh = .nan
            return
        }
        // Kahan-free two-pass mean and variance: n is at most a few thousand.
        mean = finite.reduce(0, +) / Double(n)
        guard n > 1 else {
            sd = .nan
            ciLow = .nan
            ciHigh = .nan
            return
        }
        let center = mean
        let squares = finite.reduce(0) { $0 + ($1 - center) * ($1 - center) }
        sd = (squares / Double(n - 1)).squareRoot()
        let t = Distributions.studentTQuantile(0.5 + confidence / 2, degreesOfFreedom: Double(n - 1))
        let half = t * sd / Double(n).squareRoot()
        ciLow = mean - half
        ciHigh = mean + half
        let sorted = finite.sorted()
        let tail = (1 - confidence) / 2
        var low = Self.quantile(sorted: sorted, tail)
        var high = Self.quantile(sorted: sorted, 1 - tail)
        if Double(n + 1) * tail < 1 {
            piIsRough = true
            let spread = t * sd * (1 + 1 / Double(n)).squareRoot()
            low = min(low, mean - spread)
            high = max(high, mean + spread)
        }
        if let range {
            low = min(max(low, range.lowerBound), range.upperBound)
            high = min(max(high, range.lowerBound), range.upperBound)
        }
        piLow = low
        piHigh = high
    }

    /// The p-quantile of ascending `sorted` (non-empty) by Hyndman & Fan's definition 6:
    /// h = (n + 1)·p, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎), the minimum below h = 1 and the
    /// maximum above h = n.
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count + 1) * p
        if h <= 1 { return sorted[0] }
        if h >= Double(sorted.count) { return sorted[sorted.count - 1] }
        let below = Int(h.rounded(.down))
        let fraction = h - Double(below)
        let lower = sorted[below - 1]
        return fraction == 0 ? lower : lower + fraction * (sorted[below] - lower)
    }
}
