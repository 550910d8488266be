import LabelSimCore

/// Every replication's metrics for every vendor, and their summaries.
public struct RunResult: Sendable {
    /// The scenario that produced it.
    public let scenario: Scenario
    /// The metrics recorded, in column order.
    public let catalog: MetricCatalog
    /// `rows[replication][vendor]`: one record per vendor and replication.
    public let rows: [[MetricRecord<Double>]]
    /// Seconds spent per pipeline stage, summed over threads.
    public let stageSeconds: [(stage: StageClock.Stage, seconds: Double)]

    /// Creates a result from its records.
    public init(
        scenario: Scenario, catalog: MetricCatalog, rows: [[MetricRecord<Double>]],
        stageSeconds: [(stage: StageClock.Stage, seconds: Double)] = []
    ) {
        self.scenario = scenario
        self.catalog = catalog
        self.rows = rows
        self.stageSeconds = stageSeconds
    }

    /// Values of `metric` for `vendor` over replications (empty when the run does not record it).
    public func values(vendor: Int, metric: Metric) -> [Double] {
        guard let column = catalog.index(of: metric) else { return [] }
        return rows.map { $0[vendor].values[column] }
    }

    /// One summary per metric for each vendor: `summaries()[vendor][.labelAccuracy]`.
    public func summaries() -> [MetricRecord<MetricSummary>] {
        scenario.vendors.indices.map { vendor in
            MetricRecord(
                catalog: catalog,
                values: catalog.metrics.indices.map { column in MetricSummary(values: rows.map { $0[vendor].values[column] }) })
        }
    }
}
