/// A validated scenario: the task, the data, the budget and the vendors to simulate.
///
/// Built only by ``ScenarioParser``, which checks every value and fills every documented default,
/// so the engine can trust it.
public struct Scenario: Sendable, Equatable {
    /// Human name, used in output folder names and reports.
    public var name: String
    /// Master seed; every random stream derives from it and the replication index.
    public var seed: UInt64
    /// Monte Carlo replications.
    public var replications: Int
    /// What is labelled.
    public var task: TaskSpec
    /// How many items exist to be labelled, and how many clean test items.
    public var data: DataSpec
    /// What the lab spends.
    public var budget: Budget
    /// The vendors, in file order.
    public var vendors: [VendorSpec]
    /// Calendar days each vendor has (`budget.deadline_days`); `nil` means no deadline.
    public var deadlineDays: Double?
    /// The learner trained on each vendor's labels (used when `data.features` is given).
    public var model: ModelSpec = ModelSpec()
    /// A test set bought from a vendor, on which the lab measures each model (`evaluation`).
    public var evaluation: EvaluationSpec?
    /// The preference world and raters when `task.kind` is `preference`; nil for classification.
    public var preference: PreferenceSpec?

    /// The kind of task simulated.
    public var kind: TaskKind { preference == nil ? .classification : .preference }
    /// Mixes of vendors, reported beside the vendors as options of their own.
    public var strategies: [StrategySpec] = []
    /// A period-by-period project; when given, its plans are the options reported.
    public var timeline: TimelineSpec?

    /// The names of what a run reports, in column order: the timeline's plans when there is a
    /// timeline, otherwise the vendors then the strategies.
    public var optionNames: [String] {
        if let timeline { return timeline.plans.map(\.name) }
        return vendors.map(\.name) + strategies.map(\.name)
    }

    /// Whether option `index` (see ``optionNames``) is a single vendor with its own pricing.
    public func isVendor(option index: Int) -> Bool { timeline == nil && index < vendors.count }

    /// Creates a scenario (for tests and programmatic use; files go through ``ScenarioParser``).
    public init(
        name: String, seed: UInt64, replications: Int, task: TaskSpec, data: DataSpec, budget: Budget,
        vendors: [VendorSpec], deadlineDays: Double? = nil
    ) {
        self.name = name
        self.seed = seed
        self.replications = replications
        self.task = task
        self.data = data
        self.budget = budget
        self.vendors = vendors
        self.deadlineDays = deadlineDays
    }
}

/// The labelling task: classes, their prior, the domain mix and item difficulty.
public struct TaskSpec: Sendable, Equatable {
    /// Number of classes K (at least 2).
    public var classes: Int
    /// Class prior, K probabilities summing to 1.
    public var prior: [Double]
    /// Domains with their shares of items, in file order.
    public var domains: [DomainShare]
    /// Per-item difficulty d in [0, 1].
    public var difficulty: ValueSpec
    /// When set, difficulty comes from the features: d = w·(1 − Bayes margin)^scale + (1 − w)·d₀, with
    /// d₀ drawn from ``difficulty`` and w = ``featureWeight``.
    public var difficultyFromFeatures: Double?
    /// The weight w of the feature part of a `from_features` difficulty (1: features only).
    public var featureWeight: Double = 1
    /// Misleading items, their confusable classes and the concentration of errors.
    public var misleading: MisleadingSpec

    /// Creates a task.
    public init(classes: Int, prior: [Double], domains: [DomainShare], difficulty: ValueSpec) {
        self.classes = classes
        self.prior = prior
        self.domains = domains
        self.difficulty = difficulty
        self.misleading = .none(classes: classes, domains: domains.count)
    }
}

/// A domain name and the share of items in it.
public struct DomainShare: Sendable, Equatable {
    /// Domain name (`general`, `medical`, …).
    public var name: String
    /// Share of items, in [0, 1].
    public var share: Double

    /// Creates a domain share.
    public init(name: String, share: Double) {
        self.name = name
        self.share = share
    }
}

/// A number that is fixed, drawn from a Beta distribution, or drawn from a finite list of values.
public enum ValueSpec: Sendable, Equatable {
    /// Always this value.
    case fixed(Double)
    /// Drawn from Beta(a, b).
    case beta(Double, Double)
    /// One of `values`, with probabilities proportional to `weights` (an empirical distribution,
    /// as `labelsim calibrate` fits it).
    case discrete(values: [Double], weights: [Double])

