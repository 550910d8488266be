import ArgumentParser
import Dispatch
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim sweep SCENARIO --vary KEY=VALUES ...`: a grid over any key paths, resumable and shardable.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a grid of values of any keys; resumable (--resume) and shardable (--shard i/n).",
        discussion: """
            VALUES is a list (1,3,5,7) or an inclusive range start:stop:step (1:9:2, 0.05:0.5:0.05). Several --vary make a \
            grid (the first varies slowest); without --vary, the scenario's `sweep: {vary: {KEY: VALUES}}` block is used. \
            Each grid point runs exactly as `labelsim run` with --set KEY=VALUE would. Results go to \
            OUT/NAME-sweep-FINGERPRINT/: sweep.csv, replications.csv, report.md, sweep.json and checkpoints/.
            """
    )

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(name: .long, help: ArgumentHelp("A key and its values (repeatable).", valueName: "KEY=VALUES"))
    var vary: [String] = []

    @OptionGroup var options: ScenarioOptions

    @OptionGroup var execution: ExecutionOptions

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Run only shard i of n of the grid × replications (join with `labelsim merge`).", valueName: "i/n"))
    var shard: String?

    @Flag(name: .long, help: "Continue an interrupted sweep in its folder (same command otherwise).")
    var resume = false

    @Option(name: .long, help: "What to print on stdout at the end: table or csv (sweep.csv).")
    var format: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, csv
    }

    func run() throws {
        let threadCount = try execution.threadCount()
        var slice: Shard?
        if let shard {
            guard let parsed = Shard.parse(shard) else {
                let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
                let numbers = parts.count == 2 && parts.allSatisfy { Int($0) != nil }
                let what = numbers ? "is out of range" : "is not i/n"
                CommandLineErrors.report([
                    "--shard '\(ScenarioProblem.quoted(shard))' \(what): expected i/n, whole numbers with 1 ≤ i ≤ n, e.g. 2/4"
                ])
                throw ExitCode(2)
            }
            slice = parsed
        }
        let request: SweepRequest
        do {
            request = try SweepRequest(document: try options.load(path: scenario), vary: vary, shard: slice, out: execution.out)
        } catch let error as ScenarioProblems {
            CommandLineErrors.report(error.problems.map(\.description))
            throw ExitCode(2)
        }
        do {
            let resumed = try request.prepare(resume: resume)
            if resume, !resumed {
                FileHandle.standardError.write(Data("note: nothing to resume in \(request.store.folder.path); starting\n".utf8))
            }
        } catch let error as SweepError {
            CommandLineErrors.report(["\(error)"])
            throw ExitCode(2)
        }
        let stop = StopFlag()
        let signals = SignalTrap(stop: stop)
        defer { signals.release() }
        let progress = ProgressBar(label: "grid points")
        let outcome = try request.run(threads: threadCount, commandLine: CommandLine.arguments, stop: stop) { state in
            progress.update(done: state.pointsDone, total: state.pointsTotal, runs: (state.itemsDone, state.itemsTotal))
        }
        progress.finish()
        let folder = request.store.folder.path
        switch outcome {
        case .interrupted(let done):
            CommandLineErrors.report([
                "interrupted: \(done) grid point(s) are checkpointed in \(folder); run the same command with --resume to finish"
            ])
            throw ExitCode(130)
        case .shardDone(let merge):
            if let slice { print("shard \(slice.index)/\(slice.count) done: \(folder)") }
            print("join the shards with: \(merge)")
        case .complete(let outputs):
            switch format {
            case .table:
                print(outputs.table(), terminator: "")
                print("wrote \(folder)")
            case .csv:
                print(outputs.sweepCSV(), terminator: "")
                FileHandle.standardError.write(Data("wrote \(folder)\n".utf8))
            }
        }
    }
}

/// Turns SIGINT and SIGTERM into a raised ``StopFlag`` while a sweep runs.
final class SignalTrap: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(stop: StopFlag) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.raise() }
            source.resume()
            sources.append(source)
        }
    }

    func release() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
