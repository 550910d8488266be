import Foundation
import LabelSimCore
import LabelSimGSL

/// Step 6 of a replication: train the learner on the labels a vendor delivered and evaluate it on
/// the clean test set, beside the same learner trained on the true labels of the same items (the
/// oracle) and the Bayes accuracy of the feature model.
///
/// It fills the model metrics of ``MetricRegistry/modelMetrics(model:)`` (model accuracy, F1 and
/// log-loss, the oracle's accuracy, the noise cost, the Bayes accuracy and the learning curve).
///
/// Cost control: oracle fits depend only on the number of items (every vendor labels a prefix of
/// the same pool), so one oracle fit per item count is shared by all vendors of a replication;
/// the vendor's fit starts from the oracle's weights (the objective is strictly convex, so the
/// start changes the path, not the optimum).
public struct ModelStage: Sendable {
    /// The feature model (nil for the learning-curve learner without `data.features`).
    public let features: FeatureModel?
    /// The learner's settings.
    public let model: ModelSpec
    /// Bayes accuracy of the feature model under the task prior (NaN without features).
    public let bayesAccuracy: Double
    /// The trained learner (nil for `learning-curve`, which maps a curve instead of training).
    public let learner: (any Learner)?
    /// The lab's learning curve (for `learning-curve`).
    let curveMap: LearningCurveMap?
    let prior: [Double]
    let seed: UInt64
    /// Where oracle fits start: the Bayes classifier's own softmax weights when the world is one
    /// Gaussian per class and the learner is softmax regression (nil: from zero).
    let oracleStart: (any ProbabilisticClassifier)?

    /// The softmax fits stop once the gradient is a thousandth of its own sampling error
    /// (``SoftmaxRegression/samplingTolerance``): their weights are then off the exact optimum
    /// by about a thousandth of what the training sample puts between them and the population's.
    /// On the default scenario its threshold is 2.6–7.9e-5 instead of 1e-6: 30% fewer Newton
    /// iterations, and no vendor's mean model accuracy moves by more than 1e-5.
    static let samplingTolerance = 1e-3

    /// Prepares the stage for `scenario`; nil when the scenario trains no model.
    public init?(scenario: Scenario) throws {
        model = scenario.model
        prior = scenario.task.prior
        seed = scenario.seed
        let classes = scenario.task.classes
        if let spec = scenario.data.features {
            let world = try FeatureModel(
                classes: classes, dimensions: spec.dimensions, separation: spec.separation, informative: spec.informative,
                components: spec.components)
            features = world
            bayesAccuracy = try world.bayesAccuracy(prior: scenario.task.prior)
        } else {
            guard scenario.model.learner == .learningCurve else { return nil }
            features = nil
            bayesAccuracy = .nan
        }
        var start: FittedSoftmax?
        switch model.learner {
        case .softmaxRegression:
            learner = try SoftmaxRegression(
                classes: classes, dimensions: features?.dimensions ?? 1, l2: model.l2,
                samplingTolerance: Self.samplingTolerance)
            curveMap = nil
            start = features.flatMap { Self.bayesWeights($0, prior: scenario.task.prior) }
        case .mlp:
            let p = model.perceptron
            learner = try MultilayerPerceptron(
                classes: classes, dimensions: features?.dimensions ?? 1, hidden: p.hidden, alpha: p.alpha, learningRate: p.learningRate,
                batchSize: p.batchSize, maxEpochs: p.epochs, patience: p.patience, validationFraction: p.validation)
            curveMap = nil
        case .learningCurve:
            learner = nil
            curveMap = LearningCurveMap(curve: Self.curve(model.curve), classes: classes)
        }
        oracleStart = start
    }

    /// The Bayes posterior of unit-variance Gaussian classes as softmax weights: class k scores
    /// log π_k − ½‖x − μ_k‖², which is μ_k·x + log π_k − ½‖μ_k‖² up to a term common to all
    /// classes. Every replication's oracle optimum lies near it (the oracle learns the same
    /// posterior from a sample, shrunk slightly by the penalty), so Newton starts a few
    /// iterations closer than from zero; the objective is strictly convex, so the start changes
    /// the path, not the optimum. Nil for a mixture world or a prior with an empty class.
    static func bayesWeights(_ model: FeatureModel, prior: [Double]) -> FittedSoftmax? {
        let k = model.classes
        let d = model.dimensions
        guard model.components == 1, prior.count == k, prior.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let total = prior.reduce(0, +)
        var values = [Double](repeating: 0, count: k * (d + 1))
        for c in 0..<k {
            var squared = 0.0
            for j in 0..<d {
                let mean = model.means[c * d + j]
                values[j * k + c] = mean
                squared += mean * mean
            }
            values[d * k + c] = log(prior[c] / total) - squared / 2
        }
        // Shifting every intercept alike changes no probability; centred, like a fit from zero,
        // the start leads to the same weights (Newton's steps never move along that shift).
        let shift = values[(d * k)...].reduce(0, +) / Double(k)
        for c in 0..<k { values[d * k + c] -= shift }
        return FittedSoftmax(
            weights: SoftmaxWeights(unchecked: k, d, values), objective: .nan, gradientNorm: .nan, iterations: 0, converged: false)
    }

