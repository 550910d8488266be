import ArgumentParser
import Foundation
import LabelSimBench

/// `labelsim bench-reward-model`: times the Bradley–Terry reward-model fit (``RewardModel``)
/// against scikit-learn's `LogisticRegression(fit_intercept=False)` on the same data and objective
/// (``RewardModelBenchmark``).
struct BenchRewardModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-reward-model",
        abstract: "Benchmark the Bradley–Terry reward-model fit against scikit-learn on identical data.",
        discussion: """
            Draws --pairs training and --test held-out feature differences (d ~ N(0, 2I), --features columns) with \
            Bradley–Terry labels P(A) = σ(w*·d), writes the training set as raw float64/uint8 files in a temporary \
            folder, then alternates --rounds rounds: --repeats timed fits in Swift (after one warm-up fit), then \
            scripts/bench_reward_model.py (one warm-up, then --repeats timed fits of \
            LogisticRegression(fit_intercept=False, C = 1/(n·l2), solver="lbfgs", tol, max_iter=1000)) twice: \
            with the libraries' default thread pools and pinned to one thread (OMP/OpenBLAS/MKL_NUM_THREADS=1). \
            All final weights are scored by the same code: objective on the training set, accuracy on the \
            held-out set. Prints median seconds over all timed fits and both ratios (labelsim runs on one thread).
            """
    )

    @Option(help: "Comparisons (training rows).") var pairs = 1_000_000
    @Option(help: "Held-out comparisons for the accuracy.") var test = 200_000
    @Option(help: "Features (columns).") var features = 32
    @Option(help: "Ridge strength of the mean logistic objective.") var l2 = 1e-4
    @Option(help: "Stopping tolerance: the largest gradient component, in both (scikit-learn's tol).") var tolerance = 1e-6
    @Option(help: "Alternating rounds.") var rounds = 3
    @Option(help: "Timed fits per learner per round.") var repeats = 3
    @Option(help: "Seed of the data.") var seed: UInt64 = 20_260_601
    @Option(help: "Python interpreter with scikit-learn.") var python = "python3"
    @Option(help: "Path of the scikit-learn script.") var script = "scripts/bench_reward_model.py"
    @Option(
        help:
            "Time scikit-learn only with its OpenMP and BLAS pools pinned to this many threads (default: both the libraries' own choice and 1)."
    )
    var sklearnThreads: Int?

    func validate() throws {
        guard pairs > 0, test > 0, features > 1, repeats > 0, rounds > 0, (sklearnThreads ?? 1) > 0 else {
            throw ValidationError("--pairs, --test, --rounds, --repeats must be positive and --features at least 2")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("no scikit-learn script at \(script); run from the repository root or pass --script")
        }
    }

    func run() throws {
        var benchmark = RewardModelBenchmark()
        (benchmark.pairs, benchmark.test, benchmark.features, benchmark.l2, benchmark.tolerance) = (pairs, test, features, l2, tolerance)
        (benchmark.rounds, benchmark.repeats, benchmark.seed, benchmark.python, benchmark.script) = (rounds, repeats, seed, python, script)
        benchmark.peerThreads = sklearnThreads.map { [$0] } ?? [nil, 1]
        let result = try BenchOutput.run { try benchmark.run(progress: BenchOutput.progress) }
        func line(_ name: String, _ row: RewardModelBenchmark.Row, _ iterations: String) -> String {
            "\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) "
                + "\(String(format: "%.4f", row.medianSeconds).padding(toLength: 13, withPad: " ", startingAt: 0))  "
                + "\(String(format: "%.12f", row.objective))  \(String(format: "%.5f", row.accuracy))        \(iterations)"
        }
        func threadName(_ threads: Int?) -> String { threads.map { "pinned to \($0)" } ?? "library default" }
        print("data: \(pairs) comparisons × \(features) features (+ \(test) held out), seed \(seed)")
        print(
            "objective: mean log-loss + (l2/2)‖w‖², l2 = \(l2) (scikit-learn C = 1/(n·l2) = \(1 / (Double(pairs) * l2))), no intercept, tolerance \(tolerance)"
        )
        print("learner                                  median fit s   objective       held-out acc   iterations")
        print(
            line(
                "labelsim reward model (1 thread)", result.labelsim,
                "\(result.labelsim.iterations) Newton on all pairs + \(String(format: "%.2f", result.subsetPasses)) passes' worth on subsets"
            ))
        for peer in result.peers {
            print(
                line(
                    "scikit-learn \(peer.version) lbfgs, \(peer.threads.map { "\($0) thread" } ?? "default threads")", peer.row,
                    "\(peer.row.iterations)"))
        }
        for peer in result.peers {
            let ratio = peer.row.medianSeconds / result.labelsim.medianSeconds
            print(
                "speed-up against scikit-learn \(threadName(peer.threads)) (\(peer.threadReport)): \(String(format: "%.2f", ratio))× (medians of the same run)"
            )
        }
        print(
            "fits timed: \(result.labelsim.fits) labelsim, \(result.peers.map { "\($0.row.fits)" }.joined(separator: " + ")) scikit-learn, in \(rounds) alternating rounds"
        )
    }
}
