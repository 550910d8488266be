import ArgumentParser
import Foundation
import LabelSimBench

/// `labelsim bench-mlp`: times ``MultilayerPerceptron`` against scikit-learn's `MLPClassifier`
/// with the same architecture, optimiser and early stopping, on the same data
/// (``PerceptronBenchmark``).
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
        var benchmark = PerceptronBenchmark()
        (benchmark.train, benchmark.test, benchmark.dimensions, benchmark.classes) = (train, test, dimensions, classes)
        (benchmark.mixture, benchmark.separation, benchmark.hidden, benchmark.repeats) = (mixture, separation, widths ?? [64], repeats)
        (benchmark.seed, benchmark.python, benchmark.script, benchmark.sklearnThreads) = (seed, python, script, sklearnThreads)
        let result = try BenchOutput.run { try benchmark.run() }
        let report = result.sklearn
        print(
            "data: checkerboard mixture, \(train) train + \(test) test items, D = \(dimensions), K = \(classes), "
                + "\(mixture) components per class, spacing \(separation), seed \(seed)")
        print(
            "network: hidden \(benchmark.hidden), ReLU, Adam lr 0.001, batch 200, alpha 1e-4, early stopping (10% validation, patience 10)"
        )
        print(
            "Bayes accuracy: \(BenchOutput.fixed(result.bayes.value, 4)) ± \(BenchOutput.fixed(result.bayes.standardError, 4)) "
                + "(Monte Carlo); softmax regression: " + BenchOutput.fixed(result.linearAccuracy, 4))
        print("learner                 median fit s   mean test accuracy   epochs")
        print(
            "labelsim mlp            \(BenchOutput.fixed(result.medianSeconds, 3).padded(13))  "
                + "\(BenchOutput.fixed(result.meanAccuracy, 4).padded(19))  \(result.epochs)")
        print(
            "sklearn \(report.version.padded(15)) \(BenchOutput.fixed(result.sklearnMedianSeconds, 3).padded(13))  "
                + "\(BenchOutput.fixed(result.sklearnMeanAccuracy, 4).padded(19))  \(report.epochs)")
        print("speed-up (sklearn / labelsim): \(BenchOutput.fixed(result.sklearnMedianSeconds / result.medianSeconds, 2))×")
        print("fits: \(repeats) each; threads: labelsim 1, scikit-learn \(sklearnThreads.map { "\($0)" } ?? "library default")")
    }
}
