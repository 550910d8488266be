import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL

/// `labelsim bench-aggregate`: times aggregation methods on synthetic one-coin data
/// (``OneCoinCrowd``, generated like `bench/peers/gen_labels.py`) or on a folder that script
/// wrote (`labels.csv`, `truth.csv`).
public struct AggregationBenchmark: Sendable {
    /// The labels.
    public let matrix: AnnotationMatrix
    /// The true class of every item.
    public let truth: [Int32]
    /// Seconds to generate, or to read both files.
    public let loadSeconds: Double
    /// Seconds to read `labels.csv` alone; nil for generated data.
    public let readSeconds: Double?
    /// Seconds to read `truth.csv` against it; nil for generated data.
    public let goldSeconds: Double?
    /// Size of `labels.csv` in bytes; nil for generated data.
    let fileBytes: Double?

    /// The rate of reading `labels.csv` in MB (10⁶ bytes) a second.
    public var readMegabytesPerSecond: Double? { fileBytes.flatMap { bytes in readSeconds.map { bytes / 1e6 / $0 } } }

    /// Generates `crowd`'s labels from `seed`.
    public init(generating crowd: OneCoinCrowd, seed: UInt64) {
        let timed = Timing.measure { crowd.generate(using: GSLRandom(seed: seed)) }
        matrix = timed.result.matrix
        truth = timed.result.truth
        loadSeconds = timed.seconds
        (readSeconds, goldSeconds, fileBytes) = (nil, nil, nil)
    }

    /// Reads `folder/labels.csv` and `folder/truth.csv`.
    public init(folder: String) throws {
        let start = ContinuousClock.now
        let read = try Timing.measure { try AnnotationFile.read(path: folder + "/labels.csv") }
        let gold = try Timing.measure { try GoldLabels.read(path: folder + "/truth.csv", for: read.result) }
        loadSeconds = Timing.seconds(ContinuousClock.now - start)
        readSeconds = read.seconds
        goldSeconds = gold.seconds
        let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/labels.csv")[.size] as? NSNumber)
        fileBytes = size.map { $0.doubleValue }
        matrix = read.result.matrix
        truth = gold.result.classes
    }

    /// One method's timing: the median over its runs, and the last run's accuracy and iterations.
    public struct Row: Sendable {
        /// The method.
        public var method: AggregationMethod
        /// Median seconds of the aggregation alone.
        public var medianSeconds: Double
        /// Runs timed.
        public var runs: Int
        /// Accuracy against the truth.
        public var accuracy: Double?
        /// Iterations, for iterative methods.
        public var iterations: Int?
    }

    /// Runs `method` `repeats` times (tie-breaking from `seed`).
    public func time(_ method: AggregationMethod, repeats: Int, seed: UInt64) -> Row? {
        var times: [Double] = []
        var last: AggregationReport.Row?
        for _ in 0..<max(repeats, 1) {
            let report = AggregationReport(methods: [method], matrix: matrix, gold: truth, seed: seed)
            if let row = report.rows.first {
                times.append(row.seconds)
                last = row
            }
        }
        guard let last else { return nil }
        return Row(
            method: method, medianSeconds: Timing.median(times), runs: times.count, accuracy: last.accuracy, iterations: last.iterations)
    }
}
