#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Test-set scores of a classifier, computed from one pass over its class probabilities.
///
/// - `accuracy`: share of items whose most probable class (ties to the lower class) is the label.
/// - `macroF1`: unweighted mean over the K classes of F1 = 2·TP / (predicted + actual); a class
///   absent from both the labels and the predictions counts as 0, as in scikit-learn's default.
/// - `logLoss`: mean of −log p(label | x), probabilities floored at 1e-300.
public struct ClassifierScores: Sendable, Equatable {
    /// Share of items predicted right.
    public let accuracy: Double
    /// Unweighted mean of the per-class F1 scores.
    public let macroF1: Double
    /// Mean negative log-probability of the labels.
    public let logLoss: Double

    /// Scores item-major n × K `probabilities` against `labels` (n classes in `0..<K`); all zero
    /// when there are no labels.
    init(probabilities p: [Double], labels: [Int32], classes k: Int) {
        var tally = Tally(classes: k)
        for (item, label) in labels.enumerated() {
            let row = item * k
            var best = 0
            for c in 1..<k where p[row + c] > p[row + best] { best = c }
            tally.add(predicted: best, actual: Int(label), probability: p[row + Int(label)])
        }
        self.init(tally)
    }

    /// Scores from a finished tally; all zero when it holds no item.
    init(_ tally: Tally) {
        guard tally.items > 0 else {
            accuracy = 0
            macroF1 = 0
            logLoss = 0
            return
        }
        var total = 0.0
        for c in 0..<tally.classes where tally.predicted[c] + tally.actual[c] > 0 {
            total += 2 * Double(tally.truePositive[c]) / Double(tally.predicted[c] + tally.actual[c])
        }
        accuracy = Double(tally.correct) / Double(tally.items)
        macroF1 = total / Double(tally.classes)
        logLoss = tally.loss / Double(tally.items)
    }

    /// Counts behind the scores, item by item: a learner that scores without a probability array
    /// (``FittedSoftmax``) adds to the same tally, so the definitions live here once.
    struct Tally {
        let classes: Int
        var truePositive: [Int]
        var predicted: [Int]
        var actual: [Int]
        var correct = 0
        var items = 0
        var loss = 0.0

        init(classes: Int) {
            self.classes = classes
            truePositive = [Int](repeating: 0, count: classes)
            predicted = [Int](repeating: 0, count: classes)
            actual = [Int](repeating: 0, count: classes)
        }

        /// One item: its predicted class, its label and the probability given to the label.
        @inline(__always)
        mutating func add(predicted best: Int, actual label: Int, probability: Double) {
            predicted[best] += 1
            actual[label] += 1
            if best == label {
                truePositive[label] += 1
                correct += 1
            }
            items += 1
            loss -= log(max(probability, 1e-300))
        }
    }

    /// The most probable class of each row of item-major n × K `probabilities` (ties to the lower class).
    static func predictions(probabilities p: [Double], classes k: Int) -> [Int32] {
        (0..<(p.count / k)).map { item in
            var best = 0
            for c in 1..<k where p[item * k + c] > p[item * k + best] { best = c }
            return Int32(best)
        }
    }
}
