import ArgumentParser
import LabelSimCore

/// `labelsim validate SCENARIO...`: check scenario files and report every problem; runs nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files, report every problem with file, line and key path; run nothing."
    )

    @Argument(help: "Scenario YAML files.")
    var scenarios: [String]

    @OptionGroup var options: ScenarioOptions

    func validate() throws {
        if scenarios.isEmpty {
            throw ValidationError("give at least one scenario file")
        }
    }

    func run() throws {
        var failed = false
        for path in scenarios {
            do {
                let document = try ScenarioDocument.load(
                    path: path, overrides: options.overrides, profileDirectories: [ShippedScenarios.vendorProfiles])
                let scenario = document.scenario
                print("\(path): ok (\(scenario.vendors.count) vendors, \(scenario.replications) replications)")
            } catch {
                failed = true
                CommandLineErrors.report(error.problems.map(\.description))
            }
        }
        if failed { throw ExitCode(2) }
    }
}
