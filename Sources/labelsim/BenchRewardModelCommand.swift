import ArgumentParser
import Foundation
import LabelSimEngine
import LabelSimGSL

/// `labelsim bench-reward-model`: times the Bradley–Terry reward-model fit (``RewardModel``)
/// against scikit-learn's `LogisticRegression(fit_intercept=False)` on the same data and objective.
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

    private struct SklearnReport: Decodable {
        let seconds: [Double]
        let objective: Double
        let weights: [Double]
        let iterations: Int
        let version: String
        let threads: String
    }

    func validate() throws {
        guard pairs > 0, test > 0, features > 1, repeats > 0, rounds > 0, (sklearnThreads ?? 1) > 0 else {
            throw ValidationError("--pairs, --test, --rounds, --repeats must be positive and --features at least 2")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("no scikit-learn script at \(script); run from the repository root or pass --script")
        }
    }

    func run() throws {
        let rng = GSLRandom(seed: seed)
        let truth = (0..<features).map { _ in rng.gaussian(sigma: 1 / Double(features).squareRoot()) }
        func draw(_ count: Int) -> (x: [Double], y: [UInt8]) {
            var x = [Double](repeating: 0, count: count * features)
            var y = [UInt8](repeating: 0, count: count)
            for i in 0..<count {
                var margin = 0.0
                for j in 0..<features {
                    let value = rng.gaussian(sigma: 2.0.squareRoot())
                    x[i * features + j] = value
                    margin += truth[j] * value
                }
                y[i] = rng.uniform() < 1 / (1 + exp(-margin)) ? 1 : 0
            }
            return (x, y)
        }
        let (x, y) = draw(pairs)
        let held = draw(test)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labelsim-bench-rm-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let xFile = folder.appendingPathComponent("x.f64")
        let yFile = folder.appendingPathComponent("y.u8")
        try x.withUnsafeBytes { try Data($0).write(to: xFile) }
        try Data(y).write(to: yFile)

        var fitted = try RewardModel.fit(differences: x, labels: y, dimensions: features, l2: l2, gradientTolerance: tolerance)
        // Thread settings of the scikit-learn peers: nil is the libraries' own choice.
        let peers: [Int?] = sklearnThreads.map { [$0] } ?? [nil, 1]
        var swiftSeconds: [Double] = []
        var sklearnSeconds = [[Double]](repeating: [], count: peers.count)
        var reports = [SklearnReport?](repeating: nil, count: peers.count)
        for round in 1...rounds {
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                fitted = try RewardModel.fit(differences: x, labels: y, dimensions: features, l2: l2, gradientTolerance: tolerance)
                let elapsed = ContinuousClock.now - start
                swiftSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            for (index, threads) in peers.enumerated() {
                let latest: SklearnReport = try SklearnPeer.run(
                    python: python, script: script,
                    arguments: [
                        "--x", xFile.path, "--y", yFile.path, "--d", "\(features)", "--l2", "\(l2)", "--tol", "\(tolerance)",
                        "--repeats", "\(repeats)",
                    ],
                    threads: threads)
                guard latest.weights.count == features else {
                    throw ValidationError("the scikit-learn script returned no weights of length \(features)")
                }
                sklearnSeconds[index] += latest.seconds
                reports[index] = latest
            }
            FileHandle.standardError.write(Data("round \(round)/\(rounds) done\n".utf8))
        }
        let swiftMedian = Self.median(swiftSeconds)
        func row(_ name: String, _ seconds: Double, _ w: [Double], _ iterations: String) -> String {
            let objective = Self.objective(w, x, y, features, l2)
            let accuracy = Self.accuracy(w, held.x, held.y, features)
            return
                "\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(String(format: "%.4f", seconds).padding(toLength: 13, withPad: " ", startingAt: 0))  "
                + "\(String(format: "%.12f", objective))  \(String(format: "%.5f", accuracy))        \(iterations)"
        }
        func threadName(_ threads: Int?) -> String { threads.map { "pinned to \($0)" } ?? "library default" }
        print("data: \(pairs) comparisons × \(features) features (+ \(test) held out), seed \(seed)")
        print(
            "objective: mean log-loss + (l2/2)‖w‖², l2 = \(l2) (scikit-learn C = 1/(n·l2) = \(1 / (Double(pairs) * l2))), no intercept, tolerance \(tolerance)"
        )
        print("learner                                  median fit s   objective       held-out acc   iterations")
        print(
            row(
                "labelsim reward model (1 thread)", swiftMedian, fitted.weights,
                "\(fitted.iterations) Newton on all pairs + \(String(format: "%.2f", fitted.subsetPasses)) passes' worth on subsets"))
        for (index, threads) in peers.enumerated() {
            guard let report = reports[index] else { continue }
            print(
                row(
                    "scikit-learn \(report.version) lbfgs, \(threads.map { "\($0) thread" } ?? "default threads")",
                    Self.median(sklearnSeconds[index]), report.weights, "\(report.iterations)"))
        }
        for (index, threads) in peers.enumerated() {
            guard let report = reports[index] else { continue }
            let ratio = Self.median(sklearnSeconds[index]) / swiftMedian
            print(
                "speed-up against scikit-learn \(threadName(threads)) (\(report.threads)): \(String(format: "%.2f", ratio))× (medians of the same run)"
            )
        }
        print(
            "fits timed: \(swiftSeconds.count) labelsim, \(sklearnSeconds.map { "\($0.count)" }.joined(separator: " + ")) scikit-learn, in \(rounds) alternating rounds"
        )
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func objective(_ w: [Double], _ x: [Double], _ y: [UInt8], _ d: Int, _ l2: Double) -> Double {
        var total = 0.0
        for i in 0..<y.count {
            var margin = 0.0
            for j in 0..<d { margin += w[j] * x[i * d + j] }
            let z = (y[i] == 1 ? 1.0 : -1.0) * margin
            total += z >= 0 ? log1p(exp(-z)) : -z + log1p(exp(z))
        }
        return total / Double(y.count) + l2 / 2 * w.reduce(0) { $0 + $1 * $1 }
    }

    static func accuracy(_ w: [Double], _ x: [Double], _ y: [UInt8], _ d: Int) -> Double {
        var hits = 0
        for i in 0..<y.count {
            var margin = 0.0
            for j in 0..<d { margin += w[j] * x[i * d + j] }
            if (margin > 0) == (y[i] == 1) { hits += 1 }
        }
        return Double(hits) / Double(y.count)
    }
}
