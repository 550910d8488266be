import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim calibrate LABELS [--truth GOLD]`: fits a vendor profile and task block to a real
/// annotation file and checks the fit by simulating it with the engine.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a vendor profile (workers, workload, difficulty, misleading items) to a real annotation file and check the fit.")

    @OptionGroup var input: AnnotationInputOptions

    @Option(
        help:
            "Write the vendor profile here; the scenario goes to ../NAME.yaml (using it) when this is a vendors/ folder, else beside it as NAME.scenario.yaml."
    )
    var out: String?

    @Option(
        name: .customLong("misleading-share"), parsing: .unconditional,
        help: "Without gold: the misleading share π to assume (not identifiable from labels).")
    var misleadingShare: Double = 0

    @Flag(
        name: .customLong("see-through-spread"),
        help: "Fit each worker's own probability of seeing through a confusing item (the profile draws it per worker).")
    var seeThroughSpread = false

    @Flag(
        name: .customLong("no-see-through-spread"),
        help:
            "Fit one probability for all workers. With neither flag calibrate fits both ways and keeps the fit whose check is closer (twice the work, on two threads)."
    )
    var noSeeThroughSpread = false

    @Option(parsing: .unconditional, help: "Replications of the fit check (2 to 10000).")
    var replications: Int = 20

    @Option(parsing: .unconditional, help: "Seed of the fit and the check.")
    var seed: UInt64 = 1

    func validate() throws {
        if seeThroughSpread && noSeeThroughSpread {
            throw ValidationError(
                "--see-through-spread and --no-see-through-spread exclude each other: give one, or neither to let calibrate choose")
        }
    }

    func run() throws {
        if let out {
            // Both files are checked before the fit, which can take a while: the profile and the scenario beside it.
            try OutputOption.checkFile(out, option: "--out")
            let scenario = CalibrationRequest.scenarioLocation(forProfile: URL(fileURLWithPath: out)).url.path
            try OutputOption.checkFile(scenario, option: "--out's scenario")
            try OutputOption.checkDistinct(out, option: "--out", from: input.inputs)
            try OutputOption.checkDistinct(scenario, option: "--out's scenario", from: input.inputs)
        }
        let request: CalibrationRequest
        do {
            request = try CalibrationRequest(
                source: input.source, misleadingShare: misleadingShare,
                seeThroughSpread: seeThroughSpread ? true : (noSeeThroughSpread ? false : nil),
                replications: replications,
                seed: seed, out: out)
        } catch {
            CommandLineErrors.report(error.lines)
            throw ExitCode(2)
        }
        do {
            let outcome = try request.run(note: printError)
            if !outcome.written.isEmpty { printError("wrote " + outcome.written.joined(separator: " and ")) }
            print(input.format == .json ? try outcome.report.json() : outcome.report.table() + "\n", terminator: "")
        } catch let problem as CalibrationRequest.Problem {
            CommandLineErrors.report(problem.lines)
            throw ExitCode(2)
        } catch {
            printError("error: \(ScenarioProblem.quoted("\(error)", limit: 400))")
            throw ExitCode(2)
        }
    }
}
