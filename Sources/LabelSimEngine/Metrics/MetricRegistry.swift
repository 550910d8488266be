import LabelSimCore

// The one file that names metrics: every name in `summary.csv` is spelled here and nowhere else
// under Sources/ (a test scans for it). To add a metric: define it below, add it to
// `MetricRegistry.labelMetrics` or `modelMetrics` (its place there is its column in the output
// files), and set it by name where its stage computes it (`record[.yourMetric] = value`).

extension Metric {
    // MARK: - Labels (filled by the labelling and aggregation stages, `Replication`)

    /// Share of labelled items whose final label (aggregated, or the reviewer's) is the true class.
    public static let labelAccuracy = Metric(
        name: "label_accuracy", direction: .higher, unit: "share", stage: .labels,
        meaning: "share of labelled items whose final label (aggregated, or the reviewer's) is the true class")

    /// ``labelAccuracy`` within one task domain: `label_accuracy.<domain>`.
    public static func labelAccuracy(domain: String) -> Metric {
        labelAccuracy.named("label_accuracy.\(domain)", meaning: "label_accuracy within the \(domain) domain")
    }

    /// Items finished.
    public static let itemsLabeled = Metric(
        name: "items_labeled", direction: .higher, unit: "items", stage: .labels, fixedBy: .itemBudget,
        meaning: "items with a final label")

    /// Labelled items whose final label is right.
    public static let itemsCorrect = Metric(
        name: "items_correct", direction: .higher, unit: "items", stage: .labels,
        meaning: "labelled items whose final label is the true class")

    /// Labels paid for.
    public static let labelsBought = Metric(
        name: "labels_bought", direction: .none, unit: "labels", stage: .labels,
        meaning: "labels paid: kept, thrown away after a ban, and gold answers (review labels are not counted)")

    /// What the vendor cost.
    public static let costDollars = Metric(
        name: "cost_dollars", direction: .lower, unit: "dollars", stage: .labels, fixedBy: .dollarBudget,
        meaning: "labour × (1 + overhead) plus review")

    /// Cost per labelled item.
    public static let costPerItem = Metric(
        name: "cost_per_item", direction: .lower, unit: "dollars per item", stage: .labels,
        meaning: "cost_dollars ÷ items_labeled")

    /// Cost per correctly labelled item.
    public static let costPerCorrectLabel = Metric(
        name: "cost_per_correct_label", direction: .lower, unit: "dollars per item", stage: .labels,
        meaning: "cost_dollars ÷ items_correct")

    /// Calendar days at the vendor's throughput.
    public static let days = Metric(
        name: "days", direction: .lower, unit: "days", stage: .labels,
        meaning: "labels_bought ÷ the vendor's labels per hour ÷ 24")

    /// Calendar days until the busiest worker finishes.
    public static let workerDays = Metric(
        name: "worker_days", direction: .lower, unit: "days", stage: .labels,
        meaning: "the busiest worker's seconds of work ÷ (3600 × hours_per_day): when the last worker finishes, working in parallel")

    /// Gold answers bought.
    public static let goldLabels = Metric(
        name: "gold_labels", direction: .none, unit: "labels", stage: .labels,
        meaning: "labels given on gold (known-answer) questions")

    /// Workers banned by gold checks.
    public static let workersBanned = Metric(
        name: "workers_banned", direction: .none, unit: "workers", stage: .labels,
        meaning: "workers banned for failing gold questions")

    /// Items sent to review.
    public static let itemsReviewed = Metric(
        name: "items_reviewed", direction: .none, unit: "items", stage: .labels,
        meaning: "items whose final label came from the reviewing vendor")

    /// Whether the deadline stopped labelling.
    public static let deadlineHit = Metric(
        name: "deadline_hit", direction: .lower, unit: "0 or 1", stage: .labels,
        meaning: "1 when the deadline stopped labelling, else 0")

    // MARK: - Model (filled by `ModelStage`)

