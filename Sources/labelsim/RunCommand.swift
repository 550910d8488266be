import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim run [SCENARIO]`: run a scenario and write its results folder.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write manifest.json, replications.csv, summary.csv and report.md.",
        discussion: "With no SCENARIO, runs the shipped Scenarios/default.yaml."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Argument(help: "Scenario YAML file (default: Scenarios/default.yaml).")
    var scenario: String?

    @OptionGroup var options: ScenarioOptions

    @OptionGroup var verdict: VerdictOptions

    @OptionGroup var execution: ExecutionOptions

    @Option(name: .long, help: "What to print on stdout: table, json (the summary document) or csv (summary.csv).")
    var format: Format = .table

    @Option(
        name: .customLong("export-labels"), parsing: .unconditional,
        help:
            "Also write each vendor's delivered labels (task,worker,label CSV) and the true classes of these replications (e.g. 0,5; alone: 0)."
    )
    var exportLabels: String?

    func run() throws {
        let threadCount = try execution.threadCount()
        let path = scenario ?? ShippedScenarios.defaultScenario()
        let document = try options.load(path: path)
        var exported: [(name: String, contents: String)] = []
        if let exportLabels {
            switch LabelExport.replications(exportLabels, count: document.scenario.replications) {
            case .success(let indices): exported = try LabelExport.files(scenario: document.scenario, replications: indices)
            case .failure(let error):
                CommandLineErrors.report([error.message])
                throw ExitCode(2)
            }
        }
        let started = Date()
        let progress = ProgressBar(label: "replications")
        let result = try MonteCarloRun(scenario: document.scenario, threads: threadCount)
            .execute { done, total in progress.update(done: done, total: total) }
        progress.finish()
        let wall = Date().timeIntervalSince(started)
        let formatter = RunFormatter(result: result)
        let commandLine = CommandLine.arguments
        let manifest = Manifest(
            result: result, document: document, commandLine: commandLine, threads: threadCount, started: started, wallSeconds: wall)
        let folder = try OutputFolder(parent: URL(fileURLWithPath: execution.out), name: document.scenario.name, date: started)
            .write(try formatter.files(manifest: manifest, minDifference: verdict.minDifference) + exported)
        let location = "wrote \(folder.path)\n"
        switch format {
        case .table:
            print(formatter.console(wallSeconds: wall, minDifference: verdict.minDifference), terminator: "")
            print(location, terminator: "")
        case .json:
            print(try formatter.json(), terminator: "")
            FileHandle.standardError.write(Data(location.utf8))
        case .csv:
            print(formatter.summaryCSV(), terminator: "")
            FileHandle.standardError.write(Data(location.utf8))
        }
    }
}
