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
            Draws --pairs feature differences (d ~ N(0, 2I), --features columns) with Bradley–Terry labels \
            P(A) = σ(w*·d), writes them as raw float64/uint8 files in a temporary folder, fits them --repeats times in \
            Swift (after one warm-up fit) and runs scripts/bench_reward_model.py (one warm-up, then --repeats timed \
            fits of LogisticRegression(fit_intercept=False, C = 1/(n·l2), lbfgs)). Prints median seconds, final \
            objectives and the ratio.
            """
    )

    @Option(help: "Comparisons (rows).") var pairs = 1_000_000
    @Option(help: "Features (columns).") var features = 32
    @Option(help: "Ridge strength of the mean logistic objective.") var l2 = 1e-4
    @Option(help: "Stopping tolerance (gradient norm in Swift, scikit-learn's tol).") var tolerance = 1e-6
    @Option(help: "Timed fits per learner.") var repeats = 3
    @Option(help: "Seed of the data.") var seed: UInt64 = 20_260_601
    @Option(help: "Python interpreter with scikit-learn.") var python = "python3"
    @Option(help: "Path of the scikit-learn script.") var script = "scripts/bench_reward_model.py"

    private struct SklearnReport: Decodable {
        let seconds: [Double]
        let objective: Double
        let iterations: Int
        let version: String
    }

    func validate() throws {
        guard pairs > 0, features > 1, repeats > 0 else {
            throw ValidationError("--pairs, --repeats must be positive and --features at least 2")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("no scikit-learn script at \(script); run from the repository root or pass --script")
        }
    }

    func run() throws {
        let rng = GSLRandom(seed: seed)
        let truth = (0..<features).map { _ in rng.gaussian(sigma: 1 / Double(features).squareRoot()) }
        var x = [Double](repeating: 0, count: pairs * features)
        var y = [UInt8](repeating: 0, count: pairs)
        for i in 0..<pairs {
            var margin = 0.0
            for j in 0..<features {
                let value = rng.gaussian(sigma: 2.0.squareRoot())
                x[i * features + j] = value
                margin += truth[j] * value
            }
            y[i] = rng.uniform() < 1 / (1 + exp(-margin)) ? 1 : 0
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labelsim-bench-rm-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let xFile = folder.appendingPathComponent("x.f64")
        let yFile = folder.appendingPathComponent("y.u8")
        try x.withUnsafeBytes { try Data($0).write(to: xFile) }
        try Data(y).write(to: yFile)

        var fitted = try RewardModel.fit(differences: x, labels: y, dimensions: features, l2: l2, gradientTolerance: tolerance)
        var swiftSeconds: [Double] = []
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            fitted = try RewardModel.fit(differences: x, labels: y, dimensions: features, l2: l2, gradientTolerance: tolerance)
            let elapsed = ContinuousClock.now - start
            swiftSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let report: SklearnReport = try SklearnPeer.run(
            python: python, script: script,
            arguments: [
                "--x", xFile.path, "--y", yFile.path, "--d", "\(features)", "--l2", "\(l2)", "--tol", "\(tolerance)",
                "--repeats", "\(repeats)",
            ],
            threads: nil)
        let objective = Self.objective(fitted.weights, x, y, features, l2)
        let swiftMedian = swiftSeconds.sorted()[swiftSeconds.count / 2]
        let sklearnMedian = report.seconds.sorted()[report.seconds.count / 2]
        print("data: \(pairs) comparisons × \(features) features, seed \(seed); objective mean log-loss + (l2/2)‖w‖², l2 = \(l2)")
        print(
            "labelsim reward model: median \(String(format: "%.4f", swiftMedian)) s, objective \(String(format: "%.9f", objective)), \(fitted.iterations) Newton iterations"
        )
        print(
            "scikit-learn \(report.version) lbfgs: median \(String(format: "%.4f", sklearnMedian)) s, objective \(String(format: "%.9f", report.objective)), \(report.iterations) iterations"
        )
        print("speed-up (scikit-learn / labelsim): \(String(format: "%.2f", sklearnMedian / swiftMedian))×")
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
}
