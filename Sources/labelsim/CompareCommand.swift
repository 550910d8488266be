import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim compare SCENARIO`: paired vendor comparison, winners, break-even prices, frontier.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Paired vendor comparison: differences with CIs, winner per metric, break-even price, cost–quality frontier.",
        discussion: """
            Runs the scenario once (all vendors see the same items) and compares every pair of the chosen vendors. \
            --mode budget (default) keeps the scenario's budget; --mode items labels the same number of items with every vendor.
            """
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case budget, items
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(name: .long, help: ArgumentHelp("Vendors to compare (default: all).", valueName: "A,B,..."))
    var vendors: String?

    @Option(name: .long, help: "budget: same dollars per vendor; items: same item count per vendor.")
    var mode: Mode = .budget

    @Option(name: .long, help: "Items per vendor in --mode items (default: budget.items, else data.train_items).")
    var items: Int?

    @Flag(name: .long, help: "Skip the break-even price search.")
    var noBreakEven = false

    @OptionGroup var options: ScenarioOptions

    @OptionGroup var verdict: VerdictOptions

    @OptionGroup var execution: ExecutionOptions

    @Option(name: .long, help: "What to print on stdout: table or json.")
    var format: Format = .table

    func run() throws {
        let threadCount = try execution.threadCount()
        if items != nil, mode != .items {
            CommandLineErrors.report(["--items applies to --mode items; add --mode items or drop --items"])
            throw ExitCode(2)
        }
        var document = try options.load(path: scenario)
        if mode == .items {
            var count = items ?? document.scenario.data.trainItems
            if items == nil, case .items(let fixed) = document.scenario.budget { count = fixed }
            do {
                document = try document.with(overrides: ["budget.items=\(count)"])
            } catch {
                CommandLineErrors.report(error.problems.map(\.description))
                throw ExitCode(2)
            }
        }
        let names = document.scenario.optionNames
        var chosen = Array(names.indices)
        if let vendors {
            let wanted = vendors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let unknown = wanted.filter { !names.contains($0) }
            guard unknown.isEmpty else {
                CommandLineErrors.report(
                    unknown.map { "--vendors: no vendor named '\($0)' in \(scenario) (have: \(names.joined(separator: ", ")))" })
                throw ExitCode(2)
            }
            chosen = wanted.compactMap { names.firstIndex(of: $0) }
        }
        guard Set(chosen).count >= 2 else {
            CommandLineErrors.report(["compare needs at least two distinct vendors; \(scenario) gives \(Set(chosen).count)"])
            throw ExitCode(2)
        }
        let started = Date()
        let progress = ProgressBar(label: "replications")
        let result = try MonteCarloRun(scenario: document.scenario, threads: threadCount)
            .execute { done, total in progress.update(done: done, total: total) }
        progress.finish()
        let comparison = VendorComparison(result: result, vendors: chosen)
        let breakEvens =
            noBreakEven
            ? []
            : try BreakEvenPrice.all(for: comparison, threads: threadCount) { vendor, against in
                FileHandle.standardError.write(Data("break-even: \(names[vendor]) against \(names[against])…\n".utf8))
            }
        let wall = Date().timeIntervalSince(started)
        let formatter = ComparisonFormatter(
            comparison: comparison, breakEvens: breakEvens, mode: mode.rawValue, minDifference: verdict.minDifference)
        let run = RunFormatter(result: result)
        let manifest = Manifest(
            document: document, commandLine: CommandLine.arguments, threads: threadCount, started: started, wallSeconds: wall)
        let folder = try OutputFolder(parent: URL(fileURLWithPath: execution.out), name: "\(document.scenario.name)-compare", date: started)
            .write(
                [
                    ("manifest.json", try manifest.json()),
                    ("replications.csv", run.replicationsCSV()),
                    ("summary.csv", run.summaryCSV()),
                    ("comparison.json", try formatter.json(pretty: true)),
                ] + formatter.report())
        switch format {
        case .table:
            print(formatter.table(), terminator: "")
            print("wrote \(folder.path)")
        case .json:
            print(try formatter.json(), terminator: "")
            FileHandle.standardError.write(Data("wrote \(folder.path)\n".utf8))
        }
    }
}