    static func curve(_ spec: CurveSpec?) -> LearningCurveMap.Curve {
        switch spec {
        case .law(let a, let b, let c): .law(a: a, b: b, c: c)
        case .points(let points): .points(items: points.map(\.items), accuracy: points.map(\.accuracy))
        case nil: .points(items: [], accuracy: [])
        }
    }

    /// The clean test set of a replication: classes by the task prior, features by the model
    /// (empty without features).
    public func testSet(count: Int, using rng: GSLRandom) throws -> (features: [Double], classes: [Int32]) {
        guard let features else { return ([], []) }
        let classes = try features.drawClasses(count: count, prior: prior, using: rng)
        return (features.drawFeatures(classes: classes, using: rng), classes)
    }

    /// The stream of one fit: the oracle's depends on the replication and item count only (it is
    /// shared by the vendors), a vendor's also on the vendor and the training size.
    func fitRandom(replication: Int, items: Int, vendor: Int?) -> GSLRandom {
        let base = StreamSeed.derive(seed: seed, replication: replication, stream: .training)
        let tag = UInt64(items) &* 0x9E37_79B9 ^ (vendor.map { UInt64($0 + 1) << 40 } ?? 0)
        return GSLRandom(seed: StreamSeed.mix(base ^ tag))
    }

    /// Trains and evaluates on the first `labels.count` pool items and sets the model metrics of `record`.
    ///
    /// - Parameters:
    ///   - labels: the final label of each labelled item (aggregated, or the reviewer's).
    ///   - posteriors: item-major posteriors for soft targets.
    ///   - replication, vendor: which fit this is, for the learner's random stream.
    ///   - evaluation: a bought evaluation set: its metrics (``EvaluationSet/metricNames``) follow.
    public func evaluate(
        pool: ItemPool, labels: [Int32], posteriors: [Double], test: (features: [Double], classes: [Int32]), oracles: OracleCache,
        replication: Int = 0, vendor: Int = 0, evaluation: EvaluationSet? = nil, into record: inout MetricRecord<Double>
    ) throws {
        try evaluate(
            pool: pool, labels: labels, posteriors: posteriors, test: test, oracles: oracles, replication: replication, vendor: vendor,
            evaluation: evaluation, starts: nil, into: &record)
    }

    /// ``evaluate(pool:labels:posteriors:test:oracles:replication:vendor:evaluation:into:)`` with
    /// `starts`: where the oracle and the vendor fit of this stream (`vendor`) start once frozen;
    /// while recording, this replication's fits are recorded there.
    func evaluate(
        pool: ItemPool, labels: [Int32], posteriors: [Double], test: (features: [Double], classes: [Int32]), oracles: OracleCache,
        replication: Int, vendor: Int, evaluation: EvaluationSet?, starts: FitStarts?, into record: inout MetricRecord<Double>
    ) throws {
        let n = labels.count
        record[.bayesAccuracy] = bayesAccuracy
        // With nothing to train on, only the Bayes accuracy is defined; the rest stay missing.
        guard n > 0 else { return }
        if let curveMap { return predicted(curveMap, pool: pool, labels: labels, into: &record) }
        guard let learner, let features else { return }
        let dimensions = features.dimensions
        // The whole pool's array is shared, not copied, when every item was labelled.
        let trainFeatures = n * dimensions == pool.features.count ? pool.features : Array(pool.features[0..<(n * dimensions)])
        let given: (oracle: SoftmaxStart?, fit: SoftmaxStart?) = starts?.starts(stream: vendor) ?? (nil, nil)
        let truth = TrainingTargets.hard(Array(pool.classes[0..<n]))
        let oracle = try oracles.fit(items: n) {
            try learner.fit(
                features: trainFeatures, targets: truth, warmStart: oracleWarmStart(given.oracle),
                using: fitRandom(replication: replication, items: n, vendor: nil))
        }
        guard let whole = usable(trainFeatures, labels: labels, posteriors: posteriors, size: n, classes: features.classes) else {
            return
        }
        // Labels identical to the truth pose the oracle's problem: reuse its fit.
        let fitted =
            model.targets == .hard && labels.elementsEqual(pool.classes[0..<n])
            ? oracle
            : try learner.fit(
                features: whole.features, targets: whole.targets, warmStart: given.fit ?? oracle,
                using: fitRandom(replication: replication, items: n, vendor: vendor))
        if let starts, starts.isRecording, let softmax = learner as? SoftmaxRegression, let oracleFit = oracle as? FittedSoftmax,
            let ownFit = fitted as? FittedSoftmax
        {
            starts.record(
                stream: vendor,
                oracle: SoftmaxStart(
                    fitted: oracleFit, curvature: try softmax.curvature(features: trainFeatures, targets: truth, weights: oracleFit.weights)
                ),
                fit: SoftmaxStart(
                    fitted: ownFit,
                    curvature: try softmax.curvature(features: whole.features, targets: whole.targets, weights: ownFit.weights)))
        }
        let scores = fitted.scores(features: test.features, labels: test.classes)
        let oracleAccuracy = oracle.accuracy(features: test.features, labels: test.classes)
        record[.modelAccuracy] = scores.accuracy
        record[.modelMacroF1] = scores.macroF1
        record[.modelLogLoss] = scores.logLoss
        record[.oracleAccuracy] = oracleAccuracy
        record[.noiseCost] = oracleAccuracy - scores.accuracy
        for size in model.learningCurve where size <= n {
            guard let part = usable(trainFeatures, labels: labels, posteriors: posteriors, size: size, classes: features.classes) else {
                continue
            }
            let curve = try learner.fit(
                features: part.features, targets: part.targets, warmStart: nil,
                using: fitRandom(replication: replication, items: size, vendor: vendor))
            record[.modelAccuracy(trainedOn: size)] = curve.accuracy(features: test.features, labels: test.classes)
        }
        if let evaluation { evaluation.record(predictions: fitted.predict(features: evaluation.features), into: &record) }
    }

