import Foundation
import LabelSimEngine
import LabelSimGSL

/// `labelsim bench-mlp`: ``MultilayerPerceptron`` against scikit-learn's `MLPClassifier` with the
/// same architecture, optimiser and early stopping, on the same data.
///
/// Draws a checkerboard-mixture world (non-linear: capacity matters), writes it to CSV in a
/// temporary folder, fits labelsim's perceptron `repeats` times (seeds 1…) and runs the script
/// (`repeats` fits, random_state 0…), beside the world's Bayes accuracy and softmax regression's.
public struct PerceptronBenchmark: Sendable {
    /// Training items.
    public var train = 20_000
    /// Test items.
    public var test = 20_000
    /// Feature dimensions.
    public var dimensions = 16
    /// Classes.
    public var classes = 4
    /// Gaussian components per class (checkerboard mixture).
    public var mixture = 2
    /// Grid spacing of the component means in noise standard deviations.
    public var separation = 3.0
    /// Hidden layer widths.
    public var hidden = [64]
    /// Timed fits per learner.
    public var repeats = 1
    /// Seed of the data.
    public var seed: UInt64 = 20_250_829
    /// Python interpreter with scikit-learn.
    public var python = "python3"
    /// Path of the scikit-learn script.
    public var script = "scripts/bench_sklearn_mlp.py"
    /// Threads of scikit-learn's BLAS pools; nil: the library's own choice.
    public var sklearnThreads: Int?

    /// A benchmark with the defaults above.
    public init() {}

    /// What the Python script prints: per fit, seconds, test accuracy and epochs.
    public struct SklearnReport: Decodable, Sendable {
        /// Seconds of each fit.
        public let seconds: [Double]
        /// Test accuracy of each fit.
        public let accuracy: [Double]
        /// Epochs of each fit.
        public let epochs: [Int]
        /// scikit-learn's version.
        public let version: String
    }

    /// What one benchmark run measured.
    public struct Result: Sendable {
        /// Seconds of each Swift fit.
        public var seconds: [Double]
        /// Test accuracy of each Swift fit.
        public var accuracy: [Double]
        /// Epochs of each Swift fit.
        public var epochs: [Int]
        /// scikit-learn's report.
        public var sklearn: SklearnReport
        /// Softmax regression's test accuracy on the same data.
        public var linearAccuracy: Double
        /// The world's Bayes accuracy (Monte Carlo) and its standard error.
        public var bayes: (value: Double, standardError: Double)

        /// Median seconds of the Swift fits.
        public var medianSeconds: Double { Timing.median(seconds) }
        /// Mean test accuracy of the Swift fits.
        public var meanAccuracy: Double { Timing.mean(accuracy) }
        /// Median seconds of scikit-learn's fits.
        public var sklearnMedianSeconds: Double { Timing.median(sklearn.seconds) }
        /// Mean test accuracy of scikit-learn's fits.
        public var sklearnMeanAccuracy: Double { Timing.mean(sklearn.accuracy) }
    }

    /// Fits both learners.
    public func run() throws -> Result {
        let model = try FeatureModel(classes: classes, dimensions: dimensions, separation: separation, components: mixture)
        let data = try SyntheticDataset(model: model, train: train, test: test, seed: seed)
        return try SklearnPeer.withFolder("bench-mlp") { folder in
            let trainFile = folder.appendingPathComponent("train.csv")
            let testFile = folder.appendingPathComponent("test.csv")
            try SklearnPeer.writeFeatureCSV(features: data.trainFeatures, labels: data.trainLabels, dimensions: dimensions, to: trainFile)
            try SklearnPeer.writeFeatureCSV(features: data.testFeatures, labels: data.testLabels, dimensions: dimensions, to: testFile)
            let learner = try MultilayerPerceptron(classes: classes, dimensions: dimensions, hidden: hidden)
            var seconds: [Double] = []
            var accuracy: [Double] = []
            var epochs: [Int] = []
            for repeat_ in 1...max(repeats, 1) {
                let timed = try Timing.measure {
                    try learner.fitNetwork(
                        features: data.trainFeatures, targets: .hard(data.trainLabels), using: GSLRandom(seed: UInt64(repeat_)))
                }
                seconds.append(timed.seconds)
                accuracy.append(timed.result.scores(features: data.testFeatures, labels: data.testLabels).accuracy)
                epochs.append(timed.result.epochs)
            }
            let report: SklearnReport = try SklearnPeer.run(
                python: python, script: script,
                arguments: ["--train", trainFile.path, "--test", testFile.path, "--repeats", "\(repeats)", "--hidden"]
                    + hidden.map { "\($0)" },
                threads: sklearnThreads)
            let linear = try SoftmaxRegression(classes: classes, dimensions: dimensions).fit(
                features: data.trainFeatures, targets: .hard(data.trainLabels)
            ).accuracy(features: data.testFeatures, labels: data.testLabels)
            let bayes = try model.mixtureBayesAccuracy()
            return Result(
                seconds: seconds, accuracy: accuracy, epochs: epochs, sklearn: report, linearAccuracy: linear,
                bayes: (bayes.value, bayes.standardError))
        }
    }
}
