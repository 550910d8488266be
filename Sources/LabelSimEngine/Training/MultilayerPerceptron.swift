import LabelSimGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A multilayer perceptron (one or more ReLU hidden layers, softmax output) trained by minibatch
/// Adam with early stopping on a validation split of the labels it is given: a learner with
/// the capacity to fit label noise, as the models labs train do.
///
/// ## Objective and training
/// The same loss as scikit-learn's `MLPClassifier` (so the benchmark compares like with like):
/// per minibatch B, the mean cross-entropy of the softmax output against the targets (one-hot,
/// or the soft rows) plus (α / 2|B|)·‖W‖² on the weights (not the biases).
/// 1. **Initialisation** (Glorot & Bengio 2010, as scikit-learn): every weight and bias of a layer
///    with fan-in a and fan-out b uniform on ±√(6 / (a + b)).
/// 2. **Validation split.** A share ``validationFraction`` of the items (at least one, drawn at
///    random) is held out when there are at least 20 items; its targets are the *given* labels,
///    not the truth, as a lab that only has the vendor's labels would do.
/// 3. **Epochs.** Each epoch shuffles the training items (Fisher–Yates) and takes one Adam step
///    per minibatch of ``batchSize`` items (Kingma & Ba 2015: β₁ = 0.9, β₂ = 0.999, ε = 1e-8,
///    step ``learningRate``·√(1 − β₂ᵗ)/(1 − β₁ᵗ)).
/// 4. **Early stopping.** After each epoch, the mean cross-entropy on the validation split; the
///    fit keeps the parameters of the best epoch and stops when ``patience`` epochs in a row have
///    not improved the best by more than 1e-4, or after ``maxEpochs``. Without a validation split
///    it runs ``maxEpochs`` epochs and keeps the last parameters.
///
/// Deterministic: one thread and fixed summation orders, so the same stream gives the same
/// parameters bit for bit. Speed comes from contiguous inner loops the compiler vectorises
/// (`PerceptronLayout`); replications run on the other cores.
public struct MultilayerPerceptron: Learner, Equatable {
    /// Number of classes K (at least 2).
    public let classes: Int
    /// Number of features D (at least 1).
    public let dimensions: Int
    /// Units of each hidden layer (one or more, each at least 1).
    public let hidden: [Int]
    /// Ridge strength α (scikit-learn's `alpha`).
    public let alpha: Double
    /// Adam's step size.
    public let learningRate: Double
    /// Items per minibatch (capped at the training items).
    let batchSize: Int
    /// Most epochs.
    public let maxEpochs: Int
    /// Epochs without improvement before stopping.
    public let patience: Int
    /// Share of items held out for early stopping.
    let validationFraction: Double

    /// Creates a validated learner.
    ///
    /// - Throws: ``SoftmaxRegressionError/invalidParameter(name:value:expected:)``.
    public init(
        classes: Int, dimensions: Int, hidden: [Int] = [64], alpha: Double = 1e-4, learningRate: Double = 1e-3, batchSize: Int = 200,
        maxEpochs: Int = 200, patience: Int = 10, validationFraction: Double = 0.1
    ) throws(SoftmaxRegressionError) {
        func bad(_ name: String, _ value: Any, _ expected: String) -> SoftmaxRegressionError {
            .invalidParameter(name: name, value: "\(value)", expected: expected)
        }
        guard classes >= 2 else { throw bad("classes", classes, "at least 2") }
        guard dimensions >= 1 else { throw bad("dimensions", dimensions, "at least 1") }
        guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else { throw bad("hidden", hidden, "one or more layer widths ≥ 1") }
        guard alpha.isFinite, alpha >= 0 else { throw bad("alpha", alpha, "a finite number ≥ 0") }
        guard learningRate.isFinite, learningRate > 0 else { throw bad("learning_rate", learningRate, "a finite number > 0") }
        guard batchSize >= 1 else { throw bad("batch_size", batchSize, "at least 1") }
        guard maxEpochs >= 1 else { throw bad("epochs", maxEpochs, "at least 1") }
        guard patience >= 1 else { throw bad("patience", patience, "at least 1") }
        guard validationFraction >= 0, validationFraction < 1 else { throw bad("validation", validationFraction, "in [0, 1)") }
        self.classes = classes
        self.dimensions = dimensions
        self.hidden = hidden
        self.alpha = alpha
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.maxEpochs = maxEpochs
        self.patience = patience
        self.validationFraction = validationFraction
    }

