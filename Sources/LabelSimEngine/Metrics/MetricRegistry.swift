import LabelSimCore

// The one file that names metrics: every name in `summary.csv` is spelled here and nowhere else
// under Sources/ (a test scans for it). To add a metric: define it below, add it to
// `MetricRegistry.labelMetrics` or `modelMetrics` (its place there is its column in the output
// files), and set it by name where its stage computes it (`record[.yourMetric] = value`).

extension Metric.Bounds {
    /// The bounds a unit implies: a `share` or `0 or 1` lies in [0, 1]; counts, dollars, days
    /// and nats are non-negative; anything else is unbounded. (Units are spelled here, beside the
    /// definitions that use them; some, such as `days`, are also metric names.)
    static func implied(byUnit unit: String) -> Metric.Bounds {
        if unit == "share" || unit == "0 or 1" { return .unitInterval }
        let counts = ["items", "labels", "dollars", "days", "workers", "pairs", "comparisons", "nats"]
        return counts.contains { unit.hasPrefix($0) } ? .nonNegative : .unbounded
    }
}

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
    static let costPerItem = Metric(
        name: "cost_per_item", direction: .lower, unit: "dollars per item", stage: .labels,
        meaning: "cost_dollars ÷ items_labeled")

    /// Cost per correctly labelled item.
    static let costPerCorrectLabel = Metric(
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
    static let itemsReviewed = Metric(
        name: "items_reviewed", direction: .none, unit: "items", stage: .labels,
        meaning: "items whose final label came from the reviewing vendor")

    /// Whether the deadline stopped labelling.
    static let deadlineHit = Metric(
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
    static let modelMacroF1 = Metric(
        name: "model_macro_f1", direction: .higher, unit: "share", stage: .model,
        meaning: "macro-averaged F1 on the clean test set")

    /// Log-loss of that learner.
    static let modelLogLoss = Metric(
        name: "model_log_loss", direction: .lower, unit: "nats", stage: .model,
        meaning: "mean negative log-probability of the true test class")

    /// Test accuracy of the same learner trained on the true classes of the same items.
    public static let oracleAccuracy = Metric(
        name: "oracle_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "accuracy of the same learner trained on the true classes of the same items")

    /// What label noise cost the model.
    public static let noiseCost = Metric(
        name: "noise_cost", direction: .lower, unit: "share", stage: .model, bounds: .unbounded,
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
        name: "measurement_error", direction: .none, unit: "share", stage: .model, bounds: .unbounded,
        meaning: "measured_accuracy − evaluation_true_accuracy")

    /// Accuracy of the evaluation set's labels themselves (the same for every vendor).
    public static let evaluationLabelAccuracy = Metric(
        name: "evaluation_label_accuracy", direction: .none, unit: "share", stage: .model,
        meaning: "share of the evaluation set's bought labels that are the true class")
}

extension Metric {
    // MARK: - Preference (task.kind: preference, filled by `PreferencePipeline`)

    /// Share of bought pairs whose aggregated label is the true preference.
    static let comparisonAccuracy = Metric(
        name: "comparison_accuracy", direction: .higher, unit: "share", stage: .labels,
        meaning: "share of labelled pairs whose aggregated label is the true preference")

    /// ``comparisonAccuracy`` within one task domain: `comparison_accuracy.<domain>`.
    static func comparisonAccuracy(domain: String) -> Metric {
        comparisonAccuracy.named("comparison_accuracy.\(domain)", meaning: "comparison_accuracy within the \(domain) domain")
    }

    /// Pairwise rater agreement on pairs with two or more comparisons.
    static let raterAgreement = Metric(
        name: "rater_agreement", direction: .none, unit: "share", stage: .labels,
        meaning: "share of agreeing rater pairs on pairs with two or more comparisons (NaN at redundancy 1)")

    /// Share of comparisons preferring the response with more style.
    static let longerPreferred = Metric(
        name: "longer_preferred", direction: .none, unit: "share", stage: .labels,
        meaning: "share of comparisons (ties left out) preferring the response with more style (the longer one)")

    /// Pairs bought and labelled.
    static let pairsLabeled = Metric(
        name: "pairs_labeled", direction: .higher, unit: "pairs", stage: .labels, fixedBy: .itemBudget,
        meaning: "pairs bought (each with quality.redundancy comparisons)")

    /// Comparisons paid for.
    static let comparisonsBought = Metric(
        name: "comparisons_bought", direction: .none, unit: "comparisons", stage: .labels, meaning: "comparisons paid for")

    /// Cost per comparison.
    static let costPerComparison = Metric(
        name: "cost_per_comparison", direction: .lower, unit: "dollars per comparison", stage: .labels,
        meaning: "cost_dollars ÷ comparisons_bought")

    /// Held-out accuracy of the reward model against the true preference.
    static let rmAccuracy = Metric(
        name: "rm_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "held-out accuracy of the Bradley–Terry reward model against the true preference")

    /// ``rmAccuracy`` at one strength level (`rm_accuracy.significantly_better` …).
    static func rmAccuracy(level: String) -> Metric {
        rmAccuracy.named("rm_accuracy.\(level)", meaning: "rm_accuracy on held-out pairs of strength \(level) (a quartile of |Δr|)")
    }

    /// ``rmAccuracy`` on held-out pairs a vendor rater stated to be of one strength
    /// (`rm_accuracy_stated.significantly_better` …), as Llama 2 reports it.
    static func rmAccuracy(stated level: String) -> Metric {
        Metric(
            name: "rm_accuracy_stated.\(level)", direction: .higher, unit: "share", stage: .model,
            meaning: "rm_accuracy on held-out pairs one of the vendor's raters stated to be \(level) (ties as negligibly_better)")
    }

    /// The strength levels, strongest first (Llama 2's scale): quartiles of |Δr|.
    static let strengthLevels = ["significantly_better", "better", "slightly_better", "negligibly_better"]

    /// The learned reward's style weight, in true-reward units.
    static let rmStyleWeight = Metric(
        name: "rm_style_weight", direction: .none, unit: "reward per style sd", stage: .model,
        meaning: "style weight of the learned reward in true-reward units (the truth is task.reward.style_weight)")

    /// Best-of-n gain of the reward model: `best_of_n_gain@n`.
    static func bestOfNGain(_ n: Int) -> Metric {
        Metric(
            name: "best_of_n_gain@\(n)", direction: .higher, unit: "share of the oracle gain", stage: .model,
            meaning: "(true reward of the reward model's pick among \(n) − mean) ÷ (best true reward − mean)")
    }

    /// The reward model trained on the true preferences of the same pairs.
    static let oracleRMAccuracy = Metric(
        name: "oracle_rm_accuracy", direction: .higher, unit: "share", stage: .model,
        meaning: "rm_accuracy of the reward model trained on the true preferences of the same pairs")

    /// The best held-out accuracy the features allow.
    static let rmCeiling = Metric(
        name: "rm_ceiling", direction: .none, unit: "share", stage: .model,
        meaning: "the best held-out accuracy the features allow (Bradley–Terry ceiling, by quadrature)")
}

/// The metrics of a scenario, and the decisions that depend on which metrics exist.
enum MetricRegistry {
    /// The metrics of a preference scenario, in output order.
    static func preferenceMetrics(task: TaskSpec, bestOfN: [Int]) -> [Metric] {
        [.comparisonAccuracy] + task.domains.map { Metric.comparisonAccuracy(domain: $0.name) }
            + [.raterAgreement, .longerPreferred, .pairsLabeled, .comparisonsBought, .costDollars, .costPerComparison, .days, .workerDays]
            + [.rmAccuracy] + Metric.strengthLevels.map { Metric.rmAccuracy(level: $0) }
            + Metric.strengthLevels.map { Metric.rmAccuracy(stated: $0) } + [.rmStyleWeight]
            + bestOfN.map { Metric.bestOfNGain($0) } + [.oracleRMAccuracy, .rmCeiling]
    }

    /// A preference run's quality metric: best-of-n gain at the largest n recorded.
    private static func preferenceQuality(of catalog: MetricCatalog) -> Metric? {
        let prefix = "best_of_n_gain@"
        let sizes = catalog.metrics.compactMap { $0.name.hasPrefix(prefix) ? Int($0.name.dropFirst(prefix.count)) : nil }
        return sizes.max().map { Metric.bestOfNGain($0) }
    }

    /// The labelling metrics of `task`, in output order.
    static func labelMetrics(task: TaskSpec) -> [Metric] {
        [.labelAccuracy] + task.domains.map { Metric.labelAccuracy(domain: $0.name) } + processMetrics
    }

    /// The labelling metrics after the accuracies.
    private static let processMetrics: [Metric] = [
        .itemsLabeled, .itemsCorrect, .labelsBought, .costDollars, .costPerItem, .costPerCorrectLabel, .days, .workerDays,
        .goldLabels, .workersBanned, .itemsReviewed, .deadlineHit,
    ]

    /// The model metrics of `model`, in output order.
    static func modelMetrics(model: ModelSpec) -> [Metric] {
        [.modelAccuracy, .modelMacroF1, .modelLogLoss, .oracleAccuracy, .noiseCost, .bayesAccuracy]
            + model.learningCurve.map { Metric.modelAccuracy(trainedOn: $0) }
    }

    /// The metrics of a bought evaluation set (`evaluation`), after the model metrics.
    static let evaluationMetrics: [Metric] = [
        .measuredAccuracy, .evaluationTrueAccuracy, .measurementError, .evaluationLabelAccuracy,
    ]

    /// The definition of the metric called `name`, including family members
    /// (`label_accuracy.medical`, `model_accuracy@500`); nil for a name labelsim does not write.
    static func metric(named name: String) -> Metric? {
        if let fixed = byName[name] { return fixed }
        if let dot = name.firstIndex(of: "."), name[..<dot] == Metric.labelAccuracy.name {
            return .labelAccuracy(domain: String(name[name.index(after: dot)...]))
        }
        if let at = name.firstIndex(of: "@"), name[..<at] == Metric.modelAccuracy.name, let items = Int(name[name.index(after: at)...]) {
            return .modelAccuracy(trainedOn: items)
        }
        if let dot = name.firstIndex(of: ".") {
            let (family, member) = (name[..<dot], String(name[name.index(after: dot)...]))
            if family == Metric.comparisonAccuracy.name { return .comparisonAccuracy(domain: member) }
            if family == Metric.rmAccuracy.name { return .rmAccuracy(level: member) }
            if family == "rm_accuracy_stated" { return .rmAccuracy(stated: member) }
        }
        if let at = name.firstIndex(of: "@"), name[..<at] == "best_of_n_gain", let n = Int(name[name.index(after: at)...]) {
            return .bestOfNGain(n)
        }
        return nil
    }

    private static let byName: [String: Metric] = Dictionary(
        uniqueKeysWithValues: ([Metric.labelAccuracy] + processMetrics + modelMetrics(model: ModelSpec()) + evaluationMetrics
            + preferenceFixed).map {
                ($0.name, $0)
            })

    private static let preferenceFixed: [Metric] = [
        .comparisonAccuracy, .raterAgreement, .longerPreferred, .pairsLabeled, .comparisonsBought, .costPerComparison, .rmAccuracy,
        .rmStyleWeight, .oracleRMAccuracy, .rmCeiling,
    ]

    /// The quality metric of a run (used by compare, break-even, the sweep frontier and the run
    /// report): `model_accuracy` when models are trained, else `label_accuracy`; a preference
    /// run's is `best_of_n_gain@n` at its largest n.
    static func qualityMetric(of catalog: MetricCatalog) -> Metric {
        if let preference = preferenceQuality(of: catalog) { return preference }
        return catalog.contains(.modelAccuracy) ? .modelAccuracy : .labelAccuracy
    }

    /// The metric a break-even price equalises. At a fixed budget, `model_accuracy` when models
    /// are trained, else `items_correct` (the correctly labelled items the budget buys: label
    /// accuracy alone does not move with price); at a fixed item count, `cost_per_correct_label`
    /// (neither the items nor the model move with price there). A preference run equalises its
    /// quality metric.
    static func breakEvenMetric(of catalog: MetricCatalog, budget: Budget) -> Metric {
        if let preference = preferenceQuality(of: catalog) { return preference }
        switch budget {
        case .items: return .costPerCorrectLabel
        case .dollars: return catalog.contains(.modelAccuracy) ? .modelAccuracy : .itemsCorrect
        }
    }

    /// The metrics the sweep report tabulates, in order (charts for all but cost).
    static let sweepReportMetrics: [Metric] = [.modelAccuracy, .labelAccuracy, .itemsCorrect, .costDollars]

    /// The metrics the comparison table shows for every pair.
    static func comparisonTableMetrics(of catalog: MetricCatalog) -> [Metric] {
        catalog.metrics.filter {
            $0 == .labelAccuracy || $0.name.hasPrefix(Metric.modelAccuracy.name) || $0 == .itemsCorrect || $0 == .costPerCorrectLabel
                || $0 == .comparisonAccuracy || $0 == .rmAccuracy || $0.name.hasPrefix("best_of_n_gain@")
        }
    }

    /// The label accuracies of the run report's bar chart (overall, then per domain) and each one's category label.
    static func accuracyByDomain(of catalog: MetricCatalog) -> [(metric: Metric, category: String)] {
        let prefix = Metric.labelAccuracy.name + "."
        return catalog.metrics.compactMap { metric in
            if metric == .labelAccuracy { return (metric, "all items") }
            return metric.name.hasPrefix(prefix) ? (metric, String(metric.name.dropFirst(prefix.count))) : nil
        }
    }
}
