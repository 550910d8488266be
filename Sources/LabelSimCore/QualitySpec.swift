/// Quality control and aggregation.
public struct QualitySpec: Sendable, Equatable {
    /// Labels per item: fixed, or adaptive.
    public var redundancy: RedundancySpec
    /// How an item's labels become one.
    public var aggregation: AggregationMethod
    /// Share of each worker's stream that is gold questions (paid, no training label).
    public var goldFraction: Double
    /// Ban a worker whose gold accuracy falls below this (once they answered `goldMin` gold questions).
    public var banBelow: Double?
    /// Gold answers needed before a worker can be judged.
    public var goldMin: Int
    /// Expert review of low-agreement items by another vendor.
    public var review: ReviewSpec?
    /// Overhead as a fraction of labelling spend (platform fee, project management).
    public var overhead: Double

    /// Creates a quality specification; the later parameters default to no quality control.
    public init(
        redundancy: RedundancySpec, aggregation: AggregationMethod, goldFraction: Double = 0, banBelow: Double? = nil,
        goldMin: Int = 10, review: ReviewSpec? = nil, overhead: Double = 0
    ) {
        self.redundancy = redundancy
        self.aggregation = aggregation
        self.goldFraction = goldFraction
        self.banBelow = banBelow
        self.goldMin = goldMin
        self.review = review
        self.overhead = overhead
    }

    /// Creates a plain fixed-redundancy specification.
    public init(redundancy: Int, aggregation: AggregationMethod) {
        self.init(redundancy: .fixed(redundancy), aggregation: aggregation)
    }

    /// Whether any quality-control step beyond fixed redundancy is on.
    public var hasControls: Bool {
        if case .adaptive = redundancy { return true }
        return goldFraction > 0 || banBelow != nil || review != nil
    }
}

/// Labels per item.
public enum RedundancySpec: Sendable, Equatable {
    /// Exactly this many distinct workers.
    case fixed(Int)
    /// Ask `min` workers, then one more at a time until the leading label's share reaches
    /// `agreement` or `max` labels.
    case adaptive(min: Int, max: Int, agreement: Double)

    /// The labels an item starts with.
    public var minimum: Int {
        switch self {
        case .fixed(let count): count
        case .adaptive(let min, _, _): min
        }
    }

    /// The most labels an item can get.
    public var maximum: Int {
        switch self {
        case .fixed(let count): count
        case .adaptive(_, let max, _): max
        }
    }
}

/// Items whose agreement is below a threshold go to another vendor, whose label wins.
public struct ReviewSpec: Sendable, Equatable {
    /// Name of the reviewing vendor (another vendor of the scenario).
    public var vendor: String
    /// Review items whose leading label's share is below this.
    public var belowAgreement: Double

    /// Creates a review rule.
    public init(vendor: String, belowAgreement: Double) {
        self.vendor = vendor
        self.belowAgreement = belowAgreement
    }
}
