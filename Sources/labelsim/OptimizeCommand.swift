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

    @Option(name: .long, help: "Search every candidate when there are at most this many; successive halving beyond.")
    var exhaustiveLimit: Int = 32

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Fixed redundancies tried for every vendor beside its own setting, comma-separated; 'own' tries only its own.",
            valueName: "K,K,…"))
    var redundancy: String = "1,3,5"

    @Option(name: .long, help: ArgumentHelp("Grid step of budget shares for splits (1/m); 0 for no splits.", valueName: "STEP"))
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

    /// The `--redundancy` list.
    func redundancies() throws -> [Int] {
        if redundancy.trimmingCharacters(in: .whitespaces) == "own" { return [] }
        return try redundancy.split(separator: ",").map { text in
            guard let k = Int(text.trimmingCharacters(in: .whitespaces)), k >= 1 else {
                throw ValidationError("--redundancy: '\(text)' is not a whole number ≥ 1 (give e.g. 1,3,5, or own)")
            }
            return k
        }
    }

    func run() throws {
        let threadCount = try execution.threadCount()
        let space = AllocationSearch.Space(redundancies: try redundancies(), shareStep: shareStep == 0 ? nil : shareStep)
        let document = try options.load(path: scenario)
        var chosen: Metric?
        if let metric {
            let catalog = MetricCatalog(scenario: document.scenario)
            guard let found = MetricRegistry.metric(named: metric), catalog.contains(found) else {
                throw ValidationError("--metric: '\(metric)' is not a metric this scenario records (see summary.csv)")
            }
            guard found.direction != .none else {
                throw ValidationError("--metric: '\(metric)' has no better direction; name one that is better higher or lower")
            }
            chosen = found
        }
        let started = Date()
        let progress = ProgressBar(label: "candidate runs")
        let search = try AllocationSearch(
            scenario: document.scenario, space: space, threads: threadCount, minDifference: verdict.minDifference, metric: chosen,
            exhaustiveLimit: max(1, exhaustiveLimit), progress: { done, total in progress.update(done: done, total: total) })
        progress.finish()
        let wall = Date().timeIntervalSince(started)
        let names = search.result.optionNames
        let replications = search.result.scenario.replications
        var lines = [search.verdict.sentence, ""]
        let method =
            search.isExhaustive
            ? "exhaustive: every candidate on all \(replications) replications"
            : "successive halving: \(search.halvings) rounds from \(search.firstReplications) replications, "
                + "then \(names.count) finalists (with each vendor alone) on all \(replications)"
        lines.append("\(search.allocations.count) candidates, \(method); \(String(format: "%.1f", wall)) s")
        lines.append("best: \(names[search.bestOption]) — \(search.describe(option: search.bestOption))\n")
        lines.append(search.differenceTable())
        let run = RunFormatter(result: search.result)
        let manifest = Manifest(
            document: document, commandLine: CommandLine.arguments, threads: threadCount, started: started, wallSeconds: wall)
        let folder = try OutputFolder(
            parent: URL(fileURLWithPath: execution.out), name: "\(document.scenario.name)-optimize", date: started
        )
        .write(
            [
                ("manifest.json", try manifest.json()), ("search.csv", search.csv()), ("summary.csv", run.summaryCSV()),
                ("replications.csv", run.replicationsCSV()),
            ]
                + run.report(
                    wallSeconds: wall, command: CommandLine.arguments.joined(separator: " "), minDifference: verdict.minDifference,
                    metric: chosen))
        print(lines.joined(separator: "\n"))
        print("wrote \(folder.path)")
    }
}
