#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fitted softmax-regression model: its weights, how the fit ended, and predictions and
/// metrics on new data (features row-major n × D).
public struct FittedSoftmax: Sendable, Equatable {
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

    /// The most probable class of each item (ties go to the lower class).
    public func predict(features: [Double]) -> [Int32] {
        let k = weights.classes
        let p = probabilities(features: features)
        return (0..<(p.count / k)).map { item in
            var best = 0
            for c in 1..<k where p[item * k + c] > p[item * k + best] { best = c }
            return Int32(best)
        }
    }

    /// Fraction of items whose predicted class equals `labels`.
    public func accuracy(features: [Double], labels: [Int32]) -> Double {
        let predicted = predict(features: features)
        guard !labels.isEmpty else { return 0 }
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// Unweighted mean over classes of the F1 score (classes absent from both the labels and the
    /// predictions count as F1 = 0, as in scikit-learn's default).
    public func macroF1(features: [Double], labels: [Int32]) -> Double {
        let k = weights.classes
        var truePositive = [Int](repeating: 0, count: k)
        var predictedCount = [Int](repeating: 0, count: k)
        var actualCount = [Int](repeating: 0, count: k)
        for (predicted, actual) in zip(predict(features: features), labels) {
            predictedCount[Int(predicted)] += 1
            actualCount[Int(actual)] += 1
            if predicted == actual { truePositive[Int(actual)] += 1 }
        }
        var total = 0.0
        for c in 0..<k where predictedCount[c] + actualCount[c] > 0 {
            total += 2 * Double(truePositive[c]) / Double(predictedCount[c] + actualCount[c])
        }
        return total / Double(k)
    }

    /// Mean negative log-probability of the true labels (probabilities floored at 1e-300).
    public func logLoss(features: [Double], labels: [Int32]) -> Double {
        let k = weights.classes
        let p = probabilities(features: features)
        guard !labels.isEmpty else { return 0 }
        var total = 0.0
        for (item, label) in labels.enumerated() {
            total -= log(max(p[item * k + Int(label)], 1e-300))
        }
        return total / Double(labels.count)
    }
}
