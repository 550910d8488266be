import LabelSimCore

/// One quantity a replication records for every vendor: its name in the output files, which way
/// is better, its unit, what it means, the stage that fills it and when the scenario's design fixes it.
///
/// Metrics are defined once, in ``MetricRegistry`` (the only file that spells their names); code
/// and tests refer to them as `Metric.labelAccuracy`, `Metric.costDollars`, …. Two metrics are
/// equal when their names are.
public struct Metric: Sendable, Hashable, CustomStringConvertible {
    /// Which way is better.
    public enum Direction: String, Sendable {
        /// Larger is better (accuracies, items).
        case higher
        /// Smaller is better (costs, days, losses).
        case lower
        /// Neither (counts that describe the process).
        case none
    }

    /// The pipeline stage that fills a metric.
    public enum Stage: String, Sendable {
        /// Labelling and aggregation: what the vendor delivered, what it cost, how long it took.
        case labels
        /// Training and evaluation of the learner on the delivered labels.
        case model
    }

    /// The scenario designs under which a metric is the same for every vendor by construction, so
    /// that no comparison should declare a winner on it.
    enum FixedBy: Sendable {
        /// Never fixed.
        case nothing
        /// Fixed by a dollar budget without a deadline (every vendor spends the budget).
        case dollarBudget
        /// Fixed by an item budget without a deadline (every vendor labels the items).
        case itemBudget
    }

    /// The values a metric can take: prediction intervals are clipped to them (by default those its
    /// unit implies, ``MetricRegistry``).
    public enum Bounds: Sendable {
        /// Any real value (differences such as `noise_cost`).
        case unbounded
        /// Zero or more (counts, dollars, days, losses).
        case nonNegative
        /// Between 0 and 1 (shares, indicators).
        case unitInterval

        /// The range, or nil when unbounded.
        public var range: ClosedRange<Double>? {
            switch self {
            case .unbounded: return nil
            case .nonNegative: return 0...Double.infinity
            case .unitInterval: return 0...1
            }
        }

    }

    /// The name in `summary.csv`, `replications.csv` and JSON (`label_accuracy`, `model_accuracy@500`).
    public let name: String
    /// Which way is better.
    public let direction: Direction
    /// The unit (`share`, `dollars`, `items`, …).
    public let unit: String
    /// What the metric means, in one line.
    public let meaning: String
    /// The stage that fills it.
    public let stage: Stage
    /// When the scenario's design fixes it.
    let fixedBy: FixedBy
    /// The values it can take (from the unit unless the definition says otherwise).
    public let bounds: Bounds

    /// Defines a metric (only ``MetricRegistry`` calls this).
    init(
        name: String, direction: Direction, unit: String, stage: Stage, fixedBy: FixedBy = .nothing, bounds: Bounds? = nil,
        meaning: String
    ) {
        self.name = name
        self.bounds = bounds ?? .implied(byUnit: unit)
        self.direction = direction
        self.unit = unit
        self.meaning = meaning
        self.stage = stage
        self.fixedBy = fixedBy
    }

    /// The same definition under a longer name (a family member such as `label_accuracy.medical`).
    func named(_ name: String, meaning: String) -> Metric {
        Metric(name: name, direction: direction, unit: unit, stage: stage, fixedBy: fixedBy, bounds: bounds, meaning: meaning)
    }

    /// Whether `scenario`'s design makes this metric the same for every vendor (a dollar budget
    /// fixes `cost_dollars`, an item budget `items_labeled`; a deadline can stop a vendor early,
    /// so it unfixes both).
    public func isFixedByDesign(in scenario: Scenario) -> Bool {
        guard scenario.deadlineDays == nil else { return false }
        switch (fixedBy, scenario.budget) {
        case (.dollarBudget, .dollars), (.itemBudget, .items): return true
        default: return false
        }
    }

    /// The name.
    public var description: String { name }

    /// Equal when the names are.
    public static func == (lhs: Metric, rhs: Metric) -> Bool { lhs.name == rhs.name }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