    /// Where an oracle fit starts: the Bayes weights when known (every replication's oracle
    /// optimum lies near them, nearer than another replication's oracle), with the recorded
    /// oracle's curvature when there is one.
    private func oracleWarmStart(_ recorded: SoftmaxStart?) -> (any ProbabilisticClassifier)? {
        guard let recorded else { return oracleStart }
        guard let bayes = oracleStart as? FittedSoftmax else { return recorded }
        return SoftmaxStart(fitted: bayes, curvature: recorded.curvature)
    }

    /// The first `size` items' features and targets, without the items left with no label (each
    /// of their labels thrown away with a banned worker and not replaced before the budget ran
    /// out); nil when no item is left.
    private func usable(
        _ trainFeatures: [Double], labels: [Int32], posteriors: [Double], size: Int, classes: Int
    ) -> (features: [Double], targets: TrainingTargets)? {
        let dimensions = trainFeatures.count / max(1, labels.count)
        let kept = (0..<size).filter { labels[$0] >= 0 }
        if kept.isEmpty { return nil }
        if kept.count == size {
            let targets: TrainingTargets =
                model.targets == .soft ? .soft(Array(posteriors[0..<(size * classes)])) : .hard(Array(labels[0..<size]))
            let features = size * dimensions == trainFeatures.count ? trainFeatures : Array(trainFeatures[0..<(size * dimensions)])
            return (features, targets)
        }
        let features = kept.flatMap { trainFeatures[($0 * dimensions)..<(($0 + 1) * dimensions)] }
        let targets: TrainingTargets =
            model.targets == .soft
            ? .soft(kept.flatMap { posteriors[($0 * classes)..<(($0 + 1) * classes)] }) : .hard(kept.map { labels[$0] })
        return (features, targets)
    }

    /// The learning-curve learner's metrics: the curve at the delivered labels' effective size
    /// (it predicts accuracy only, so F1 and log-loss stay missing).
    private func predicted(_ map: LearningCurveMap, pool: ItemPool, labels: [Int32], into record: inout MetricRecord<Double>) {
        func accuracy(_ count: Int) -> (predicted: Double, clean: Double) {
            let noise = LearningCurveMap.noise(labels: Array(labels[0..<count]), truth: pool.classes[0..<count])
            return (
                map.predictedAccuracy(items: Double(count), errorRate: noise.errorRate, systematicShare: noise.systematicShare),
                map.accuracy(cleanItems: Double(count))
            )
        }
        let whole = accuracy(labels.count)
        record[.modelAccuracy] = whole.predicted
        record[.oracleAccuracy] = whole.clean
        record[.noiseCost] = whole.clean - whole.predicted
        for size in model.learningCurve where size <= labels.count {
            record[.modelAccuracy(trainedOn: size)] = accuracy(size).predicted
        }
    }
}

/// Oracle fits of one replication by item count, shared by its vendors.
public final class OracleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var fits: [Int: any ProbabilisticClassifier] = [:]

    /// An empty cache.
    public init() {}

    /// The oracle fit on `items` items, fitting it with `fit` the first time.
    public func fit(items: Int, _ fit: () throws -> any ProbabilisticClassifier) throws -> any ProbabilisticClassifier {
        lock.lock()
        let known = fits[items]
        lock.unlock()
        if let known { return known }
        let fitted = try fit()
        lock.lock()
        fits[items] = fitted
        lock.unlock()
        return fitted
    }
}
