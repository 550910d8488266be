import Foundation
import LabelSimEngine

/// `labelsim bench-learner`: ``SoftmaxRegression`` against scikit-learn's
/// `LogisticRegression(solver="lbfgs")` on the same data and the same penalised objective
/// (mean cross-entropy + (l2/2)‖W‖², scikit-learn's C = 1/(l2 · n)).
///
/// Draws Gaussian class-conditional features, writes them to CSV in a temporary folder, then
/// alternates rounds: `repeats` Swift fits (after one warm-up fit), then one run of the script
/// (one warm-up fit, then `repeats` timed fits).
public struct SoftmaxBenchmark: Sendable {
    /// Training items.
    public var train = 20_000
    /// Test items.
    public var test = 20_000
    /// Feature dimensions.
    public var dimensions = 16
    /// Classes.
    public var classes = 4
    /// Distance between class means in noise standard deviations.
    public var separation = 2.0
    /// Ridge strength of the mean cross-entropy objective.
    public var l2 = 1e-3
    /// Stopping tolerance of both learners (gradient norm in Swift, scikit-learn's `tol`).
    public var tolerance = 1e-4
    /// Alternating rounds.
    public var rounds = 5
    /// Timed fits per learner per round.
    public var repeats = 3
    /// Seed of the data.
    public var seed: UInt64 = 20_250_829
    /// Python interpreter with scikit-learn.
    public var python = "python3"
    /// Path of the scikit-learn script.
    public var script = "scripts/bench_sklearn.py"
    /// Threads of scikit-learn's OpenMP and BLAS pools; nil: the libraries' own choice.
    public var sklearnThreads: Int?

    /// A benchmark with the defaults above.
    public init() {}

    /// scikit-learn's C for this objective.
    public var c: Double { 1 / (l2 * Double(train)) }

    /// What the Python script prints.
    public struct SklearnReport: Decodable, Sendable {
        /// Seconds of each timed fit.
        public let seconds: [Double]
        /// Test accuracy of the last fit.
        public let accuracy: Double
        /// Final objective of the last fit.
        public let objective: Double
        /// Iterations of the last fit.
        public let iterations: Int
        /// scikit-learn's version.
        public let version: String
    }

    /// What one benchmark run measured.
    public struct Result: Sendable {
        /// Median seconds of the Swift fits.
        public var swiftMedian: Double
        /// Median seconds of scikit-learn's fits.
        public var sklearnMedian: Double
        /// Swift fits timed.
        public var swiftFits: Int
        /// scikit-learn fits timed.
        public var sklearnFits: Int
        /// The last Swift fit's test accuracy.
        public var swiftAccuracy: Double
        /// The last Swift fit's objective.
        public var objective: Double
        /// The last Swift fit's iterations.
        public var iterations: Int
        /// The last Swift fit's objective evaluations.
        public var evaluations: Int
        /// scikit-learn's last report.
        public var sklearn: SklearnReport
        /// The world's Bayes accuracy.
        public var bayes: Double
    }

    /// Runs the rounds; `progress` gets one line per finished round.
    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let model = try FeatureModel(classes: classes, dimensions: dimensions, separation: separation)
        let data = try SyntheticDataset(model: model, train: train, test: test, seed: seed)
        return try SklearnPeer.withFolder("bench") { folder in
            let trainFile = folder.appendingPathComponent("train.csv")
            let testFile = folder.appendingPathComponent("test.csv")
            try SklearnPeer.writeFeatureCSV(features: data.trainFeatures, labels: data.trainLabels, dimensions: dimensions, to: trainFile)
            try SklearnPeer.writeFeatureCSV(features: data.testFeatures, labels: data.testLabels, dimensions: dimensions, to: testFile)
            let learner = try SoftmaxRegression(classes: classes, dimensions: dimensions, l2: l2, tolerance: tolerance)
            // Warm-up fit (page faults, lazy binding) so the first timed round is not penalised.
            var fitted = try learner.fit(features: data.trainFeatures, targets: .hard(data.trainLabels))
            var swiftSeconds: [Double] = []
            var sklearnSeconds: [Double] = []
            var report: SklearnReport?
            for round in 1...max(rounds, 1) {
                for _ in 0..<repeats {
                    let timed = try Timing.measure { try learner.fit(features: data.trainFeatures, targets: .hard(data.trainLabels)) }
                    fitted = timed.result
                    swiftSeconds.append(timed.seconds)
                }
                let latest: SklearnReport = try SklearnPeer.run(
                    python: python, script: script,
                    arguments: [
                        "--train", trainFile.path, "--test", testFile.path, "--C", "\(c)", "--tol", "\(tolerance)",
                        "--repeats", "\(repeats)", "--l2", "\(l2)",
                    ],
                    threads: sklearnThreads)
                sklearnSeconds += latest.seconds
                report = latest
                progress("round \(round)/\(rounds) done")
            }
            guard let report else { throw BenchmarkError("no round ran") }
            return Result(
                swiftMedian: Timing.median(swiftSeconds), sklearnMedian: Timing.median(sklearnSeconds), swiftFits: swiftSeconds.count,
                sklearnFits: sklearnSeconds.count, swiftAccuracy: fitted.accuracy(features: data.testFeatures, labels: data.testLabels),
                objective: fitted.objective, iterations: fitted.iterations, evaluations: fitted.evaluations, sklearn: report,
                bayes: try model.bayesAccuracy())
        }
    }
}
