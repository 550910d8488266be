#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maps a lab's clean learning curve A(n) (test accuracy against clean training items) and the
/// noise of a vendor's delivered labels to the accuracy a model trained on those labels should
/// reach: `model.learner: learning-curve`.
///
/// ## The mapping
/// Split the n delivered items into the σ·n whose wrong label is *systematic* (a shared
/// misconception tied to the item, so every model trained on such labels learns the wrong class
/// there) and the rest, whose labels are wrong at rate η, uniformly over the other K − 1 classes.
/// 1. **Symmetric noise shrinks the sample.** With uniform flips at rate η the label's
///    distribution given x is λ·P(y | x) + (1 − λ)/K with λ = 1 − ηK/(K − 1), so the signal each
///    label carries about the class scales by λ and the Fisher information about a decision
///    boundary by λ²: the noisy labels are worth n_eff = (1 − σ)·n·λ² clean ones (K = 2:
///    λ = 1 − 2η, the (1 − 2η)² sample-complexity factor of learning with random classification
///    noise, Angluin & Laird 1988). The excess error over the ceiling follows the curve at n_eff.
/// 2. **Systematic errors lower the ceiling.** On the σ share of the distribution where the labels
///    are consistently wrong, the model predicts the wrong class; it is right there only when it
///    would have been wrong with clean labels and lands on the truth by chance, (1 − A)/(K − 1).
///
///    acc = (1 − σ)·A(n_eff) + σ·(1 − A(n_eff))/(K − 1)
///
/// η ≥ (K − 1)/K (no signal left) gives n_eff = 0 and A(0) = 1/K. The mapping is validated against
/// trained learners in `LearningCurveMapTests` (the agreement measured is stated in the README).
public struct LearningCurveMap: Sendable, Equatable {
    /// The lab's clean learning curve.
    public let curve: Curve
    /// Number of classes K.
    public let classes: Int

    /// A clean learning curve.
    public enum Curve: Sendable, Equatable {
        /// acc(n) = a − b·n^(−c).
        case law(a: Double, b: Double, c: Double)
        /// Points (n, accuracy) with increasing n, interpolated linearly in log n, held flat beyond.
        case points(items: [Double], accuracy: [Double])
    }

    /// Creates a map for K classes.
    public init(curve: Curve, classes: Int) {
        self.curve = curve
        self.classes = classes
    }

    /// The clean curve at `items` (chance 1/K at zero items; never below chance).
    public func accuracy(cleanItems items: Double) -> Double {
        let chance = 1 / Double(classes)
        guard items > 0 else { return chance }
        switch curve {
        case .law(let a, let b, let c):
            return min(1, max(chance, a - b * pow(items, -c)))
        case .points(let n, let accuracy):
            guard let first = n.first, let last = n.last else { return chance }
            if items <= first { return accuracy[0] }
            if items >= last { return accuracy[accuracy.count - 1] }
            var upper = 1
            while n[upper] < items { upper += 1 }
            let t = (log(items) - log(n[upper - 1])) / (log(n[upper]) - log(n[upper - 1]))
            return accuracy[upper - 1] + t * (accuracy[upper] - accuracy[upper - 1])
        }
    }

    /// λ = 1 − ηK/(K − 1), floored at 0.
    public func signal(errorRate eta: Double) -> Double {
        max(0, 1 - eta * Double(classes) / Double(classes - 1))
    }

    /// The clean items `items` labels with symmetric error rate η (of the non-systematic ones) and
    /// a systematic share σ are worth: (1 − σ)·n·λ².
    func effectiveItems(items: Double, errorRate eta: Double, systematicShare sigma: Double) -> Double {
        let lambda = signal(errorRate: eta)
        return (1 - sigma) * items * lambda * lambda
    }

    /// Expected test accuracy of a model trained on `items` delivered labels (see the type's documentation).
    public func predictedAccuracy(items: Double, errorRate eta: Double, systematicShare sigma: Double) -> Double {
        let clean = accuracy(cleanItems: effectiveItems(items: items, errorRate: eta, systematicShare: sigma))
        return (1 - sigma) * clean + sigma * (1 - clean) / Double(classes - 1)
    }

    /// The η and σ of delivered `labels` against the `truth`: σ is the share of items flagged in
    /// `systematic` whose label is wrong, η the error rate of the other items.
    public static func noise(labels: [Int32], truth: ArraySlice<Int32>, systematic: [Bool]? = nil) -> (
        errorRate: Double, systematicShare: Double
    ) {
        var systematicWrong = 0
        var ordinary = 0
        var ordinaryWrong = 0
        for (index, (label, actual)) in zip(labels, truth).enumerated() {
            if let systematic, index < systematic.count, systematic[index] {
                if label != actual { systematicWrong += 1 } else { ordinary += 1 }
                continue
            }
            ordinary += 1
            if label != actual { ordinaryWrong += 1 }
        }
        let n = Double(labels.count)
        return (ordinary > 0 ? Double(ordinaryWrong) / Double(ordinary) : 0, n > 0 ? Double(systematicWrong) / n : 0)
    }
}
