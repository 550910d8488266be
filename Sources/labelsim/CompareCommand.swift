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

    @Option(name: .long, parsing: .unconditional, help: "Items per vendor in --mode items (default: budget.items, else data.train_items).")
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
        let request: ComparisonRequest
        do {
            request = try ComparisonRequest(
                document: try options.load(path: scenario), mode: mode == .items ? .items : .budget, items: items,
                vendors: vendors.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
        } catch let problem as ComparisonRequest.Problem {
            CommandLineErrors.report(problem.lines)
            throw ExitCode(2)
        }
        let names = request.document.scenario.optionNames
        let started = Date()
        let progress = ProgressBar(label: "replications")
        let outcome = try request.run(
            threads: threadCount, breakEven: !noBreakEven, progress: { done, total in progress.update(done: done, total: total) },
            starting: { vendor, against in
                progress.finish()
                FileHandle.standardError.write(Data("break-even: \(names[vendor]) against \(names[against])…\n".utf8))
            })
        progress.finish()
        let manifest = Manifest(
            result: outcome.result, document: request.document, commandLine: CommandLine.arguments, threads: threadCount,
            started: started, wallSeconds: Date().timeIntervalSince(started))
        let folder = try OutputFolder(
            parent: URL(fileURLWithPath: execution.out), name: request.folderName, date: started
        ).write(try outcome.files(manifest: manifest, minDifference: verdict.minDifference))
        let formatter = outcome.formatter(minDifference: verdict.minDifference)
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
