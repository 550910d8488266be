import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim comparisons SCENARIO`: one vendor's raw preference comparisons of one replication, in
/// crowd-kit's pairwise format (`worker,left,right,label`).
struct ComparisonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comparisons",
        abstract: "Export a preference scenario's raw comparisons (worker,left,right,label) for crowd-kit.",
        discussion: """
            Draws replication --replication of the scenario (task.kind: preference) for one vendor and writes its \
            comparisons to --out (ties left out; responses are r<id>, raters w<id>). --scores also writes the \
            Bradley–Terry scores labelsim computes from them (item,score), with --bt-iterations MM iterations.
            """
    )

    @Argument(help: "Scenario YAML file (task.kind: preference).")
    var scenario: String

    @Option(name: .long, help: "Vendor name (default: the first).")
    var vendor: String?

    @Option(name: .long, parsing: .unconditional, help: "Replication index (0-based).")
    var replication = 0

    @Option(name: .long, help: "Comparisons CSV to write.")
    var out: String

    @Option(name: .long, help: "Bradley–Terry scores CSV to write too.")
    var scores: String?

    @Option(name: .long, parsing: .unconditional, help: "MM iterations for --scores (2 reproduces crowd-kit 1.4.2's BradleyTerry).")
    var btIterations = 1000

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        try OutputOption.checkFile(out, option: "--out")
        if let scores { try OutputOption.checkFile(scores, option: "--scores") }
        try OutputOption.checkDistinct(out, option: "--out", from: [(scenario, "the scenario file")])
        if let scores {
            try OutputOption.checkDistinct(scores, option: "--scores", from: [(scenario, "the scenario file"), (out, "the --out file")])
        }
        let document = try options.load(path: scenario)
        let export: ComparisonExport
        do {
            export = try ComparisonExport(
                scenario: document.scenario, path: scenario, vendorName: vendor, replication: replication,
                bradleyTerryIterations: btIterations)
        } catch let error as ComparisonExport.ExportError {
            CommandLineErrors.report([error.message])
            throw ExitCode(2)
        }
        try AtomicFile.write(Data(export.comparisons.utf8), to: URL(fileURLWithPath: out))
        if let scores { try AtomicFile.write(Data(export.scores.utf8), to: URL(fileURLWithPath: scores)) }
        FileHandle.standardError.write(Data("wrote \(export.count) comparisons of \(export.vendorName) to \(out)\n".utf8))
    }
}
