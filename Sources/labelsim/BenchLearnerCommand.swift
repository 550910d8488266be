import ArgumentParser
import Foundation
import LabelSimBench

/// `labelsim bench-learner`: times ``SoftmaxRegression`` against scikit-learn's
/// `LogisticRegression(solver="lbfgs")` on the same data and the same penalised objective
/// (``SoftmaxBenchmark``).
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

    func validate() throws {
        guard train > 0, test > 0, rounds > 0, repeats > 0 else {
            throw ValidationError("--train, --test, --rounds and --repeats must be positive")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("no scikit-learn script at \(script); run from the repository root or pass --script")
        }
    }

    func run() throws {
        var benchmark = SoftmaxBenchmark()
        (benchmark.train, benchmark.test, benchmark.dimensions, benchmark.classes) = (train, test, dimensions, classes)
        (benchmark.separation, benchmark.l2, benchmark.tolerance, benchmark.seed) = (separation, l2, tolerance, seed)
        (benchmark.rounds, benchmark.repeats, benchmark.python, benchmark.script) = (rounds, repeats, python, script)
        benchmark.sklearnThreads = sklearnThreads
        let result = try BenchOutput.run { try benchmark.run(progress: BenchOutput.progress) }
        let report = result.sklearn
        print("data: \(train) train + \(test) test items, D = \(dimensions), K = \(classes), s = \(separation), seed \(seed)")
        print("objective: mean cross-entropy + (l2/2)‖W‖², l2 = \(l2) (scikit-learn C = \(benchmark.c)), tolerance \(tolerance)")
        print("Bayes accuracy: \(BenchOutput.fixed(result.bayes, 4))")
        print("learner                 median fit s   test accuracy   objective        iterations")
        print(
            "labelsim softmax        \(BenchOutput.fixed(result.swiftMedian, 4).padded(13))  "
                + "\(BenchOutput.fixed(result.swiftAccuracy, 4).padded(14))  "
                + "\(BenchOutput.fixed(result.objective, 9).padded(15))  \(result.iterations) (\(result.evaluations) evaluations)")
        print(
            "sklearn \(report.version.padded(15)) \(BenchOutput.fixed(result.sklearnMedian, 4).padded(13))  "
                + "\(BenchOutput.fixed(report.accuracy, 4).padded(14))  \(BenchOutput.fixed(report.objective, 9).padded(15))  "
                + "\(report.iterations)")
        print("speed-up (sklearn / labelsim): \(BenchOutput.fixed(result.sklearnMedian / result.swiftMedian, 2))×")
        print("accuracy difference (labelsim − sklearn): \(BenchOutput.fixed(100 * (result.swiftAccuracy - report.accuracy), 3)) points")
        print("fits timed: \(result.swiftFits) Swift, \(result.sklearnFits) scikit-learn, in \(rounds) alternating rounds")
        print("threads: labelsim 1, scikit-learn \(sklearnThreads.map { "\($0)" } ?? "library default")")
    }
}
