import Foundation
import LabelSimEngine
import LabelSimGSL

/// `labelsim bench-reward-model`: the Bradley–Terry reward-model fit (``RewardModel``) against
/// scikit-learn's `LogisticRegression(fit_intercept=False)` on the same data and objective.
///
/// Draws `pairs` training and `test` held-out feature differences (d ~ N(0, 2I), `features`
/// columns) with Bradley–Terry labels P(A) = σ(w*·d), writes the training set as raw
/// float64/uint8 files in a temporary folder, then alternates `rounds` rounds: `repeats` timed
/// Swift fits (after one warm-up fit), then the script once per thread setting (one warm-up, then
/// `repeats` timed fits each). Every final weight vector is scored by the same code, the fit's own
/// (``RewardModel/objective(differences:labels:l2:)`` on the training set,
/// ``RewardModel/accuracy(differences:labels:)`` on the held-out set).
public struct RewardModelBenchmark: Sendable {
    /// Comparisons (training rows).
    public var pairs = 1_000_000
    /// Held-out comparisons for the accuracy.
    public var test = 200_000
    /// Features (columns).
    public var features = 32
    /// Ridge strength of the mean logistic objective.
    public var l2 = 1e-4
    /// Stopping tolerance: the largest gradient component, in both (scikit-learn's `tol`).
    public var tolerance = 1e-6
    /// Alternating rounds.
    public var rounds = 3
    /// Timed fits per learner per round.
    public var repeats = 3
    /// Seed of the data.
    public var seed: UInt64 = 20_260_601
    /// Python interpreter with scikit-learn.
    public var python = "python3"
    /// Path of the scikit-learn script.
    public var script = "scripts/bench_reward_model.py"
    /// Thread settings of scikit-learn's OpenMP and BLAS pools, one peer each; nil: the
    /// libraries' own choice.
    public var peerThreads: [Int?] = [nil, 1]

    /// A benchmark with the defaults above.
    public init() {}

    /// What the Python script prints.
    struct SklearnReport: Decodable {
        let seconds: [Double]
        let objective: Double
        let weights: [Double]
        let iterations: Int
        let version: String
        let threads: String
    }

    /// One learner's line: median seconds, and its final weights scored by the same code.
    public struct Row: Sendable {
        /// Median fit seconds over all timed fits.
        public var medianSeconds: Double
        /// Fits timed.
        public var fits: Int
        /// The objective on the training set.
        public var objective: Double
        /// Accuracy on the held-out set.
        public var accuracy: Double
        /// Iterations as the learner counts them.
        public var iterations: Int
    }

    /// A scikit-learn peer's row.
    public struct Peer: Sendable {
        /// Its thread setting (nil: the libraries' default).
        public var threads: Int?
        /// What the script says its pools ran on.
        public var threadReport: String
        /// scikit-learn's version.
        public var version: String
        /// Its timings and scores.
        public var row: Row
    }

    /// What one benchmark run measured.
    public struct Result: Sendable {
        /// labelsim's fit (one thread).
        public var labelsim: Row
        /// Newton iterations of labelsim's last fit on the coarser subsets, in passes over all pairs.
        public var subsetPasses: Double
        /// The scikit-learn peers, in the order of ``RewardModelBenchmark/peerThreads``.
        public var peers: [Peer]
    }

    /// `count` comparisons: differences d ~ N(0, 2I) and labels 1 with probability σ(w*·d).
    static func draw(_ count: Int, truth: [Double], using rng: GSLRandom) -> (x: [Double], y: [UInt8]) {
        let d = truth.count
        var x = [Double](repeating: 0, count: count * d)
        var y = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            var margin = 0.0
            for j in 0..<d {
                let value = rng.gaussian(sigma: 2.0.squareRoot())
                x[i * d + j] = value
                margin += truth[j] * value
            }
            y[i] = rng.uniform() < Logistic.sigmoid(margin) ? 1 : 0
        }
        return (x, y)
    }

    /// Runs the rounds; `progress` gets one line per finished round.
    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let rng = GSLRandom(seed: seed)
        let truth = (0..<features).map { _ in rng.gaussian(sigma: 1 / Double(features).squareRoot()) }
        let (x, y) = Self.draw(pairs, truth: truth, using: rng)
        let held = Self.draw(test, truth: truth, using: rng)
        return try SklearnPeer.withFolder("bench-rm") { folder in
            let xFile = folder.appendingPathComponent("x.f64")
            let yFile = folder.appendingPathComponent("y.u8")
            try x.withUnsafeBytes { try Data($0).write(to: xFile) }
            try Data(y).write(to: yFile)
            func fit() throws -> RewardModel {
                try RewardModel.fit(differences: x, labels: y, dimensions: features, l2: l2, gradientTolerance: tolerance)
            }
            var fitted = try fit()
            var swiftSeconds: [Double] = []
            var sklearnSeconds = [[Double]](repeating: [], count: peerThreads.count)
            var reports = [SklearnReport?](repeating: nil, count: peerThreads.count)
            for round in 1...max(rounds, 1) {
                for _ in 0..<repeats {
                    let timed = try Timing.measure(fit)
                    fitted = timed.result
                    swiftSeconds.append(timed.seconds)
                }
                for (index, threads) in peerThreads.enumerated() {
                    let latest: SklearnReport = try SklearnPeer.run(
                        python: python, script: script,
                        arguments: [
                            "--x", xFile.path, "--y", yFile.path, "--d", "\(features)", "--l2", "\(l2)", "--tol", "\(tolerance)",
                            "--repeats", "\(repeats)",
                        ],
                        threads: threads)
                    guard latest.weights.count == features else {
                        throw BenchmarkError("the scikit-learn script returned no weights of length \(features)")
                    }
                    sklearnSeconds[index] += latest.seconds
                    reports[index] = latest
                }
                progress("round \(round)/\(rounds) done")
            }
            func row(_ model: RewardModel, _ seconds: [Double]) -> Row {
                Row(
                    medianSeconds: Timing.median(seconds), fits: seconds.count,
                    objective: model.objective(differences: x, labels: y, l2: l2),
                    accuracy: model.accuracy(differences: held.x, labels: held.y), iterations: model.iterations)
            }
            let peers = zip(peerThreads, zip(reports, sklearnSeconds)).compactMap { threads, entry -> Peer? in
                guard let report = entry.0 else { return nil }
                return Peer(
                    threads: threads, threadReport: report.threads, version: report.version,
                    row: row(RewardModel(weights: report.weights, iterations: report.iterations), entry.1))
            }
            return Result(labelsim: row(fitted, swiftSeconds), subsetPasses: fitted.subsetPasses, peers: peers)
        }
    }
}
