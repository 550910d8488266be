import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim optimize SCENARIO`: the best allocation of the budget to vendors.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Search routings, budget splits and redundancies for the best quality under the budget and deadline.",
        discussion: """
            Candidates: every routing (one vendor per domain), every split of the budget over two or more vendors on a \
            grid of --share-step, each with every combination of redundancies (each vendor's own, plus --redundancy) for \
            the vendors it uses. All run with common random numbers: every candidate on every replication when there are \
            at most --exhaustive-limit, else by successive halving over replications. Prints the verdict, the best \
            allocation and its paired difference against the runner-ups and each vendor alone, and writes search.csv.
            """
    )

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(
        name: .long, parsing: .unconditional, help: "Search every candidate when there are at most this many; successive halving beyond.")
    var exhaustiveLimit: Int = 32

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Fixed redundancies tried for every vendor beside its own setting, comma-separated; 'own' tries only its own.",
            valueName: "K,K,…"))
    var redundancy: String = "1,3,5"

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Grid step of budget shares for splits (1/m); 0 for no splits.", valueName: "STEP"))
    var shareStep: Double = 0.5

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Metric to optimise (a summary.csv name); default: model_accuracy when a model is trained, else correct items per dollar.",
            valueName: "NAME"))
    var metric: String?

    @OptionGroup var options: ScenarioOptions

    @OptionGroup var verdict: VerdictOptions

    @OptionGroup var execution: ExecutionOptions

    /// The `--redundancy` list (empty for `own`).
    func redundancies() throws -> [Int] {
        if redundancy.trimmingCharacters(in: .whitespaces) == "own" { return [] }
        return try redundancy.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let k = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--redundancy: '\(text)' is not a whole number ≥ 1 (give e.g. 1,3,5, or own)")
            }
            return k
        }
    }

    func validate() throws {
        guard exhaustiveLimit >= 1 else { throw ValidationError("--exhaustive-limit must be at least 1, got \(exhaustiveLimit)") }
    }

    func run() throws {
        let threadCount = try execution.threadCount()
        let fixed = try redundancies()
        let request: OptimizationRequest
        do {
            request = try OptimizationRequest(
                document: try options.load(path: scenario), redundancies: fixed, shareStep: shareStep, metric: metric,
                exhaustiveLimit: exhaustiveLimit)
        } catch let problem as OptimizationRequest.Problem {
            CommandLineErrors.report([problem.description])
            throw ExitCode(2)
        }
        let started = Date()
        let progress = ProgressBar(label: "candidate runs")
        let outcome = try request.run(
            threads: threadCount, minDifference: verdict.minDifference,
            progress: { done, total in progress.update(done: done, total: total) })
        progress.finish()
        let wall = Date().timeIntervalSince(started)
        let manifest = Manifest(
            document: request.document, commandLine: CommandLine.arguments, threads: threadCount, started: started, wallSeconds: wall)
        let folder = try OutputFolder(parent: URL(fileURLWithPath: execution.out), name: request.folderName, date: started)
            .write(try outcome.files(manifest: manifest, minDifference: verdict.minDifference))
        print(outcome.summary(wallSeconds: wall))
        print("wrote \(folder.path)")
    }
}
