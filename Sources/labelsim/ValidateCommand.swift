import ArgumentParser
import LabelSimCore

/// `labelsim validate FILE...`: check scenario files and vendor profiles and report every problem; runs nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and vendor profiles, report every problem with file, line and key path; run nothing.",
        discussion: "A file without `vendors` whose keys are a vendor's (pricing, workforce, …) is checked as a vendor profile."
    )

    @Argument(help: "Scenario or vendor profile YAML files.")
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
                switch try CheckedFile.check(
                    path: path, overrides: options.overrides, profileDirectories: [ShippedScenarios.vendorProfiles])
                {
                case .scenario(let document):
                    let scenario = document.scenario
                    let vendors = scenario.vendors.count == 1 ? "1 vendor" : "\(scenario.vendors.count) vendors"
                    let replications = scenario.replications == 1 ? "1 replication" : "\(scenario.replications) replications"
                    print("\(path): ok (\(vendors), \(replications))")
                case .profile:
                    print("\(path): ok (vendor profile)")
                }
            } catch {
                failed = true
                CommandLineErrors.report(error.problems.map(\.description))
            }
        }
        if failed { throw ExitCode(2) }
    }
}
