#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fitted softmax-regression model: its weights, how the fit ended, and predictions and
/// metrics on new data (features row-major n × D).
public struct FittedSoftmax: ProbabilisticClassifier, Equatable {
    /// Number of classes K.
    public var classes: Int { weights.classes }

    /// The fitted parameters.
    public let weights: SoftmaxWeights
    /// The objective J at the fitted weights.
    public let objective: Double
    /// The Euclidean norm of the gradient of J at the fitted weights.
    public let gradientNorm: Double
    /// Number of (Newton) iterations the fit ran.
    public let iterations: Int
    /// Whether the gradient tolerance was met.
    public let converged: Bool
    /// Number of objective evaluations the fit made (each one pass over the training data for J
    /// and ∇J; Hessian passes over the sample are not counted).
    public let evaluations: Int

    /// Creates a fitted model from its parts.
    public init(
        weights: SoftmaxWeights, objective: Double, gradientNorm: Double, iterations: Int, converged: Bool, evaluations: Int = 0
    ) {
        self.evaluations = evaluations
        self.weights = weights
        self.objective = objective
        self.gradientNorm = gradientNorm
        self.iterations = iterations
        self.converged = converged
    }

    /// Class probabilities, item-major n × K.
    public func probabilities(features: [Double]) -> [Double] {
        let k = weights.classes
        let d = weights.dimensions
        let n = features.count / d
        var out = [Double](repeating: 0, count: n * k)
        weights.values.withUnsafeBufferPointer { w in
            features.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { p in
                    for item in 0..<n {
                        let z = item * k
                        for c in 0..<k { p[z + c] = w[d * k + c] }
                        for j in 0..<d {
                            let xj = x[item * d + j]
                            for c in 0..<k { p[z + c] += w[j * k + c] * xj }
                        }
                        var top = p[z]
                        for c in 1..<k { top = max(top, p[z + c]) }
                        var sum = 0.0
                        for c in 0..<k {
                            p[z + c] = exp(p[z + c] - top)
                            sum += p[z + c]
                        }
                        for c in 0..<k { p[z + c] /= sum }
                    }
                }
            }
        }
        return out
    }

    /// Fraction of items whose predicted class equals `labels`.
    public func accuracy(features: [Double], labels: [Int32]) -> Double {
        scores(features: features, labels: labels).accuracy
    }

    /// Unweighted mean over classes of the F1 score (see ``ClassifierScores``).
    public func macroF1(features: [Double], labels: [Int32]) -> Double {
        scores(features: features, labels: labels).macroF1
    }

    /// Mean negative log-probability of the true labels (probabilities floored at 1e-300).
    public func logLoss(features: [Double], labels: [Int32]) -> Double {
        scores(features: features, labels: labels).logLoss
    }
}