    /// The expected value.
    public var mean: Double {
        switch self {
        case .fixed(let value): value
        case .beta(let a, let b): a / (a + b)
        case .discrete(let values, let weights):
            zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / max(weights.reduce(0, +), .leastNonzeroMagnitude)
        }
    }
}

/// The item pool and the clean test set.
public struct DataSpec: Sendable, Equatable {
    /// Items available to label (the budget may buy fewer).
    public var trainItems: Int
    /// Clean test items for model evaluation.
    public var testItems: Int
    /// The feature model; nil means no features and no model training.
    public var features: FeatureSpec?

    /// Creates a data specification.
    public init(trainItems: Int, testItems: Int, features: FeatureSpec? = nil) {
        self.trainItems = trainItems
        self.testItems = testItems
        self.features = features
    }
}

/// How much labelling to buy.
public enum Budget: Sendable, Equatable {
    /// Spend up to this many dollars per vendor.
    case dollars(Double)
    /// Label exactly this many items per vendor, whatever it costs.
    case items(Int)
}

/// One vendor: price, speed, workforce and quality process.
public struct VendorSpec: Sendable, Equatable {
    /// Unique name (`crowd`, `surge`, …).
    public var name: String
    /// What one label costs.
    public var pricing: Pricing
    /// Whole-vendor throughput in labels per hour.
    public var labelsPerHour: Double
    /// Seconds one label takes (the mean worker; per-worker speeds come from the workforce).
    public var secondsPerLabel: Double
    /// Who labels.
    public var workforce: WorkforceSpec
    /// Redundancy and aggregation.
    public var quality: QualitySpec
    /// Capacity, onboarding lead time and ramp-up (what `days` and deadlines use).
    public var calendar: VendorCalendar

    /// Dollars an average label costs: the per-label price, or the hourly wage × the workforce's
    /// mean seconds per label (which is `pricing.seconds_per_label` unless the workforce sets speeds).
    public var nominalDollarsPerLabel: Double {
        switch pricing {
        case .perLabel(let dollars): dollars
        case .perHour(let wage, _): wage * secondsPerLabel / 3600
        }
    }

    /// Creates a vendor.
    public init(
        name: String, pricing: Pricing, labelsPerHour: Double, workforce: WorkforceSpec, quality: QualitySpec,
        secondsPerLabel: Double = 30, calendar: VendorCalendar? = nil
    ) {
        self.calendar = calendar ?? VendorCalendar(labelsPerDay: labelsPerHour * 24)
        self.name = name
        self.pricing = pricing
        self.labelsPerHour = labelsPerHour
        self.secondsPerLabel = secondsPerLabel
        self.workforce = workforce
        self.quality = quality
    }
}

/// A vendor's price: per label, or per hour of labeller time.
public enum Pricing: Sendable, Equatable {
    /// A flat price per label in dollars.
    case perLabel(dollars: Double)
    /// An hourly wage and the seconds one label takes.
    case perHour(dollars: Double, secondsPerLabel: Double)

    /// Dollars per label.
    public var dollarsPerLabel: Double {
        switch self {
        case .perLabel(let dollars): dollars
        case .perHour(let dollars, let seconds): dollars * seconds / 3600
        }
    }
}

/// Aggregation methods, named as on the command line and in scenarios.
public enum AggregationMethod: String, Sendable, Equatable, CaseIterable {
    /// Majority vote, ties broken at random (seeded).
    case majority
    /// Majority vote weighted by each worker's agreement with the plain majority (crowd-kit's Wawa).
    case wawa
    /// Dawid & Skene (1979): a full confusion matrix per worker, fitted by EM.
    case dawidSkene = "dawid-skene"
    /// Dawid–Skene with one accuracy per worker and uniform errors ("one-coin").
    case oneCoin = "one-coin"
    /// GLAD (Whitehill et al. 2009): worker ability times item difficulty, fitted by EM.
    case glad
    /// MACE (Hovy et al. 2013): each worker is competent or spams, fitted by EM.
    case mace
}

/// An evaluation set the lab buys from one of the vendors (`evaluation: {vendor, items, redundancy}`):
/// every vendor's model is scored against that vendor's aggregated labels, as a lab would measure it.
public struct EvaluationSpec: Sendable, Equatable {
    /// Name of the vendor that labels the set.
    public var vendor: String
    /// Items in the set (drawn fresh from the world).
    public var items: Int
    /// Labels per item (aggregated by the vendor's method).
    public var redundancy: Int

    /// Creates an evaluation-set specification.
    public init(vendor: String, items: Int, redundancy: Int) {
        self.vendor = vendor
        self.items = items
        self.redundancy = redundancy
    }
}
