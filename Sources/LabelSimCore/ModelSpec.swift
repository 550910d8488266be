/// The class-conditional Gaussian feature model of the items (`data.features`).
public struct FeatureSpec: Sendable, Equatable {
    /// Feature dimensions D.
    public var dimensions: Int
    /// Distance between any two class means, in units of the noise sd.
    public var separation: Double
    /// Dimensions that carry the class signal (the rest are noise); nil means all.
    public var informative: Int?

    /// Creates a feature specification.
    public init(dimensions: Int, separation: Double, informative: Int? = nil) {
        self.dimensions = dimensions
        self.separation = separation
        self.informative = informative
    }
}

/// The downstream learner (`model`).
public struct ModelSpec: Sendable, Equatable {
    /// Targets the learner is trained on.
    public enum Targets: String, Sendable, Equatable, CaseIterable {
        /// The aggregated hard label.
        case hard
        /// The aggregator's posterior.
        case soft
    }

    /// L2 strength λ of the objective mean cross-entropy + (λ/2)‖W‖².
    public var l2: Double
    /// Hard or soft targets.
    public var targets: Targets
    /// Training-set sizes at which to evaluate as well (learning curve).
    public var learningCurve: [Int]

    /// Creates a model specification.
    public init(l2: Double = 0.001, targets: Targets = .hard, learningCurve: [Int] = []) {
        self.l2 = l2
        self.targets = targets
        self.learningCurve = learningCurve
    }
}
