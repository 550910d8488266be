import ArgumentParser
import LabelSimEngine

/// `labelsim bench`: label-generation throughput against GSL's raw discrete draw rate.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure label generation (labels/s) against raw gsl_ran_discrete draws/s, on 1 and 2 threads.",
        discussion: "Build in release first (make bench). Rounds alternate the measurements; medians are reported."
    )

    @Option(help: "Timed rounds; medians are reported.")
    var rounds: Int = 5

    @Option(help: "Items per labelling batch (5 labels each).")
    var items: Int = 200_000

    func run() throws {
        guard rounds >= 1, items >= 1 else {
            CommandLineErrors.report(["--rounds and --items must be at least 1"])
            throw ExitCode(2)
        }
        let benchmark = LabelingBenchmark(items: items)
        var discrete: [Double] = []
        var oneThread: [Double] = []
        var twoThreads: [Double] = []
        _ = try benchmark.labelsPerSecond(threads: 1, batches: 1)  // warm-up
        for round in 1...rounds {
            discrete.append(try benchmark.discreteDrawsPerSecond(draws: items * 5 * 4))
            oneThread.append(try benchmark.labelsPerSecond(threads: 1, batches: 4))
            twoThreads.append(try benchmark.labelsPerSecond(threads: 2, batches: 4))
            print(
                "round \(round): discrete \(Self.millions(discrete[round - 1])) M/s, labels 1 thread \(Self.millions(oneThread[round - 1])) M/s, "
                    + "2 threads \(Self.millions(twoThreads[round - 1])) M/s")
        }
        let d = Self.median(discrete)
        let one = Self.median(oneThread)
        let two = Self.median(twoThreads)
        print("")
        print("median gsl_ran_discrete draws/s (1 thread):   \(Self.millions(d)) M")
        print("median labels generated/s (1 thread):         \(Self.millions(one)) M")
        print("median labels generated/s (2 threads):        \(Self.millions(two)) M")
        print("ratio labels/s ÷ discrete draws/s (1 thread): \(String(format: "%.3f", one / d))  (target ≥ 0.5)")
        print("speed-up 2 threads ÷ 1 thread:                \(String(format: "%.3f", two / one))  (ideal 2.0)")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func millions(_ value: Double) -> String {
        String(format: "%.1f", value / 1e6)
    }
}
