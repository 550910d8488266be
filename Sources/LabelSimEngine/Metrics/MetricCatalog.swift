import LabelSimCore

/// The metrics a scenario records for every vendor, in output order (the columns of
/// `replications.csv`), and where each one sits in a ``MetricRecord``.
///
/// The metrics and their order come from ``MetricRegistry``: the labelling metrics, then the
/// model metrics when the scenario has features (see ``ModelStage``).
public struct MetricCatalog: Sendable, Equatable {
    /// The metrics in output order.
    public let metrics: [Metric]
    private let positions: [Metric: Int]

    /// A catalogue of `metrics` in this order.
    public init(metrics: [Metric]) {
        self.metrics = metrics
        var positions: [Metric: Int] = [:]
        for (index, metric) in metrics.enumerated() where positions[metric] == nil { positions[metric] = index }
        self.positions = positions
    }

    /// The catalogue for `task` (labelling metrics only).
    public init(task: TaskSpec) {
        self.init(metrics: MetricRegistry.labelMetrics(task: task))
    }

    /// The catalogue for `scenario`: the model metrics come after the labelling ones when the
    /// scenario trains a model (it has features, or uses the learning-curve learner).
    public init(scenario: Scenario) {
        if let preference = scenario.preference {
            self.init(metrics: MetricRegistry.preferenceMetrics(task: scenario.task, bestOfN: preference.bestOfN))
            return
        }
        let labels = MetricRegistry.labelMetrics(task: scenario.task)
        let trains = scenario.data.features != nil || scenario.model.learner == .learningCurve
        let evaluates = scenario.evaluation != nil && scenario.data.features != nil
        self.init(
            metrics: (trains ? labels + MetricRegistry.modelMetrics(model: scenario.model) : labels)
                + (evaluates ? MetricRegistry.evaluationMetrics : []))
    }

    /// The catalogue of metrics read back by name (a sweep's manifest); a name labelsim does not
    /// know keeps its column, with no direction.
    public init(names: [String]) {
        self.init(
            metrics: names.map {
                MetricRegistry.metric(named: $0) ?? Metric(name: $0, direction: .none, unit: "", stage: .labels, meaning: "not defined")
            })
    }

    /// Metric names in output order.
    public var names: [String] { metrics.map(\.name) }

    /// The column of `metric`, or nil when the scenario does not record it.
    public func index(of metric: Metric) -> Int? { positions[metric] }

    /// Whether the scenario records `metric`.
    public func contains(_ metric: Metric) -> Bool { positions[metric] != nil }

    /// The quality metric (see ``MetricRegistry/qualityMetric(of:)``).
    var qualityMetric: Metric { MetricRegistry.qualityMetric(of: self) }

    /// Equal when the metrics are, in the same order.
    public static func == (lhs: MetricCatalog, rhs: MetricCatalog) -> Bool { lhs.metrics == rhs.metrics }
}
