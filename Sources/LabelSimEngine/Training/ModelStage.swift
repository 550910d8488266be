import Foundation
import LabelSimCore
import LabelSimGSL

/// Step 6 of a replication: train the learner on the labels a vendor delivered and evaluate it on
/// the clean test set, beside the same learner trained on the true labels of the same items (the
/// oracle) and the Bayes accuracy of the feature model.
///
/// Metrics, in this order: `model_accuracy`, `model_macro_f1`, `model_log_loss` (mean negative
/// log-probability of the true test class), `oracle_accuracy`, `noise_cost` (oracle − model
/// accuracy), `bayes_accuracy`, then `model_accuracy@N` for every learning-curve size N (the model
/// trained on the vendor's first N labelled items; missing when the vendor labelled fewer).
///
/// Cost control: oracle fits depend only on the number of items (every vendor labels a prefix of
/// the same pool), so one oracle fit per item count is shared by all vendors of a replication;
/// the vendor's fit starts from the oracle's weights (the objective is strictly convex, so the
/// start changes the path, not the optimum).
public struct ModelStage: Sendable {
    /// The feature model.
    public let features: FeatureModel
    /// The learner's settings.
    public let model: ModelSpec
    /// Bayes accuracy of the feature model under the task prior.
    public let bayesAccuracy: Double
    let prior: [Double]

    /// Prepares the stage for `scenario`; nil when the scenario has no features.
    public init?(scenario: Scenario) throws {
        guard let spec = scenario.data.features else { return nil }
        features = try FeatureModel(
            classes: scenario.task.classes, dimensions: spec.dimensions, separation: spec.separation, informative: spec.informative)
        model = scenario.model
        prior = scenario.task.prior
        bayesAccuracy = try features.bayesAccuracy(prior: scenario.task.prior)
    }

    /// Metric names this stage adds.
    public static func metricNames(_ model: ModelSpec) -> [String] {
        ["model_accuracy", "model_macro_f1", "model_log_loss", "oracle_accuracy", "noise_cost", "bayes_accuracy"]
            + model.learningCurve.map { "model_accuracy@\($0)" }
    }

    /// The clean test set of a replication: classes by the task prior, features by the model.
    public func testSet(count: Int, using rng: GSLRandom) throws -> (features: [Double], classes: [Int32]) {
        let classes = try features.drawClasses(count: count, prior: prior, using: rng)
        return (features.drawFeatures(classes: classes, using: rng), classes)
    }

    /// Trains and evaluates on the first `labels.count` pool items.
    ///
    /// - Parameters:
    ///   - labels: the final label of each labelled item (aggregated, or the reviewer's).
    ///   - posteriors: item-major posteriors for soft targets.
    public func evaluate(
        pool: ItemPool, labels: [Int32], posteriors: [Double], test: (features: [Double], classes: [Int32]), oracles: OracleCache
    ) throws -> [Double] {
        let n = labels.count
        let names = Self.metricNames(model)
        guard n > 0 else {
            // Nothing to train on: only the Bayes accuracy is defined.
            return names.map { $0 == "bayes_accuracy" ? bayesAccuracy : .nan }
        }
        let dimensions = features.dimensions
        let learner = try SoftmaxRegression(classes: features.classes, dimensions: dimensions, l2: model.l2)
        let trainFeatures = Array(pool.features[0..<(n * dimensions)])
        let oracle = try oracles.fit(items: n) {
            try learner.fit(features: trainFeatures, targets: .hard(Array(pool.classes[0..<n])))
        }
        let targets: SoftmaxRegression.Targets =
            model.targets == .soft ? .soft(posteriors) : .hard(labels)
        // Labels identical to the truth pose the oracle's problem: reuse its fit.
        let fitted =
            model.targets == .hard && labels.elementsEqual(pool.classes[0..<n])
            ? oracle : try learner.fit(features: trainFeatures, targets: targets, warmStart: oracle.weights)
        let accuracy = fitted.accuracy(features: test.features, labels: test.classes)
        let oracleAccuracy = oracle.accuracy(features: test.features, labels: test.classes)
        var row = [
            accuracy, fitted.macroF1(features: test.features, labels: test.classes),
            fitted.logLoss(features: test.features, labels: test.classes),
            oracleAccuracy, oracleAccuracy - accuracy, bayesAccuracy,
        ]
        for size in model.learningCurve {
            guard size <= n else {
                row.append(.nan)
                continue
            }
            let curveTargets: SoftmaxRegression.Targets =
                model.targets == .soft ? .soft(Array(posteriors[0..<(size * features.classes)])) : .hard(Array(labels[0..<size]))
            let curve = try learner.fit(features: Array(trainFeatures[0..<(size * dimensions)]), targets: curveTargets)
            row.append(curve.accuracy(features: test.features, labels: test.classes))
        }
        return row
    }
}

/// Oracle fits of one replication by item count, shared by its vendors.
public final class OracleCache: @unchecked Sendable {
    private let lock = NSLock()
    private var fits: [Int: FittedSoftmax] = [:]

    /// An empty cache.
    public init() {}

    /// The oracle fit on `items` items, fitting it with `fit` the first time.
    public func fit(items: Int, _ fit: () throws -> FittedSoftmax) throws -> FittedSoftmax {
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
