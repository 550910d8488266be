import LabelSimGSL

/// Mean, standard deviation, a 95% Student-t confidence interval of the mean, and a 95% prediction
/// interval of one more replication, of one metric over replications.
///
/// The two intervals answer different questions: the CI of the mean shrinks with more
/// replications (it is the Monte Carlo error of the estimate); the prediction interval,
/// mean ± t · sd · √(1 + 1/n), is where one real project's value would fall, and does not.
public struct MetricSummary: Sendable, Equatable {
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
    /// Replications with a value (NaN values, e.g. a domain with no labelled item, are left out).
    public var n: Int

    /// Summarises `values`, ignoring NaN.
    public init(values: [Double], confidence: Double = 0.95) {
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
        let spread = t * sd * (1 + 1 / Double(n)).squareRoot()
        piLow = mean - spread
        piHigh = mean + spread
    }
}
