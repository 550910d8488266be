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
            Build in release first (make bench). Each round measures every row once, in turn: raw draws, then the \
            subject on 1 and 2 threads. Rates are medians over rounds; each ratio is the median over rounds of the \
            ratio measured within that round (the subject against the raw draws just before it, 2 threads against \
            1), so that the machine's drift in speed over a run cancels. --batches is a minimum: a subject whose \
            one-thread measurement would take under a quarter second gets more batches (the table's batches \
            column). Labels/s counts every label bought, gold \
            and re-labelled ones included; the profiles label a 4-class task with an item budget and no review. \
            One-thread rates are also given per second of the thread's own CPU time, which a loaded machine does \
            not inflate (the wall clock counts the time other processes held the core); "CPU-s 2 ÷ 1" is labels \
            per CPU second on 2 threads ÷ on 1: near 1 when the second thread slows no label down (memory, caches), \
            so that a 2 ÷ 1 wall gain short of 2 with it near 1 means the machine's other work held a core. \
            Before the rounds, each subject labels --memory-items items once on one thread and the peak growth of \
            resident memory over that labelling (its delivered labels included) is reported per label bought.
            """
    )

    @Option(help: "Timed rounds; medians are reported.")
    var rounds: Int = 5

    @Option(help: "Items per labelling batch.")
    var items: Int = 200_000

    @Option(help: "Batches per thread in each timed measurement, at least (raised to a quarter second of work).")
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
        if let profiles {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: profiles, isDirectory: &isFolder), isFolder.boolValue else {
                CommandLineErrors.report(["--profiles \(profiles): no such folder"])
                throw ExitCode(2)
            }
        }
        let benchmark = LabelingBenchmark(items: items)
        let subjects: [LabelingBenchmark.Subject]
        do {
            subjects = try benchmark.subjects(profileDirectory: profiles ?? ShippedScenarios.vendorProfiles)
        } catch {
            CommandLineErrors.report(error.problems.map(\.description))
            throw ExitCode(2)
        }
        let report = try benchmark.run(subjects: subjects, rounds: rounds, batches: batches, memoryItems: memoryItems) { print($0) }
        let d = report.discrete
        let dCPU = report.discreteCPU
        let millions = LabelingBenchmark.millions
        print("")
        print("median gsl_ran_discrete draws/s (1 thread): \(millions(d)) M; per CPU second: \(millions(dCPU)) M")
        print("")
        // Per CPU second: what the code costs, whatever share of the core the machine's load left it.
        print(
            "| subject | path | batches | labels/s, 1 thread | ratio to raw draws | labels/CPU-s, 1 thread "
                + "| ratio to raw draws/CPU-s | labels/s, 2 threads | 2 ÷ 1 threads | CPU-s 2 ÷ 1 | bytes/label resident |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in report.rows {
            print(
                "| \(row.name) | \(row.path) | \(row.batches) | \(millions(row.oneThread)) M | \(String(format: "%.3f", row.ratio)) | "
                    + "\(millions(row.oneThreadCPU)) M | \(String(format: "%.3f", row.ratioCPU)) | "
                    + "\(millions(row.twoThreads)) M | \(String(format: "%.2f", row.twoThreadGain)) | "
                    + "\(String(format: "%.2f", row.twoThreadCPUEfficiency)) | "
                    + "\(row.bytesPerLabel.map { String(format: "%.1f", $0) } ?? "n/a") |")
        }
        print("")
        print(
            "targets: generator ratio ≥ 0.5; general path ≥ 0.2 of raw draws and ≥ 10 M labels/s per thread; near-linear gain on 2 threads; ≤ 24 bytes/label"
        )
    }
}
