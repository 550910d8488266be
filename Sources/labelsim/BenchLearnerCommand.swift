import ArgumentParser
import Foundation
import LabelSimEngine

/// `labelsim bench-learner`: times ``SoftmaxRegression`` against scikit-learn's
/// `LogisticRegression(solver="lbfgs")` on the same data and the same penalised objective.
struct BenchLearnerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-learner",
        abstract: "Benchmark the softmax-regression learner against scikit-learn on identical data.",
        discussion: """
            Draws Gaussian class-conditional features, writes them to CSV in a temporary folder, then \
            alternates rounds: fit in Swift (--repeats times) and run scripts/bench_sklearn.py \
            (one warm-up fit, then --repeats timed fits). The L2 strength maps to scikit-learn's \
            C = 1/(l2 · n). Reports median fit seconds, test accuracy, final objective and the ratio.
            """
    )

    @Option(help: "Training items.") var train = 20_000
    @Option(help: "Test items.") var test = 20_000
    @Option(help: "Feature dimensions.") var dimensions = 16
    @Option(help: "Classes.") var classes = 4
    @Option(help: "Distance between class means in noise standard deviations.") var separation = 2.0
    @Option(help: "Ridge strength of the mean cross-entropy objective.") var l2 = 1e-3
    @Option(help: "Stopping tolerance for both learners (gradient norm in Swift, scikit-learn's tol).") var tolerance = 1e-4
    @Option(help: "Alternating rounds.") var rounds = 5
    @Option(help: "Timed fits per learner per round.") var repeats = 3
    @Option(help: "Seed of the data.") var seed: UInt64 = 20_250_829
    @Option(help: "Python interpreter with scikit-learn.") var python = "python3"
    @Option(help: "Path of the scikit-learn script.") var script = "scripts/bench_sklearn.py"
    @Option(help: "Threads for scikit-learn's OpenMP and BLAS pools (default: the libraries' own choice).")
    var sklearnThreads: Int?

    /// What the Python script prints.
    private struct SklearnReport: Decodable {
        let seconds: [Double]
        let accuracy: Double
        let objective: Double
        let iterations: Int
        let version: String
    }

    func validate() throws {
        guard train > 0, test > 0, rounds > 0, repeats > 0 else {
            throw ValidationError("--train, --test, --rounds and --repeats must be positive")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("no scikit-learn script at \(script); run from the repository root or pass --script")
        }
    }

    func run() throws {
        let model = try FeatureModel(classes: classes, dimensions: dimensions, separation: separation)
        let data = try SyntheticDataset(model: model, train: train, test: test, seed: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labelsim-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainFile = folder.appendingPathComponent("train.csv")
        let testFile = folder.appendingPathComponent("test.csv")
        try SklearnPeer.writeFeatureCSV(features: data.trainFeatures, labels: data.trainLabels, dimensions: dimensions, to: trainFile)
        try SklearnPeer.writeFeatureCSV(features: data.testFeatures, labels: data.testLabels, dimensions: dimensions, to: testFile)
        let c = 1 / (l2 * Double(train))
        let learner = try SoftmaxRegression(classes: classes, dimensions: dimensions, l2: l2, tolerance: tolerance)

        // Warm-up fit (page faults, lazy binding) so the first timed round is not penalised.
        var fitted = try learner.fit(features: data.trainFeatures, targets: .hard(data.trainLabels))
        var swiftSeconds: [Double] = []
        var sklearnSeconds: [Double] = []
        var report: SklearnReport?
        for round in 1...rounds {
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                fitted = try learner.fit(features: data.trainFeatures, targets: .hard(data.trainLabels))
                swiftSeconds.append(seconds(ContinuousClock.now - start))
            }
            let latest = try runSklearn(trainFile: trainFile, testFile: testFile, c: c)
            sklearnSeconds += latest.seconds
            report = latest
            FileHandle.standardError.write(Data("round \(round)/\(rounds) done\n".utf8))
        }
        guard let report else { return }
        let swiftAccuracy = fitted.accuracy(features: data.testFeatures, labels: data.testLabels)
        let swiftMedian = median(swiftSeconds)
        let sklearnMedian = median(sklearnSeconds)
        let bayes = try model.bayesAccuracy()
        print("data: \(train) train + \(test) test items, D = \(dimensions), K = \(classes), s = \(separation), seed \(seed)")
        print("objective: mean cross-entropy + (l2/2)‖W‖², l2 = \(l2) (scikit-learn C = \(c)), tolerance \(tolerance)")
        print("Bayes accuracy: \(format(bayes, 4))")
        print("learner                 median fit s   test accuracy   objective        iterations")
        print(
            "labelsim softmax        \(format(swiftMedian, 4).padded(13))  \(format(swiftAccuracy, 4).padded(14))  "
                + "\(format(fitted.objective, 9).padded(15))  \(fitted.iterations) (\(fitted.evaluations) evaluations)")
        print(
            "sklearn \(report.version.padded(15)) \(format(sklearnMedian, 4).padded(13))  \(format(report.accuracy, 4).padded(14))  "
                + "\(format(report.objective, 9).padded(15))  \(report.iterations)")
        print("speed-up (sklearn / labelsim): \(format(sklearnMedian / swiftMedian, 2))×")
        print("accuracy difference (labelsim − sklearn): \(format(100 * (swiftAccuracy - report.accuracy), 3)) points")
        print("fits timed: \(swiftSeconds.count) Swift, \(sklearnSeconds.count) scikit-learn, in \(rounds) alternating rounds")
        print("threads: labelsim 1, scikit-learn \(sklearnThreads.map { "\($0)" } ?? "library default")")
    }

    private func runSklearn(trainFile: URL, testFile: URL, c: Double) throws -> SklearnReport {
        try SklearnPeer.run(
            python: python, script: script,
            arguments: [
                "--train", trainFile.path, "--test", testFile.path, "--C", "\(c)", "--tol", "\(tolerance)",
                "--repeats", "\(repeats)", "--l2", "\(l2)",
            ],
            threads: sklearnThreads)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
