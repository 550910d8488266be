import LabelSimCore

/// The metric names a scenario produces for every vendor, in output order.
///
/// `label_accuracy` (share of labelled items whose aggregated label is the true class), one
/// `label_accuracy.<domain>` per task domain, `items_labeled`, `labels_bought`, `cost_dollars`
/// and `days`.
public struct MetricCatalog: Sendable, Equatable {
    /// Metric names in output order.
    public let names: [String]

    /// The catalogue for `task`.
    public init(task: TaskSpec) {
        names =
            ["label_accuracy"] + task.domains.map { "label_accuracy.\($0.name)" }
            + ["items_labeled", "labels_bought", "cost_dollars", "days"]
    }
}
