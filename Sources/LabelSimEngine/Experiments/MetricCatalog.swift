import LabelSimCore

/// The metric names a scenario produces for every vendor, in output order.
///
/// - `label_accuracy`: share of labelled items whose final label (aggregated, or the reviewer's)
///   is the true class; `label_accuracy.<domain>` the same within each task domain.
/// - `items_labeled`: items finished; `items_correct`: of them, those whose final label is right; `labels_bought`: labels paid (kept, thrown away after a ban,
///   and gold answers; review labels are not counted here).
/// - `cost_dollars`: labour × (1 + overhead) plus review; `cost_per_item`; `cost_per_correct_label`
///   (cost ÷ items whose final label is right).
/// - `days`: labels_bought ÷ the vendor's labels per hour ÷ 24; `worker_days`: the busiest
///   worker's seconds of work ÷ (3600 × `hours_per_day`) — when the last worker would finish,
///   working in parallel, so skewed workloads and slow workers show.
/// - `gold_labels`, `workers_banned`, `items_reviewed`, `deadline_hit` (1 when the deadline
///   stopped labelling, else 0).
public struct MetricCatalog: Sendable, Equatable {
    /// Metric names in output order.
    public let names: [String]

    /// The catalogue for `task`.
    public init(task: TaskSpec) {
        names =
            ["label_accuracy"] + task.domains.map { "label_accuracy.\($0.name)" }
            + [
                "items_labeled", "items_correct", "labels_bought", "cost_dollars", "cost_per_item", "cost_per_correct_label", "days",
                "worker_days", "gold_labels", "workers_banned", "items_reviewed", "deadline_hit",
            ]
    }

    /// The catalogue for `scenario`: the label metrics, then the model metrics when the scenario
    /// has features (see ``ModelStage``).
    public init(scenario: Scenario) {
        let labels = MetricCatalog(task: scenario.task).names
        let trains = scenario.data.features != nil || scenario.model.learner == .learningCurve
        names = trains ? labels + ModelStage.metricNames(scenario.model) : labels
    }

    /// Which way is better for a metric.
    public enum Direction: String, Sendable {
        /// Larger is better (accuracies, items).
        case higher
        /// Smaller is better (costs, days, losses).
        case lower
        /// Neither (counts that describe the process).
        case none
    }

    /// The direction of `metric`.
    public static func direction(of metric: String) -> Direction {
        if metric.hasPrefix("label_accuracy") || metric.hasPrefix("model_accuracy") || metric.hasPrefix("model_macro_f1")
            || metric.hasPrefix("oracle_accuracy") || metric == "items_labeled" || metric == "items_correct"
        {
            return .higher
        }
        if metric.hasPrefix("cost") || metric == "days" || metric == "worker_days" || metric.hasPrefix("model_log_loss")
            || metric == "noise_cost"
            || metric == "deadline_hit"
        {
            return .lower
        }
        return .none
    }
}
