/// The class-conditional Gaussian feature model of the items (`data.features`).
public struct FeatureSpec: Sendable, Equatable {
    /// Feature dimensions D.
    public var dimensions: Int
    /// Distance between any two class means, in units of the noise sd.
    public var separation: Double
    /// Dimensions that carry the class signal (the rest are noise); nil means all.
    public var informative: Int?
    /// Gaussian components per class: 1 is the simplex model, more a checkerboard mixture whose
    /// classes no linear boundary separates (`mixture`).
    public var components: Int = 1

    /// Creates a feature specification.
    init(dimensions: Int, separation: Double, informative: Int? = nil) {
        self.dimensions = dimensions
        self.separation = separation
        self.informative = informative
    }
}

/// The downstream learner (`model`).
public struct ModelSpec: Sendable, Equatable {
    /// Which learner trains each vendor's model (`model.learner`).
    public enum Learner: String, Sendable, Equatable, CaseIterable {
        /// Multinomial logistic regression (linear; the default).
        case softmaxRegression = "softmax-regression"
        /// A multilayer perceptron trained by Adam with early stopping (`model.mlp`).
        case mlp
        /// No training: the lab's own learning curve mapped through the delivered labels' noise
        /// (`model.curve`).
        case learningCurve = "learning-curve"
    }

    /// Targets the learner is trained on.
    public enum Targets: String, Sendable, Equatable, CaseIterable {
        /// The aggregated hard label.
        case hard
        /// The aggregator's posterior.
        case soft
    }

    /// The learner.
    public var learner: Learner = .softmaxRegression
    /// L2 strength λ of the objective mean cross-entropy + (λ/2)‖W‖².
    public var l2: Double
    /// Hard or soft targets.
    public var targets: Targets
    /// Training-set sizes at which to evaluate as well (learning curve).
    public var learningCurve: [Int]
    /// The perceptron's settings (used when `learner` is `mlp`).
    public var perceptron = PerceptronSpec()
    /// The lab's clean learning curve (used when `learner` is `learning-curve`).
    public var curve: CurveSpec?

    /// Creates a model specification.
    public init(l2: Double = 0.001, targets: Targets = .hard, learningCurve: [Int] = []) {
        self.l2 = l2
        self.targets = targets
        self.learningCurve = learningCurve
    }
}

/// The multilayer perceptron's settings (`model.mlp`); defaults are scikit-learn's
/// `MLPClassifier` with `early_stopping=True`, except 64 hidden units instead of 100.
public struct PerceptronSpec: Sendable, Equatable {
    /// Units of each hidden layer (`hidden`).
    public var hidden: [Int] = [64]
    /// Ridge strength α (`alpha`).
    public var alpha: Double = 1e-4
    /// Adam's step size (`learning_rate`).
    public var learningRate: Double = 1e-3
    /// Items per minibatch (`batch_size`).
    public var batchSize: Int = 200
    /// Most epochs (`epochs`).
    public var epochs: Int = 200
    /// Epochs without improvement of the validation loss before stopping (`patience`).
    public var patience: Int = 10
    /// Share of the vendor's labelled items held out for early stopping (`validation`).
    public var validation: Double = 0.1

    /// The defaults.
    init() {}
}

/// A lab's learning curve: test accuracy against the number of clean training items.
public enum CurveSpec: Sendable, Equatable {
    /// acc(n) = a − b·n^(−c) (`{law: {a: …, b: …, c: …}}`).
    case law(a: Double, b: Double, c: Double)
    /// Pilot points (n, accuracy), increasing n (`{points: [[n, acc], …]}`); between points the
    /// accuracy is interpolated linearly in log n, beyond them held at the nearest point.
    case points([(items: Double, accuracy: Double)])

    /// Two curves are equal when their laws or their points are.
    public static func == (lhs: CurveSpec, rhs: CurveSpec) -> Bool {
        switch (lhs, rhs) {
        case (.law(let a, let b, let c), .law(let x, let y, let z)): a == x && b == y && c == z
        case (.points(let p), .points(let q)):
            p.count == q.count && zip(p, q).allSatisfy { $0.items == $1.items && $0.accuracy == $1.accuracy }
        default: false
        }
    }
}