    /// Least items for a validation split.
    static let leastItemsForValidation = 20

    /// Trains a network (see the type's documentation); `warmStart` is ignored (the objective is
    /// not convex: a start changes the answer).
    public func fit(features: [Double], targets: TrainingTargets, warmStart: (any ProbabilisticClassifier)?, using rng: GSLRandom)
        throws -> any ProbabilisticClassifier
    {
        try fitNetwork(features: features, targets: targets, using: rng)
    }

    /// Trains a network and returns it with its training record.
    public func fitNetwork(features: [Double], targets: TrainingTargets, using rng: GSLRandom) throws(SoftmaxRegressionError)
        -> FittedPerceptron
    {
        let k = classes
        let d = dimensions
        guard !features.isEmpty, features.count % d == 0 else {
            throw .shapeMismatch(what: "features", expected: max(1, features.count / d) * d, actual: features.count)
        }
        if let bad = features.firstIndex(where: { !$0.isFinite }) {
            throw .invalidValue(what: "features", index: bad, value: "\(features[bad])")
        }
        let n = features.count / d
        let rows = try Self.targetRows(targets, items: n, classes: k)
        let layout = PerceptronLayout(dimensions: d, hidden: hidden, classes: k)

        // 1. Glorot-uniform initialisation.
        var theta = [Double](repeating: 0, count: layout.parameterCount)
        for layer in 0..<layout.layerCount {
            let fanIn = layout.widths[layer]
            let fanOut = layout.widths[layer + 1]
            let bound = (6 / Double(fanIn + fanOut)).squareRoot()
            for index in layout.weightOffsets[layer]..<(layout.biasOffsets[layer] + fanOut) {
                theta[index] = (2 * rng.uniform() - 1) * bound
            }
        }
        // 2. Validation split: the first ⌈f·n⌉ of a random permutation.
        var order = Array(0..<n)
        Self.shuffle(&order, using: rng)
        let held =
            n >= Self.leastItemsForValidation && validationFraction > 0
            ? min(n - 1, max(1, Int((validationFraction * Double(n)).rounded(.up)))) : 0
        let validation = Array(order[0..<held])
        var training = Array(order[held...])
        let validationX = validation.flatMap { features[($0 * d)..<(($0 + 1) * d)] }
        let validationY = validation.flatMap { rows[($0 * k)..<(($0 + 1) * k)] }

        let batch = min(batchSize, training.count)
        let widest = layout.widths.max() ?? k
        var batchX = [Double](repeating: 0, count: batch * d)
        var batchY = [Double](repeating: 0, count: batch * k)
        var activations = [Double](repeating: 0, count: layout.activationCount(rows: max(batch, held)))
        var delta = [Double](repeating: 0, count: batch * widest)
        var spare = [Double](repeating: 0, count: batch * widest)
        var gradient = [Double](repeating: 0, count: layout.parameterCount)
        var first = [Double](repeating: 0, count: layout.parameterCount)
        var second = [Double](repeating: 0, count: layout.parameterCount)
        var best = theta
        var bestLoss = Double.infinity
        var stale = 0
        var epochs = 0
        var bestEpoch = 0
        var step = 0.0
        let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
        var bias1 = 1.0
        var bias2 = 1.0
        for epoch in 1...maxEpochs {
            epochs = epoch
            // 3. One shuffled pass of minibatch Adam steps.
            Self.shuffle(&training, using: rng)
            var start = 0
            while start < training.count {
                let size = min(batch, training.count - start)
                for (slot, item) in training[start..<(start + size)].enumerated() {
                    for j in 0..<d { batchX[slot * d + j] = features[item * d + j] }
                    for c in 0..<k { batchY[slot * k + c] = rows[item * k + c] }
                }
                let penalty = alpha / Double(size)
                theta.withUnsafeBufferPointer { t in
                    batchX.withUnsafeBufferPointer { x in
                        activations.withUnsafeMutableBufferPointer { a in
                            layout.forward(t, input: x, rows: size, activations: a)
                        }
                    }
                }
                theta.withUnsafeBufferPointer { t in
                    batchX.withUnsafeBufferPointer { x in
                        activations.withUnsafeBufferPointer { a in
                            batchY.withUnsafeBufferPointer { y in
                                gradient.withUnsafeMutableBufferPointer { g in
                                    delta.withUnsafeMutableBufferPointer { dl in
                                        spare.withUnsafeMutableBufferPointer { sp in
                                            layout.backward(
                                                t, input: x, rows: size, activations: a, targets: y, penalty: penalty, gradient: g,
                                                delta: dl, spare: sp)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                step += 1
                bias1 *= beta1
                bias2 *= beta2
                let rate = learningRate * (1 - bias2).squareRoot() / (1 - bias1)
                theta.withUnsafeMutableBufferPointer { t in
                    gradient.withUnsafeBufferPointer { g in
                        first.withUnsafeMutableBufferPointer { m in
                            second.withUnsafeMutableBufferPointer { v in
                                for index in 0..<t.count {
                                    let gi = g[index]
                                    m[index] = beta1 * m[index] + (1 - beta1) * gi
                                    v[index] = beta2 * v[index] + (1 - beta2) * gi * gi
                                    t[index] -= rate * m[index] / (v[index].squareRoot() + epsilon)
                                }
                            }
                        }
                    }
                }
                start += size
            }
            guard held > 0 else {
                best = theta
                bestEpoch = epoch
                continue
            }
            // 4. Early stopping on the validation split's cross-entropy.
            let loss = Self.crossEntropy(layout, theta, features: validationX, targets: validationY, rows: held, scratch: &activations)
            guard loss.isFinite else {
                throw .optimizationFailed("the validation loss at epoch \(epoch) was not finite; lower model.learning_rate")
            }
            if loss < bestLoss - 1e-4 {
                stale = 0
            } else {
                stale += 1
            }
            if loss < bestLoss {
                bestLoss = loss
                best = theta
                bestEpoch = epoch
            }
            if stale >= patience { break }
        }
        return FittedPerceptron(
            layout: layout, parameters: best, epochs: epochs, bestEpoch: bestEpoch, validationLoss: held > 0 ? bestLoss : .nan)
    }

    /// Targets as n × K probability rows.
    static func targetRows(_ targets: TrainingTargets, items n: Int, classes k: Int) throws(SoftmaxRegressionError) -> [Double] {
        switch targets {
        case .hard(let labels):
            guard labels.count == n else { throw .shapeMismatch(what: "labels", expected: n, actual: labels.count) }
            var rows = [Double](repeating: 0, count: n * k)
            for (item, label) in labels.enumerated() {
                guard label >= 0, Int(label) < k else { throw .invalidValue(what: "labels", index: item, value: "\(label)") }
                rows[item * k + Int(label)] = 1
            }
            return rows
        case .soft(let probabilities):
            guard probabilities.count == n * k else {
                throw .shapeMismatch(what: "soft targets", expected: n * k, actual: probabilities.count)
            }
            var rows = probabilities
            for item in 0..<n {
                var mass = 0.0
                for c in 0..<k {
                    let value = probabilities[item * k + c]
                    guard value.isFinite, value >= 0 else {
                        throw .invalidValue(what: "soft targets", index: item * k + c, value: "\(value)")
                    }
                    mass += value
                }
                guard mass > 0 else { throw .invalidValue(what: "soft target row sum", index: item, value: "0") }
                for c in 0..<k { rows[item * k + c] /= mass }
            }
            return rows
        }
    }

    /// Fisher–Yates shuffle with GSL draws.
    static func shuffle(_ values: inout [Int], using rng: GSLRandom) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, rng.uniformInt(index + 1))
        }
    }

    /// Mean cross-entropy of the network on `rows` items against probability-row targets.
    static func crossEntropy(
        _ layout: PerceptronLayout, _ theta: [Double], features: [Double], targets: [Double], rows: Int, scratch: inout [Double]
    ) -> Double {
        let k = layout.classes
        let outputStart = layout.activationCount(rows: rows) - rows * k
        theta.withUnsafeBufferPointer { t in
            features.withUnsafeBufferPointer { x in
                scratch.withUnsafeMutableBufferPointer { a in
                    layout.forward(t, input: x, rows: rows, activations: a)
                }
            }
        }
        var loss = 0.0
        for index in 0..<(rows * k) where targets[index] > 0 {
            loss -= targets[index] * log(max(scratch[outputStart + index], 1e-300))
        }
        return loss / Double(rows)
    }
}
