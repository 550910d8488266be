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
        guard !labels.isEmpty else {
            accuracy = 0
            macroF1 = 0
            logLoss = 0
            return
        }
        var truePositive = [Int](repeating: 0, count: k)
        var predictedCount = [Int](repeating: 0, count: k)
        var actualCount = [Int](repeating: 0, count: k)
        var correct = 0
        var loss = 0.0
        for (item, label) in labels.enumerated() {
            let row = item * k
            var best = 0
            for c in 1..<k where p[row + c] > p[row + best] { best = c }
            let actual = Int(label)
            predictedCount[best] += 1
            actualCount[actual] += 1
            if best == actual {
                truePositive[actual] += 1
                correct += 1
            }
            loss -= log(max(p[row + actual], 1e-300))
        }
        var total = 0.0
        for c in 0..<k where predictedCount[c] + actualCount[c] > 0 {
            total += 2 * Double(truePositive[c]) / Double(predictedCount[c] + actualCount[c])
        }
        accuracy = Double(correct) / Double(labels.count)
        macroF1 = total / Double(k)
        logLoss = loss / Double(labels.count)
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
