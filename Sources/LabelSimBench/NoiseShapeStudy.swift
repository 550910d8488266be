import LabelSimEngine
import LabelSimGSL

/// Measures whether label noise concentrated near the class boundary hurts softmax regression
/// more than uniform noise of the same overall rate.
///
/// For each training size and replication r it draws a dataset (seed derived from `seed`, r and
/// the size), then trains three models on the same items: on the clean labels, on labels flipped
/// uniformly at `rate`, and on labels flipped with probability proportional to each item's Bayes
/// difficulty 1 − margin, rescaled to average `rate` (``LabelNoise/boundaryFlipProbabilities(difficulties:rate:)``).
/// All three are scored on the same clean test set.
public struct NoiseShapeStudy: Sendable {
    /// One training size's results, averaged over replications.
    public struct Row: Sendable, Equatable {
        /// Number of training items.
        public let trainingSize: Int
        /// Mean test accuracy with clean labels.
        public let clean: Double
        /// Mean test accuracy with uniform noise.
        public let uniform: Double
        /// Mean test accuracy with boundary-concentrated noise.
        public let boundary: Double
        /// Standard error of the mean paired difference uniform − boundary.
        public let differenceStandardError: Double
        /// Realised mean flip rate of the boundary noise (should be close to the target rate).
        public let boundaryRealisedRate: Double
    }

    /// The feature model items are drawn from.
    public let model: FeatureModel
    /// Overall flip rate of both kinds of noise.
    public let rate: Double
    /// Number of clean test items.
    public let testItems: Int
    /// Replications per training size.
    public let replications: Int
    /// The learner's ridge strength.
    public let l2: Double

    /// Creates a study.
    public init(model: FeatureModel, rate: Double, testItems: Int = 20_000, replications: Int = 5, l2: Double = 1e-4) {
        self.model = model
        self.rate = rate
        self.testItems = testItems
        self.replications = replications
        self.l2 = l2
    }

    /// Runs the study at each training size.
    public func run(trainingSizes: [Int], seed: UInt64) throws -> [Row] {
        let learner = try SoftmaxRegression(classes: model.classes, dimensions: model.dimensions, l2: l2)
        var rows: [Row] = []
        for size in trainingSizes {
            var sums = (clean: 0.0, uniform: 0.0, boundary: 0.0, realised: 0.0)
            var differences: [Double] = []
            for replication in 0..<replications {
                let base = seed &+ UInt64(size) &* 1_000_003 &+ UInt64(replication) &* 7919
                let data = try SyntheticDataset(model: model, train: size, test: testItems, seed: base)
                let rng = GSLRandom(seed: base ^ 0x5EED)
                let uniform = LabelNoise.flipUniformly(data.trainLabels, classes: model.classes, rate: rate, using: rng)
                let difficulties = model.difficulties(features: data.trainFeatures)
                let boundary = LabelNoise.flipNearBoundary(
                    data.trainLabels, classes: model.classes, difficulties: difficulties, rate: rate, using: rng)
                func score(_ labels: [Int32]) throws -> Double {
                    try learner.fit(features: data.trainFeatures, targets: .hard(labels))
                        .accuracy(features: data.testFeatures, labels: data.testLabels)
                }
                let cleanAccuracy = try score(data.trainLabels)
                let uniformAccuracy = try score(uniform)
                let boundaryAccuracy = try score(boundary)
                sums.clean += cleanAccuracy
                sums.uniform += uniformAccuracy
                sums.boundary += boundaryAccuracy
                sums.realised += Double(zip(boundary, data.trainLabels).filter { $0 != $1 }.count) / Double(size)
                differences.append(uniformAccuracy - boundaryAccuracy)
            }
            let r = Double(replications)
            let meanDifference = differences.reduce(0, +) / r
            let variance = differences.reduce(0.0) { $0 + ($1 - meanDifference) * ($1 - meanDifference) } / max(1, r - 1)
            rows.append(
                Row(
                    trainingSize: size, clean: sums.clean / r, uniform: sums.uniform / r, boundary: sums.boundary / r,
                    differenceStandardError: (variance / r).squareRoot(), boundaryRealisedRate: sums.realised / r))
        }
        return rows
    }
}
