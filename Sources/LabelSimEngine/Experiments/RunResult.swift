import LabelSimCore

/// Every replication's metrics for every vendor, and their summaries.
public struct RunResult: Sendable {
    /// The scenario that produced it.
    public let scenario: Scenario
    /// The metrics recorded, in column order.
    public let catalog: MetricCatalog
    /// `rows[replication][option]`: one record per option (``Scenario/optionNames``: vendors,
    /// strategies, or a timeline's plans after their last period) and replication.
    public let rows: [[MetricRecord<Double>]]
    /// With a timeline, `periodRows[replication][plan][period]`: each plan after each period; otherwise empty.
    public var periodRows: [[[MetricRecord<Double>]]] = []
    /// Seconds spent per pipeline stage, summed over threads.
    let stageSeconds: [(stage: StageClock.Stage, seconds: Double)]

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

    /// The names of the options (vendors, strategies or plans), in column order.
    public var optionNames: [String] { scenario.optionNames }

    /// `periodSummaries()[plan][period]` of a timeline (empty without one).
    func periodSummaries() -> [[MetricRecord<MetricSummary>]] {
        guard let timeline = scenario.timeline, !periodRows.isEmpty else { return [] }
        return timeline.plans.indices.map { plan in
            (0..<timeline.periods).map { period in
                MetricRecord(
                    catalog: catalog,
                    values: catalog.metrics.indices.map { column in
                        MetricSummary(
                            values: periodRows.map { $0[plan][period].values[column] }, range: catalog.metrics[column].bounds.range)
                    })
            }
        }
    }

    /// One summary per metric for each option: `summaries()[option][.labelAccuracy]`.
    public func summaries() -> [MetricRecord<MetricSummary>] {
        scenario.optionNames.indices.map { vendor in
            MetricRecord(
                catalog: catalog,
                values: catalog.metrics.indices.map { column in
                    MetricSummary(values: rows.map { $0[vendor].values[column] }, range: catalog.metrics[column].bounds.range)
                })
        }
    }
}
