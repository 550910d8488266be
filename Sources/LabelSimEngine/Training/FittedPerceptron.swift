/// A trained multilayer perceptron: its parameters, how training ended, and class probabilities
/// of new items.
public struct FittedPerceptron: ProbabilisticClassifier, Equatable {
    let layout: PerceptronLayout
    /// The parameters, layer by layer (input-major weights, then biases).
    public let parameters: [Double]
    /// Epochs run.
    public let epochs: Int
    /// The epoch whose parameters were kept (the best on the validation split).
    public let bestEpoch: Int
    /// Mean cross-entropy on the validation split at the kept epoch (NaN without a split).
    let validationLoss: Double

    /// Number of classes K.
    public var classes: Int { layout.classes }
    /// Units per layer, input first, classes last.
    public var widths: [Int] { layout.widths }

    /// Items per forward block when predicting, so scratch stays in cache.
    static let block = 256

    /// Class probabilities, item-major n × K.
    public func probabilities(features: [Double]) -> [Double] {
        let d = layout.widths[0]
        let k = classes
        let n = features.count / d
        var out = [Double](repeating: 0, count: n * k)
        var scratch = [Double](repeating: 0, count: layout.activationCount(rows: Self.block))
        var start = 0
        while start < n {
            let rows = min(Self.block, n - start)
            parameters.withUnsafeBufferPointer { t in
                features.withUnsafeBufferPointer { x in
                    scratch.withUnsafeMutableBufferPointer { a in
                        layout.forward(t, input: UnsafeBufferPointer(rebasing: x[(start * d)...]), rows: rows, activations: a)
                    }
                }
            }
            // The output layer's values follow the hidden layers' rows × width values.
            let last = rows * (layout.activationCount(rows: 1) - k)
            for index in 0..<(rows * k) { out[start * k + index] = scratch[last + index] }
            start += rows
        }
        return out
    }
}
