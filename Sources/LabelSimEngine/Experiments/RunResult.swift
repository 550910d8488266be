import LabelSimCore

/// Every replication's metrics for every vendor, and their summaries.
public struct RunResult: Sendable {
    /// The scenario that produced it.
    public let scenario: Scenario
    /// Metric names, in column order.
    public let catalog: MetricCatalog
    /// `rows[replication][vendor][metric]`.
    public let rows: [[[Double]]]
    /// Seconds spent per pipeline stage, summed over threads.
    public let stageSeconds: [(stage: StageClock.Stage, seconds: Double)]

    /// Creates a result from raw rows.
    public init(
        scenario: Scenario, catalog: MetricCatalog, rows: [[[Double]]], stageSeconds: [(stage: StageClock.Stage, seconds: Double)] = []
    ) {
        self.scenario = scenario
        self.catalog = catalog
        self.rows = rows
        self.stageSeconds = stageSeconds
    }

    /// Values of `metric` for `vendor` over replications.
    public func values(vendor: Int, metric: Int) -> [Double] {
        rows.map { $0[vendor][metric] }
    }

    /// `summaries[vendor][metric]`.
    public func summaries() -> [[MetricSummary]] {
        scenario.vendors.indices.map { vendor in
            catalog.names.indices.map { metric in MetricSummary(values: values(vendor: vendor, metric: metric)) }
        }
    }
}
