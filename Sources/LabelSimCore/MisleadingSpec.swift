/// Shared misconceptions: which items mislead, which class they are mistaken for, and how strongly
/// wrong labels concentrate on that class.
///
/// Every item of true class y has a confusable class z ≠ y drawn from row y of ``confusable``;
/// with probability ``share(domain:trueClass:)`` it is *misleading*: a worker who does not see
/// through it answers as on an ordinary item of class z. A wrong label goes to the other member of
/// the pair {y, z} with probability ρ + (1 − ρ)/(K − 1) (ρ = ``concentration``), otherwise by the
/// worker's confusion row. π = 0 and ρ = 0 (``none``) is the independent-error model.
///
/// An *ambiguous* item sits between y and z: each label on it is given as on an ordinary item of
/// class z with probability t (its ambiguity level, 0 < t < 1) and of class y otherwise, label by
/// label, so workers split on it instead of sharing one error (a misleading item is the limit
/// t = 1). An item of class y has level ``ambiguityLevels``[j] with probability
/// ``ambiguousShares``[y][j], exclusive of being misleading.
public struct MisleadingSpec: Sendable, Equatable {
    /// π per domain (in task order) and true class: `shares[domain][class]`.
    public var shares: [[Double]]
    /// K × K rows: row y is the distribution of the confusable class of a class-y item (zero diagonal).
    public var confusable: [[Double]]
    /// ρ in [0, 1].
    public var concentration: Double
    /// Ambiguity levels t in (0, 1) (empty: no ambiguous items).
    public var ambiguityLevels: [Double] = []
    /// Per true class, the probability of each level of ``ambiguityLevels`` (K rows; empty with it).
    public var ambiguousShares: [[Double]] = []

    /// Creates a specification; `shares` is domains × classes, `confusable` K × K.
    public init(shares: [[Double]], confusable: [[Double]], concentration: Double) {
        self.shares = shares
        self.confusable = confusable
        self.concentration = concentration
    }

    /// No misleading items and independent, unconcentrated errors, for `classes` and `domains`.
    public static func none(classes: Int, domains: Int) -> MisleadingSpec {
        MisleadingSpec(
            shares: [[Double]](repeating: [Double](repeating: 0, count: classes), count: domains),
            confusable: ConfusableClasses.uniform(classes: classes), concentration: 0)
    }

    /// Whether items need a confusable class at all (some π or ρ above zero).
    public var isActive: Bool { concentration > 0 || shares.contains { $0.contains { $0 > 0 } } || hasAmbiguity }

    /// Whether some class has ambiguous items.
    public var hasAmbiguity: Bool { ambiguousShares.contains { $0.contains { $0 > 0 } } }

    /// π for an item of `trueClass` in `domain`.
    public func share(domain: Int, trueClass: Int) -> Double { shares[domain][trueClass] }
}

/// Named forms of the confusable-class matrix M.
enum ConfusableClasses {
    /// Every other class equally likely.
    static func uniform(classes: Int) -> [[Double]] {
        (0..<classes).map { y in
            (0..<classes).map { z in z == y ? 0 : 1 / Double(max(1, classes - 1)) }
        }
    }

    /// Neighbouring classes likely: weight 4^−(|y − z| − 1), normalised per row (as `confusion: ordinal`).
    static func ordinal(classes: Int) -> [[Double]] {
        (0..<classes).map { y in
            let weights = (0..<classes).map { z -> Double in
                z == y ? 0 : 1 / pow4(abs(z - y) - 1)
            }
            let total = weights.reduce(0, +)
            return weights.map { total > 0 ? $0 / total : 0 }
        }
    }

    private static func pow4(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, exponent) { value *= 4 }
        return value
    }
}
