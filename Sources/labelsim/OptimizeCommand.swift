import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim optimize SCENARIO`: the best routing of domains to vendors.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Search routings of domains to vendors for the best quality under the budget and deadline.",
        discussion: """
            Every routing (one vendor per domain) runs with common random numbers: all of them when there are at most \
            --exhaustive-limit, else by successive halving over replications. Prints the verdict, the best routing's paired \
            difference against the runner-ups and against each single vendor, and writes search.csv.
            """
    )

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(name: .long, help: "Search every routing when there are at most this many; successive halving beyond.")
    var exhaustiveLimit: Int = 32

    @OptionGroup var options: ScenarioOptions

    @OptionGroup var verdict: VerdictOptions

    @OptionGroup var execution: ExecutionOptions

    func run() throws {
        let threadCount = try execution.threadCount()
        let document = try options.load(path: scenario)
        let started = Date()
        let search = try RoutingSearch(
            scenario: document.scenario, threads: threadCount, minDifference: verdict.minDifference,
            exhaustiveLimit: max(1, exhaustiveLimit))
        let wall = Date().timeIntervalSince(started)
        let names = search.result.optionNames
        var lines = [search.verdict.sentence, ""]
        lines.append(
            "\(search.candidates.count) routings, \(search.isExhaustive ? "exhaustive" : "successive halving"), "
                + "\(search.result.scenario.replications) replications in the final round, \(String(format: "%.1f", wall)) s")
        lines.append("best: \(names[search.bestOption])\n")
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
            ] + run.report(wallSeconds: wall, command: CommandLine.arguments.joined(separator: " "), minDifference: verdict.minDifference))
        print(lines.joined(separator: "\n"))
        print("wrote \(folder.path)")
    }
}