    /// Test accuracy of the learner trained on the vendor's labels.
    public static let modelAccuracy = Metric(
        name: "model_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "accuracy on the clean test set of the learner trained on the vendor's labels")

    /// ``modelAccuracy`` of the learner trained on the vendor's first `items` labelled items: `model_accuracy@N`.
    public static func modelAccuracy(trainedOn items: Int) -> Metric {
        modelAccuracy.named(
            "model_accuracy@\(items)",
            meaning: "model_accuracy of the learner trained on the vendor's first \(items) labelled items (missing when fewer)")
    }

    /// Macro-averaged F1 of that learner.
    public static let modelMacroF1 = Metric(
        name: "model_macro_f1", direction: .higher, unit: "share", stage: .model,
        meaning: "macro-averaged F1 on the clean test set")

    /// Log-loss of that learner.
    public static let modelLogLoss = Metric(
        name: "model_log_loss", direction: .lower, unit: "nats", stage: .model,
        meaning: "mean negative log-probability of the true test class")

    /// Test accuracy of the same learner trained on the true classes of the same items.
    public static let oracleAccuracy = Metric(
        name: "oracle_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "accuracy of the same learner trained on the true classes of the same items")

    /// What label noise cost the model.
    public static let noiseCost = Metric(
        name: "noise_cost", direction: .lower, unit: "share", stage: .model,
        meaning: "oracle_accuracy − model_accuracy")

    /// Bayes accuracy of the feature model: a property of the world, the same for every vendor.
    public static let bayesAccuracy = Metric(
        name: "bayes_accuracy", direction: .none, unit: "share", stage: .model,
        meaning: "Bayes accuracy of the feature model under the task prior")

    // MARK: - Evaluation set (filled by `ModelStage` from an `EvaluationSet`)

    /// Accuracy of the vendor's model against the bought evaluation set's labels: what the lab measures.
    public static let measuredAccuracy = Metric(
        name: "measured_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "accuracy of the model against the labels of the evaluation set bought from `evaluation.vendor`")

    /// Accuracy of the same model on the same evaluation items against their true classes.
    public static let evaluationTrueAccuracy = Metric(
        name: "evaluation_true_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "accuracy of the model on the evaluation set's items against their true classes")

    /// What the bought labels misstate.
    public static let measurementError = Metric(
        name: "measurement_error", direction: .none, unit: "share", stage: .model,
        meaning: "measured_accuracy − evaluation_true_accuracy")

    /// Accuracy of the evaluation set's labels themselves (the same for every vendor).
    public static let evaluationLabelAccuracy = Metric(
        name: "evaluation_label_accuracy", direction: .none, unit: "share", stage: .model,
        meaning: "share of the evaluation set's bought labels that are the true class")
}

/// The metrics of a scenario, and the decisions that depend on which metrics exist.
public enum MetricRegistry {
    /// The labelling metrics of `task`, in output order.
    public static func labelMetrics(task: TaskSpec) -> [Metric] {
        [.labelAccuracy] + task.domains.map { Metric.labelAccuracy(domain: $0.name) } + processMetrics
    }

    /// The labelling metrics after the accuracies.
    private static let processMetrics: [Metric] = [
        .itemsLabeled, .itemsCorrect, .labelsBought, .costDollars, .costPerItem, .costPerCorrectLabel, .days, .workerDays,
        .goldLabels, .workersBanned, .itemsReviewed, .deadlineHit,
    ]

    /// The model metrics of `model`, in output order.
    public static func modelMetrics(model: ModelSpec) -> [Metric] {
        [.modelAccuracy, .modelMacroF1, .modelLogLoss, .oracleAccuracy, .noiseCost, .bayesAccuracy]
            + model.learningCurve.map { Metric.modelAccuracy(trainedOn: $0) }
    }

    /// The metrics of a bought evaluation set (`evaluation`), after the model metrics.
    public static let evaluationMetrics: [Metric] = [
        .measuredAccuracy, .evaluationTrueAccuracy, .measurementError, .evaluationLabelAccuracy,
    ]

    /// The definition of the metric called `name`, including family members
    /// (`label_accuracy.medical`, `model_accuracy@500`); nil for a name labelsim does not write.
    public static func metric(named name: String) -> Metric? {
        if let fixed = byName[name] { return fixed }
        if let dot = name.firstIndex(of: "."), name[..<dot] == Metric.labelAccuracy.name {
            return .labelAccuracy(domain: String(name[name.index(after: dot)...]))
        }
        if let at = name.firstIndex(of: "@"), name[..<at] == Metric.modelAccuracy.name, let items = Int(name[name.index(after: at)...]) {
            return .modelAccuracy(trainedOn: items)
        }
        return nil
    }

    private static let byName: [String: Metric] = Dictionary(
        uniqueKeysWithValues: ([Metric.labelAccuracy] + processMetrics + modelMetrics(model: ModelSpec()) + evaluationMetrics).map {
            ($0.name, $0)
        })

    /// The quality metric of a run (used by compare, break-even, the sweep frontier and the run
    /// report): `model_accuracy` when models are trained, else `label_accuracy`.
    public static func qualityMetric(of catalog: MetricCatalog) -> Metric {
        catalog.contains(.modelAccuracy) ? .modelAccuracy : .labelAccuracy
    }

    /// The metric a break-even price equalises. At a fixed budget, `model_accuracy` when models
    /// are trained, else `items_correct` (the correctly labelled items the budget buys: label
    /// accuracy alone does not move with price); at a fixed item count, `cost_per_correct_label`
    /// (neither the items nor the model move with price there).
    public static func breakEvenMetric(of catalog: MetricCatalog, budget: Budget) -> Metric {
        switch budget {
        case .items: .costPerCorrectLabel
        case .dollars: catalog.contains(.modelAccuracy) ? .modelAccuracy : .itemsCorrect
        }
    }

    /// The metrics the sweep report tabulates, in order (charts for all but cost).
    public static let sweepReportMetrics: [Metric] = [.modelAccuracy, .labelAccuracy, .itemsCorrect, .costDollars]

    /// The metrics the comparison table shows for every pair.
    public static func comparisonTableMetrics(of catalog: MetricCatalog) -> [Metric] {
        catalog.metrics.filter {
            $0 == .labelAccuracy || $0.name.hasPrefix(Metric.modelAccuracy.name) || $0 == .itemsCorrect || $0 == .costPerCorrectLabel
        }
    }

    /// The label accuracies of the run report's bar chart (overall, then per domain) and each one's category label.
    public static func accuracyByDomain(of catalog: MetricCatalog) -> [(metric: Metric, category: String)] {
        let prefix = Metric.labelAccuracy.name + "."
        return catalog.metrics.compactMap { metric in
            if metric == .labelAccuracy { return (metric, "all items") }
            return metric.name.hasPrefix(prefix) ? (metric, String(metric.name.dropFirst(prefix.count))) : nil
        }
    }
}
