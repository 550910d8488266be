import LabelSimGSL

/// A way to train a classifier on labelled feature vectors: the seam through which the model
/// stage trains every vendor's model (softmax regression and the multilayer perceptron conform).
///
/// A learner is an immutable, validated value; ``fit(features:targets:warmStart:using:)`` is pure
/// apart from the draws it takes from `rng`, so a fixed stream gives the same model bit for bit.
public protocol Learner: Sendable {
    /// Number of classes K.
    var classes: Int { get }
    /// Number of features D.
    var dimensions: Int { get }

    /// Trains on `features` (row-major n × D) and `targets`.
    ///
    /// - Parameters:
    ///   - warmStart: a model fitted on the same features that the learner may start from when
    ///     starting there cannot change what it converges to (a convex objective); a learner with
    ///     a non-convex objective ignores it.
    ///   - rng: draws for initial weights, shuffling and validation splits (unused by a
    ///     deterministic learner).
    func fit(features: [Double], targets: TrainingTargets, warmStart: (any ProbabilisticClassifier)?, using rng: GSLRandom) throws
        -> any ProbabilisticClassifier
}

/// A trained classifier that gives a probability for every class of every item.
public protocol ProbabilisticClassifier: Sendable {
    /// Number of classes K.
    var classes: Int { get }
    /// Class probabilities of row-major n × D `features`, item-major n × K.
    func probabilities(features: [Double]) -> [Double]
    /// Accuracy, macro-F1 and log-loss on labelled data (``ClassifierScores``); a requirement so
    /// that a classifier can score without materialising the probabilities.
    func scores(features: [Double], labels: [Int32]) -> ClassifierScores
    /// The share of items predicted right (``ClassifierScores/accuracy``); a requirement so that
    /// a classifier can skip what only the other scores need.
    func accuracy(features: [Double], labels: [Int32]) -> Double
}

extension ProbabilisticClassifier {
    /// Accuracy, macro-F1 and log-loss on labelled data, from one pass over the probabilities.
    public func scores(features: [Double], labels: [Int32]) -> ClassifierScores {
        ClassifierScores(probabilities: probabilities(features: features), labels: labels, classes: classes)
    }

    /// The share of items predicted right, from ``scores(features:labels:)``.
    public func accuracy(features: [Double], labels: [Int32]) -> Double { scores(features: features, labels: labels).accuracy }

    /// The most probable class of each item (ties go to the lower class).
    public func predict(features: [Double]) -> [Int32] {
        ClassifierScores.predictions(probabilities: probabilities(features: features), classes: classes)
    }
}
