import Foundation

/// A vendor's workers.
public struct WorkforceSpec: Sendable, Equatable {
    /// Number of workers.
    public var workers: Int
    /// Worker types with their shares (summing to 1).
    public var types: [WorkerTypeSpec]
    /// Per-domain multiplier on accuracy above chance; domains not listed get 1.
    public var domainSkill: [String: Double]
    /// Where a worker's mistakes go.
    public var confusion: ConfusionSpec
    /// How assignments spread over workers.
    public var workload: WorkloadSpec
    /// Seconds one label takes, drawn per worker; `nil` means the vendor's `pricing.seconds_per_label`.
    public var secondsPerLabel: SpeedSpec?
    /// Working hours per worker per day (for deadlines).
    public var hoursPerDay: Double

    /// Creates a workforce; the later parameters default to the spine's behaviour.
    public init(
        workers: Int, types: [WorkerTypeSpec], domainSkill: [String: Double], confusion: ConfusionSpec = .uniform,
        workload: WorkloadSpec = .uniform, secondsPerLabel: SpeedSpec? = nil, hoursPerDay: Double = 8
    ) {
        self.workers = workers
        self.types = types
        self.domainSkill = domainSkill
        self.confusion = confusion
        self.workload = workload
        self.secondsPerLabel = secondsPerLabel
        self.hoursPerDay = hoursPerDay
    }
}

/// A kind of worker and the share of the workforce it makes up.
public struct WorkerTypeSpec: Sendable, Equatable {
    /// Share of workers, in [0, 1].
    public var share: Double
    /// Behaviour.
    public var kind: WorkerKind
    /// Accuracy on an easy item of a skill-1 domain (for adversaries: how often they answer wrong).
    public var accuracy: ValueSpec
    /// Explicit accuracy per domain, drawn per worker; replaces `accuracy` × `domain_skill` there.
    public var domainAccuracy: [String: ValueSpec]
    /// For spammers: random answers, or one class always.
    public var answers: SpamStrategy
    /// Accuracy per perceived class (K entries, `accuracy: {by_class: […]}`), drawn per worker;
    /// empty for one accuracy whatever the class.
    public var classAccuracy: [ValueSpec] = []
    /// For random spammers: the probability of each class (`answers: {weights: […]}`); empty for uniform.
    public var answerWeights: [Double] = []
    /// Probability of perceiving the true class of a misleading item, per domain name.
    public var seesThrough: [String: Double] = [:]
    /// The same for domains not in ``seesThrough`` (0 unless `sees_through` is one number).
    public var seesThroughElsewhere: Double = 0
    /// Per-worker distributions of the probability of seeing through, per domain name
    /// (`sees_through: {beta: [a, b]}` or `{values: […], weights: […]}`, or domain → either): each
    /// worker of the type draws their own value once, so workers differ in which items fool them.
    /// ``seesThrough`` then holds the distribution's mean. Empty: every worker has the type's number.
    public var seesThroughSpread: [String: ValueSpec] = [:]
    /// The same for domains not in ``seesThroughSpread`` (nil: those domains use the type's number).
    public var seesThroughSpreadElsewhere: ValueSpec?
    /// Multiplier on the workload weight of this type's workers (heavy workers of a given type).
    public var workloadWeight: Double = 1

    /// Creates a worker type.
    public init(
        share: Double, kind: WorkerKind, accuracy: ValueSpec, domainAccuracy: [String: ValueSpec] = [:],
        answers: SpamStrategy = .random
    ) {
        self.share = share
        self.kind = kind
        self.accuracy = accuracy
        self.domainAccuracy = domainAccuracy
        self.answers = answers
    }

    /// Probability that a worker of this type sees through a misleading item of `domain`.
    public func seesThrough(domain: String) -> Double { seesThrough[domain] ?? seesThroughElsewhere }

    /// The per-worker distribution of seeing through in `domain`, nil when every worker of the type has one number.
    public func seesThroughSpread(domain: String) -> ValueSpec? {
        seesThroughSpread[domain] ?? (seesThrough[domain] == nil ? seesThroughSpreadElsewhere : nil)
    }

    /// Whether some worker of this type may see through a misleading item.
    public var maySeeThrough: Bool {
        seesThroughElsewhere > 0 || seesThrough.values.contains { $0 > 0 } || !seesThroughSpread.isEmpty
            || seesThroughSpreadElsewhere != nil
    }
}

/// How a worker answers.
public enum WorkerKind: String, Sendable, Equatable, CaseIterable {
    /// Follows the response model with their accuracy.
    case diligent
    /// Follows the response model; a separate type so that its share and accuracy can be set apart.
    case sloppy
    /// Answers uniformly at random, or always with one class.
    case spammer
    /// Picks a wrong class with probability equal to their accuracy parameter.
    case adversarial
}

/// How a spammer answers.
public enum SpamStrategy: String, Sendable, Equatable, CaseIterable {
    /// Uniformly at random.
    case random
    /// Always the same class, drawn once per spammer.
    case constant
}

/// Where a worker's wrong labels go.
public enum ConfusionSpec: Sendable, Equatable {
    /// Uniformly over the other classes.
    case uniform
    /// Per worker and true class, a row over the other classes drawn from a symmetric Dirichlet(alpha).
    case dirichlet(Double)
    /// Neighbouring classes likely: a wrong class j for true class i has weight 4^−(|i − j| − 1).
    case ordinal
}

/// How assignments spread over workers (each worker's share of the work is proportional to a weight).
public enum WorkloadSpec: Sendable, Equatable {
    /// Every worker equally likely.
    case uniform
    /// Worker of rank k (1-based) has weight k^−s.
    case zipf(Double)
    /// Each worker's weight is drawn lognormal(mu, sigma).
    case lognormal(Double, Double)
}

/// Seconds per label, fixed or drawn per worker.
public enum SpeedSpec: Sendable, Equatable {
    /// Every worker takes this many seconds.
    case fixed(Double)
    /// Each worker's seconds are drawn lognormal(mu, sigma) (log-seconds mean mu, sd sigma).
    case lognormal(Double, Double)

    /// Expected seconds per label.
    public var mean: Double {
        switch self {
        case .fixed(let seconds): seconds
        case .lognormal(let mu, let sigma): (mu + sigma * sigma / 2).exp
        }
    }
}

extension Double {
    fileprivate var exp: Double { Foundation.exp(self) }
}
