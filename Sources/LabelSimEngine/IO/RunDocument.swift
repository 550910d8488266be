/// The `labelsim run --format json` document (shape in the README).
public struct RunDocument: Codable, Sendable, Equatable {
    /// One metric's summary over replications.
    public struct Summary: Codable, Sendable, Equatable {
        /// Mean over replications.
        public var mean: JSONNumber
        /// Standard deviation over replications.
        public var sd: JSONNumber
        /// 95% confidence interval of the mean.
        public var ciLow: JSONNumber
        /// Upper end of the 95% confidence interval of the mean.
        public var ciHigh: JSONNumber
        /// 95% prediction interval of one project.
        public var piLow: JSONNumber
        /// Upper end of the 95% prediction interval of one project.
        public var piHigh: JSONNumber
        /// Replications.
        public var n: Int

        /// The document's form of `summary`.
        init(_ summary: MetricSummary) {
            mean = JSONNumber(summary.mean)
            sd = JSONNumber(summary.sd)
            ciLow = JSONNumber(summary.ciLow)
            ciHigh = JSONNumber(summary.ciHigh)
            piLow = JSONNumber(summary.piLow)
            piHigh = JSONNumber(summary.piHigh)
            n = summary.n
        }
    }

    /// One vendor (or strategy) and its metrics by name.
    public struct Vendor: Codable, Sendable, Equatable {
        /// The option's name.
        public var name: String
        /// Summary per metric name.
        public var metrics: [String: Summary]
    }

    /// Scenario name.
    public var scenario: String
    /// Master seed.
    public var seed: UInt64
    /// Replications.
    public var replications: Int
    /// One entry per option, in the scenario's order.
    public var vendors: [Vendor]

    /// The document of `result`.
    public init(result: RunResult) {
        scenario = result.scenario.name
        seed = result.scenario.seed
        replications = result.scenario.replications
        let summaries = result.summaries()
        vendors = result.optionNames.enumerated().map { index, name in
            var metrics: [String: Summary] = [:]
            for (metric, summary) in summaries[index].entries { metrics[metric.name] = Summary(summary) }
            return Vendor(name: name, metrics: metrics)
        }
    }
}
