import ArgumentParser
import Foundation
import LabelSimBench

/// `labelsim bench`: labelling throughput of the plain generator and of each shipped vendor
/// profile's path, against GSL's raw discrete draw rate, in one run with interleaved rounds.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure labelling (labels/s) of the generator and each shipped vendor profile against raw gsl_ran_discrete draws/s.",
        discussion: """
            Build in release first (make bench). Each round measures every row once, in turn (raw draws, then each \
            subject on 1 and 2 threads); medians over rounds are reported. Labels/s counts every label bought, gold \
            and re-labelled ones included; the profiles label a 4-class task with an item budget and no review. \
            One-thread rates are also given per second of the thread's own CPU time, which a loaded machine does \
            not inflate (the wall clock counts the time other processes held the core). \
            Before the rounds, each subject labels --memory-items items once on one thread and the peak growth of \
            resident memory over that labelling (its delivered labels included) is reported per label bought.
            """
    )

    @Option(help: "Timed rounds; medians are reported.")
    var rounds: Int = 5

    @Option(help: "Items per labelling batch.")
    var items: Int = 200_000

    @Option(help: "Batches per timed measurement.")
    var batches: Int = 2

    @Option(help: "Items labelled once per subject to measure resident bytes per label (0: skip).")
    var memoryItems: Int = 1_000_000

    @Option(help: "Folder of vendor profiles (default: the shipped Scenarios/vendors).")
    var profiles: String?

    func run() throws {
        guard rounds >= 1, items >= 1, batches >= 1, memoryItems >= 0 else {
            CommandLineErrors.report(["--rounds, --items and --batches must be at least 1, --memory-items at least 0"])
            throw ExitCode(2)
        }
        let benchmark = LabelingBenchmark(items: items)
        let subjects: [LabelingBenchmark.Subject]
        do {
            subjects = try benchmark.subjects(profileDirectory: profiles ?? ShippedScenarios.vendorProfiles)
        } catch {
            CommandLineErrors.report(error.problems.map(\.description))
            throw ExitCode(2)
        }
        // Memory first, before the timed rounds leave freed blocks behind for reuse.
        var bytesPerLabel = [Double?](repeating: nil, count: subjects.count)
        if memoryItems > 0 {
            ResidentMemory.returnLargeBlocks()
            let probe = LabelingBenchmark(items: memoryItems)
            for (index, subject) in subjects.enumerated() {
                let measured = try probe.residentBytesPerLabel(subject)
                bytesPerLabel[index] = measured.bytesPerLabel
                let bytes = measured.bytesPerLabel.map { String(format: "%.1f", $0) } ?? "n/a"
                print("memory: \(subject.name) \(measured.labels) labels, \(bytes) B/label resident")
            }
            ResidentMemory.keepLargeBlocks()
        }
        var discrete: [Double] = []
        var discreteCPU: [Double] = []
        var oneCPU = [[Double]](repeating: [], count: subjects.count)
        var one = [[Double]](repeating: [], count: subjects.count)
        var two = [[Double]](repeating: [], count: subjects.count)
        var paths = [String](repeating: "", count: subjects.count)
        for subject in subjects { _ = try benchmark.measure(subject, threads: 1, batches: 1) }  // warm-up
        for round in 1...rounds {
            let draws = try benchmark.discreteDraws(draws: items * 20)
            discrete.append(draws.perSecond)
            discreteCPU.append(draws.perCPUSecond)
            var line = "round \(round): discrete \(Self.millions(discrete[round - 1])) M/s"
            for (index, subject) in subjects.enumerated() {
                let single = try benchmark.measure(subject, threads: 1, batches: batches)
                let double = try benchmark.measure(subject, threads: 2, batches: batches)
                one[index].append(single.labelsPerSecond)
                oneCPU[index].append(single.labelsPerCPUSecond)
                two[index].append(double.labelsPerSecond)
                paths[index] = single.path
                line += ", \(subject.name) \(Self.millions(single.labelsPerSecond))/\(Self.millions(double.labelsPerSecond))"
            }
            print(line)
        }
        let d = Self.median(discrete)
        let dCPU = Self.median(discreteCPU)
        print("")
        print("median gsl_ran_discrete draws/s (1 thread): \(Self.millions(d)) M; per CPU second: \(Self.millions(dCPU)) M")
        print("")
        // Per CPU second: what the code costs, whatever share of the core the machine's load left it.
        print(
            "| subject | path | labels/s, 1 thread | ratio to raw draws | labels/CPU-s, 1 thread | ratio to raw draws/CPU-s "
                + "| labels/s, 2 threads | 2 ÷ 1 threads | bytes/label resident |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for (index, subject) in subjects.enumerated() {
            let single = Self.median(one[index])
            let singleCPU = Self.median(oneCPU[index])
            let double = Self.median(two[index])
            print(
                "| \(subject.name) | \(paths[index]) | \(Self.millions(single)) M | \(String(format: "%.3f", single / d)) | "
                    + "\(Self.millions(singleCPU)) M | \(String(format: "%.3f", singleCPU / dCPU)) | "
                    + "\(Self.millions(double)) M | \(String(format: "%.2f", double / single)) | "
                    + "\(bytesPerLabel[index].map { String(format: "%.1f", $0) } ?? "n/a") |")
        }
        print("")
        print("targets: generator ratio ≥ 0.5; general path ≥ 0.2 of raw draws and ≥ 10 M labels/s per thread; ≤ 24 bytes/label")
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
