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

    /// Accuracy, macro-F1 and log-loss on labelled data in one pass without the n × K
    /// probability array: for K ≤ 4 an item's scores are one SIMD block, summed in the order of
    /// ``probabilities(features:)`` (the same bits), and exponentiated by the fit's SIMD
    /// exponential (within a few units in the last place of the C library's, so a predicted class
    /// changes only where two probabilities agree to about 1e-15). Larger K falls back to the
    /// probabilities.
    public func scores(features: [Double], labels: [Int32]) -> ClassifierScores {
        guard let tally = tally(features: features, labels: labels, loss: true) else {
            return ClassifierScores(probabilities: probabilities(features: features), labels: labels, classes: weights.classes)
        }
        return ClassifierScores(tally)
    }

    /// Fraction of items whose predicted class equals `labels`: ``scores(features:labels:)``'s
    /// accuracy, the same bits, without the logarithm per item that only the log-loss needs.
    public func accuracy(features: [Double], labels: [Int32]) -> Double {
        guard let tally = tally(features: features, labels: labels, loss: false) else {
            return scores(features: features, labels: labels).accuracy
        }
        return ClassifierScores(tally).accuracy
    }

    /// The class with score `top` when every other class scores at least 1e-9·max(1, |top|) below
    /// it, else nil (also when `top` is not finite or several lanes tie). Then its probability
    /// exceeds every other by a factor of at least e^1e-9 ≈ 1 + 1e-9, far more than the
    /// few units in the last place the exponential and the division can move them, so it is the
    /// class the probabilities pick too: the accuracy pass needs no exponential for it.
    @inline(__always)
    private func clearLeader(_ z: SoftmaxObjective.Block, top: Double) -> Int? {
        let near = z .>= top - 1e-9 * max(1, top.magnitude)
        var leader = -1
        for c in 0..<4 where near[c] {
            if leader >= 0 { return nil }
            leader = c
        }
        return leader >= 0 ? leader : nil
    }

    /// The SIMD pass behind ``scores(features:labels:)`` (nil when K > 4 or the shapes disagree);
    /// without `loss` the tally's loss stays 0.
    private func tally(features: [Double], labels: [Int32], loss withLoss: Bool) -> ClassifierScores.Tally? {
        let k = weights.classes
        let d = weights.dimensions
        let n = min(labels.count, features.count / d)
        guard k <= 4, n > 0, n == labels.count else { return nil }
        typealias Block = SoftmaxObjective.Block
        // Counts per class (predicted, actual, true positives; four slots each) in memory: as
        // SIMD lanes indexed by an item's class they were spilled to the stack on every item.
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 12)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 12)
        var loss = 0.0
        // Feature-major weight rows as blocks; padded classes score −∞ (probability ≈ 0).
        let rows = UnsafeMutablePointer<Block>.allocate(capacity: d)
        defer { rows.deallocate() }
        rows.initialize(repeating: Block(repeating: 0), count: d)
        var bias = Block(repeating: -Double.infinity)
        weights.values.withUnsafeBufferPointer { w in
            for c in 0..<k {
                bias[c] = w[d * k + c]
                for j in 0..<d { rows[j][c] = w[j * k + c] }
            }
        }
        features.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { y in
                SoftmaxObjective.exponentTable.withUnsafeBufferPointer { table in
                    guard let table = table.baseAddress, let x = x.baseAddress, let y = y.baseAddress else { return }
                    // One item's class, counts and loss from its scores.
                    @inline(__always) func finish(_ z: Block, _ item: Int) {
                        let label = Int(y[item])
                        precondition(label >= 0 && label < k, "label \(label) outside 0..<\(k)")
                        let top = SoftmaxObjective.largest(z)
                        let best: Int
                        if !withLoss, let leader = clearLeader(z, top: top) {
                            best = leader
                        } else {
                            let e = SoftmaxObjective.exponential(z - top, table: table)
                            let p = e / SoftmaxObjective.total(e)
                            // The first largest probability (ties to the lower class); padded lanes are ≈ 0.
                            var first = 0
                            var firstValue = p[0]
                            if p[1] > firstValue { (first, firstValue) = (1, p[1]) }
                            if p[2] > firstValue { (first, firstValue) = (2, p[2]) }
                            if p[3] > firstValue { first = 3 }
                            best = first
                            if withLoss { loss -= log(max(p[label], 1e-300)) }
                        }
                        counts[best] &+= 1
                        counts[4 &+ label] &+= 1
                        if best == label { counts[8 &+ label] &+= 1 }
                    }
                    ItemSums.forEach(
                        items: n, dimensions: d, features: x, start: bias, term: { j, value in rows[j] * value }, finish: finish)
                }
            }
        }
        var tally = ClassifierScores.Tally(classes: k)
        for c in 0..<k {
            tally.predicted[c] = counts[c]
            tally.actual[c] = counts[4 + c]
            tally.truePositive[c] = counts[8 + c]
            tally.correct += counts[8 + c]
        }
        tally.items = n
        tally.loss = loss
        return tally
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
