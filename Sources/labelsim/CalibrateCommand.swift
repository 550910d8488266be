import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL

/// `labelsim calibrate LABELS [--truth GOLD]`: fits a vendor profile and task block to a real
/// annotation file and checks the fit by simulating it with the engine.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a vendor profile (workers, workload, difficulty, misleading items) to a real annotation file and check the fit.")

    @Argument(help: "Annotation file: CSV with header, `item worker label`, or Get-Another-Label TSV (as for aggregate).")
    var file: String

    @Option(help: "Gold file: `item,truth` CSV with header, or `item label` without header.")
    var truth: String?

    @Option(
        help:
            "Write the vendor profile here; the scenario goes to ../NAME.yaml (using it) when this is a vendors/ folder, else beside it as NAME.scenario.yaml."
    )
    var out: String?

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Option(name: .customLong("misleading-share"), help: "Without gold: the misleading share π to assume (not identifiable from labels).")
    var misleadingShare: Double = 0

    @Option(help: "Replications of the fit check.")
    var replications: Int = 20

    @Option(help: "Seed of the fit and the check.")
    var seed: UInt64 = 1

    @Option(help: "CSV header names, e.g. item=task,worker=worker,label=label.")
    var columns: String?

    @Option(name: .customLong("input-format"), help: "Input layout: csv, whitespace or gal (default: detect).")
    var inputFormat: String?

    func run() throws {
        guard format == "table" || format == "json" else {
            CommandLineErrors.report(["--format must be table or json, got '\(format)'"])
            throw ExitCode(2)
        }
        guard (0...1).contains(misleadingShare) else {
            CommandLineErrors.report(["--misleading-share must be a probability in [0, 1], got \(misleadingShare)"])
            throw ExitCode(2)
        }
        guard replications >= 2, replications <= 10_000 else {
            CommandLineErrors.report(["--replications must be between 2 and 10000, got \(replications)"])
            throw ExitCode(2)
        }
        let layout = try AnnotationLayoutOption.parse(inputFormat)
        do {
            let mapping = try columns.map { text throws(AnnotationFileError) in try ColumnMapping(parsing: text) } ?? ColumnMapping()
            let annotations = try AnnotationFile.read(path: file, format: layout, columns: mapping)
            let gold = try truth.map { path throws(AnnotationFileError) in try GoldLabels.read(path: path, for: annotations) }
            if let note = annotations.layoutNote { printError("note: " + note) }
            for warning in annotations.warnings + (gold?.warnings ?? []) { printError("warning: " + warning) }
            let matrix = annotations.matrix
            let truthClasses = gold?.classes.map { $0 >= 0 ? $0 : -1 } ?? [Int32](repeating: -1, count: matrix.itemCount)
            let goldCount = truthClasses.filter { $0 >= 0 }.count
            if goldCount == 0 {
                printError(
                    "note: without gold the misleading share is not identifiable (a misleading item looks exactly like an ordinary item of its confusable class); using --misleading-share \(misleadingShare)"
                )
            }
            let fit = CrowdFit.fit(matrix: matrix, truth: truthClasses, misleadingShare: misleadingShare, using: GSLRandom(seed: seed))
            let profile = CalibratedProfile(fit: fit, matrix: matrix, goldItems: goldCount, using: GSLRandom(seed: seed))
            let provenance = provenanceLines(profile: profile)
            let inline = profile.scenarioYAML(
                name: "calibrated", profileName: nil, replications: replications, seed: seed, provenance: provenance)
            let scenario = try ScenarioParser.scenario(from: ConfigNode.parse(yaml: inline, file: "calibrated"), file: "calibrated")
            let check = try CalibrationCheck.run(
                scenario: scenario, matrix: matrix, truth: truthClasses, replications: replications, seed: seed)
            if let out {
                let url = URL(fileURLWithPath: out)
                let name = url.deletingPathExtension().lastPathComponent
                try AtomicFile.write(Data(profile.profileYAML(provenance: provenance).utf8), to: url)
                // `use:` finds profiles in a `vendors/` folder beside the scenario: write the scenario
                // there when the profile went into one, else beside the profile with its keys inline.
                let folder = url.deletingLastPathComponent()
                let inVendors = folder.lastPathComponent == "vendors"
                let scenarioURL =
                    inVendors
                    ? folder.deletingLastPathComponent().appendingPathComponent("\(name).yaml")
                    : folder.appendingPathComponent("\(name).scenario.yaml")
                let scenarioPath = scenarioURL.path
                let text = profile.scenarioYAML(
                    name: name, profileName: inVendors ? name : nil, replications: replications, seed: seed, provenance: provenance)
                try AtomicFile.write(Data(text.utf8), to: scenarioURL)
                printError("wrote \(out) and \(scenarioPath)")
            }
            let report = CalibrationReport(profile: profile, check: check)
            print(format == "json" ? try report.json() : report.table() + "\n", terminator: "")
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    func provenanceLines(profile: CalibratedProfile) -> [String] {
        var command = "labelsim calibrate \(file)"
        if let truth { command += " --truth \(truth)" }
        if truth == nil { command += " --misleading-share \(misleadingShare)" }
        return [
            "Calibrated by `\(command) --seed \(seed)`:",
            "\(profile.items) items, \(profile.workers) workers, \(profile.labels) labels, \(profile.goldItems) gold items, \(profile.classes) classes.",
            "Method: nonparametric EM over item states (README, Calibration); workers held to a Beta per class.",
        ]
    }
}
