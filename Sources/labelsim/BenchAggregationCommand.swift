import ArgumentParser
import Foundation
import LabelSimBench
import LabelSimCore
import LabelSimEngine
import LabelSimGSL

/// `labelsim bench-aggregate`: times aggregation methods on synthetic one-coin data (generated
/// like `bench/peers/gen_labels.py`) or on a folder that script wrote.
struct BenchAggregationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-aggregate",
        abstract: "Time aggregation methods on synthetic or gen_labels.py data (median seconds, accuracy).")

    @Option(help: "Items to generate.")
    var items: Int = 100_000

    @Option(help: "Classes K.")
    var classes: Int = 2

    @Option(help: "Workers.")
    var workers: Int = 1000

    @Option(help: "Distinct workers per item.")
    var redundancy: Int = 5

    @Option(help: "Folder with labels.csv and truth.csv from gen_labels.py (overrides generation).")
    var dataDir: String?

    @Option(help: "Comma-separated methods, or all.")
    var methods: String = "all"

    @Option(help: "Runs per method (the median is reported).")
    var repeats: Int = 3

    @Option(help: "Seed for generation and tie-breaking.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON line per method.")
    var json = false

    func validate() throws {
        guard items >= 1, items <= 50_000_000 else { throw ValidationError("--items must be in 1...50000000, got \(items)") }
        guard classes >= 2, classes <= 1000 else { throw ValidationError("--classes must be in 2...1000, got \(classes)") }
        guard redundancy >= 1, workers >= redundancy else {
            throw ValidationError("--redundancy must be at least 1 and at most --workers (\(workers)), got \(redundancy)")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        let chosen: [AggregationMethod]
        if methods == "all" {
            chosen = AggregationMethod.allCases
        } else {
            chosen = try methods.split(separator: ",").map { name in
                guard let method = AggregationMethod(rawValue: String(name)) else {
                    throw ValidationError("unknown method \"\(name)\"")
                }
                return method
            }
        }
        let matrix: AnnotationMatrix
        let truth: [Int32]
        let clock = ContinuousClock()
        let loadStart = clock.now
        var readSeconds: Double?
        var goldSeconds: Double?
        var fileBytes: Double?
        if let dataDir {
            do {
                let annotations = try AnnotationFile.read(path: dataDir + "/labels.csv")
                readSeconds = Self.seconds(clock.now - loadStart)
                let goldStart = clock.now
                let gold = try GoldLabels.read(path: dataDir + "/truth.csv", for: annotations)
                goldSeconds = Self.seconds(clock.now - goldStart)
                let size = (try? FileManager.default.attributesOfItem(atPath: dataDir + "/labels.csv")[.size] as? NSNumber)
                fileBytes = size.map { $0.doubleValue }
                matrix = annotations.matrix
                truth = gold.classes
            } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        } else {
            let crowd = OneCoinCrowd(items: items, classes: classes, workers: workers, redundancy: redundancy)
            let data = crowd.generate(using: GSLRandom(seed: seed))
            matrix = data.matrix
            truth = data.truth
        }
        let loadSeconds = Self.seconds(clock.now - loadStart)
        for method in chosen {
            var times: [Double] = []
            var last: AggregationReport.Row?
            for _ in 0..<max(repeats, 1) {
                let report = AggregationReport(methods: [method], matrix: matrix, gold: truth, seed: seed)
                if let row = report.rows.first {
                    times.append(row.seconds)
                    last = row
                }
            }
            guard let last else { continue }
            times.sort()
            let median = times[times.count / 2]
            if json {
                let line = BenchLine(
                    method: method.rawValue, items: matrix.itemCount, labels: matrix.labelCount, classes: matrix.classCount,
                    seconds: JSONNumber(median), accuracy: JSONNumber(last.accuracy), iterations: JSONNullable(last.iterations),
                    runs: times.count, loadSeconds: JSONNumber(loadSeconds), readSeconds: JSONNumber(readSeconds),
                    readMegabytesPerSecond: JSONNumber(fileBytes.flatMap { bytes in readSeconds.map { bytes / 1e6 / $0 } }),
                    goldSeconds: JSONNumber(goldSeconds))
                print(try JSONOutput.text(line), terminator: "")
            } else {
                let accuracy = last.accuracy.map { String(format: "%.4f", $0) } ?? "-"
                let iterations = last.iterations.map(String.init) ?? "-"
                print(
                    "\(method.rawValue): median \(String(format: "%.4g", median)) s over \(times.count) runs, accuracy \(accuracy), "
                        + "iterations \(iterations)")
            }
        }
    }

    /// One `--json` line: a method's median time, accuracy and iterations.
    struct BenchLine: Encodable {
        var method: String
        var items: Int
        var labels: Int
        var classes: Int
        var seconds: JSONNumber
        var accuracy: JSONNumber
        var iterations: JSONNullable<Int>
        var runs: Int
        var loadSeconds: JSONNumber
        /// Reading `labels.csv` alone (with `--data-dir`), and its rate in MB (10⁶ bytes) a second.
        var readSeconds: JSONNumber
        var readMegabytesPerSecond: JSONNumber
        /// Reading `truth.csv` against it.
        var goldSeconds: JSONNumber
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
