import ArgumentParser
import Foundation
import LabelSimBench
import LabelSimCore
import LabelSimEngine

/// `labelsim bench-aggregate`: times aggregation methods on synthetic one-coin data (generated
/// like `bench/peers/gen_labels.py`) or on a folder that script wrote (``AggregationBenchmark``).
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
        let benchmark: AggregationBenchmark
        if let dataDir {
            do {
                benchmark = try AggregationBenchmark(folder: dataDir)
            } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        } else {
            let crowd = OneCoinCrowd(items: items, classes: classes, workers: workers, redundancy: redundancy)
            benchmark = AggregationBenchmark(generating: crowd, seed: seed)
        }
        let matrix = benchmark.matrix
        for method in chosen {
            guard let row = benchmark.time(method, repeats: repeats, seed: seed) else { continue }
            if json {
                let line = BenchLine(
                    method: method.rawValue, items: matrix.itemCount, labels: matrix.labelCount, classes: matrix.classCount,
                    seconds: JSONNumber(row.medianSeconds), accuracy: JSONNumber(row.accuracy), iterations: JSONNullable(row.iterations),
                    runs: row.runs, loadSeconds: JSONNumber(benchmark.loadSeconds), readSeconds: JSONNumber(benchmark.readSeconds),
                    readMegabytesPerSecond: JSONNumber(benchmark.readMegabytesPerSecond), goldSeconds: JSONNumber(benchmark.goldSeconds))
                print(try JSONOutput.text(line), terminator: "")
            } else {
                let accuracy = row.accuracy.map { String(format: "%.4f", $0) } ?? "-"
                let iterations = row.iterations.map(String.init) ?? "-"
                print(
                    "\(method.rawValue): median \(String(format: "%.4g", row.medianSeconds)) s over \(row.runs) runs, accuracy \(accuracy), "
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
}
