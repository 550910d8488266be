import ArgumentParser
import Foundation
import LabelSimEngine
import LabelSimGSL

/// `labelsim bench-mlp`: times ``MultilayerPerceptron`` against scikit-learn's `MLPClassifier`
/// with the same architecture, optimiser and early stopping, on the same data.
struct BenchPerceptronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-mlp",
        abstract: "Benchmark the perceptron learner against scikit-learn's MLPClassifier on identical data.",
        discussion: """
            Draws a checkerboard-mixture world (non-linear: capacity matters), writes it to CSV in a \
            temporary folder, fits labelsim's perceptron --repeats times (seeds 1…) and runs \
            scripts/bench_sklearn_mlp.py (--repeats fits, random_state 0…). Reports median fit \
            seconds, mean test accuracy and epochs of each, beside the world's Bayes accuracy and \
            softmax regression's accuracy.
            """
    )

    @Option(help: "Training items.") var train = 20_000
    @Option(help: "Test items.") var test = 20_000
    @Option(help: "Feature dimensions.") var dimensions = 16
    @Option(help: "Classes.") var classes = 4
    @Option(help: "Gaussian components per class (checkerboard mixture).") var mixture = 2
    @Option(help: "Grid spacing of the component means in noise standard deviations.") var separation = 3.0
    @Option(help: "Hidden layer widths, comma-separated.") var hidden = "64"
    @Option(help: "Timed fits per learner.") var repeats = 1
    @Option(help: "Seed of the data.") var seed: UInt64 = 20_250_829
    @Option(help: "Python interpreter with scikit-learn.") var python = "python3"
    @Option(help: "Path of the scikit-learn script.") var script = "scripts/bench_sklearn_mlp.py"
    @Option(help: "Threads for scikit-learn's BLAS pools (default: the library's own choice).") var sklearnThreads: Int?

    private struct SklearnReport: Decodable {
        let seconds: [Double]
        let accuracy: [Double]
        let epochs: [Int]
        let version: String
    }

    func validate() throws {
        guard train > 0, test > 0, repeats > 0 else { throw ValidationError("--train, --test and --repeats must be positive") }
        guard widths != nil else { throw ValidationError("--hidden must be positive widths separated by commas, e.g. 64 or 64,32") }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("no scikit-learn script at \(script); run from the repository root or pass --script")
        }
    }

    private var widths: [Int]? {
        let values = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    func run() throws {
        let model = try FeatureModel(classes: classes, dimensions: dimensions, separation: separation, components: mixture)
        let data = try SyntheticDataset(model: model, train: train, test: test, seed: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labelsim-bench-mlp-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainFile = folder.appendingPathComponent("train.csv")
        let testFile = folder.appendingPathComponent("test.csv")
        try SklearnPeer.writeFeatureCSV(features: data.trainFeatures, labels: data.trainLabels, dimensions: dimensions, to: trainFile)
        try SklearnPeer.writeFeatureCSV(features: data.testFeatures, labels: data.testLabels, dimensions: dimensions, to: testFile)
        let layers = widths ?? [64]
        let learner = try MultilayerPerceptron(classes: classes, dimensions: dimensions, hidden: layers)
        var swiftSeconds: [Double] = []
        var swiftAccuracy: [Double] = []
        var swiftEpochs: [Int] = []
        for repeat_ in 1...repeats {
            let start = ContinuousClock.now
            let fitted = try learner.fitNetwork(
                features: data.trainFeatures, targets: .hard(data.trainLabels), using: GSLRandom(seed: UInt64(repeat_)))
            swiftSeconds.append(seconds(ContinuousClock.now - start))
            swiftAccuracy.append(fitted.scores(features: data.testFeatures, labels: data.testLabels).accuracy)
            swiftEpochs.append(fitted.epochs)
        }
        let report = try runSklearn(trainFile: trainFile, testFile: testFile, hidden: layers)
        let linear = try SoftmaxRegression(classes: classes, dimensions: dimensions).fit(
            features: data.trainFeatures, targets: .hard(data.trainLabels)
        ).accuracy(features: data.testFeatures, labels: data.testLabels)
        let bayes = try model.mixtureBayesAccuracy()
        print(
            "data: checkerboard mixture, \(train) train + \(test) test items, D = \(dimensions), K = \(classes), "
                + "\(mixture) components per class, spacing \(separation), seed \(seed)")
        print("network: hidden \(layers), ReLU, Adam lr 0.001, batch 200, alpha 1e-4, early stopping (10% validation, patience 10)")
        print(
            "Bayes accuracy: \(format(bayes.value, 4)) ± \(format(bayes.standardError, 4)) (Monte Carlo); softmax regression: "
                + format(linear, 4))
        print("learner                 median fit s   mean test accuracy   epochs")
        print(
            "labelsim mlp            \(format(median(swiftSeconds), 3).padded(13))  \(format(mean(swiftAccuracy), 4).padded(19))  "
                + "\(swiftEpochs)")
        print(
            "sklearn \(report.version.padded(15)) \(format(median(report.seconds), 3).padded(13))  "
                + "\(format(mean(report.accuracy), 4).padded(19))  \(report.epochs)")
        print("speed-up (sklearn / labelsim): \(format(median(report.seconds) / median(swiftSeconds), 2))×")
        print("fits: \(repeats) each; threads: labelsim 1, scikit-learn \(sklearnThreads.map { "\($0)" } ?? "library default")")
    }

    private func runSklearn(trainFile: URL, testFile: URL, hidden: [Int]) throws -> SklearnReport {
        try SklearnPeer.run(
            python: python, script: script,
            arguments: ["--train", trainFile.path, "--test", testFile.path, "--repeats", "\(repeats)", "--hidden"]
                + hidden.map { "\($0)" },
            threads: sklearnThreads)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    private func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
