import ArgumentParser
import Foundation

/// The `labelsim` command: simulate labelling vendors and compare the labels and models they give.
@main
struct LabelSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelsim",
        abstract: "Monte Carlo simulation of data-labelling vendors: crowd, experts, or a mix.",
        discussion: """
            Runs a scenario (task, data, budget, vendors) many times with seeded random streams and reports, \
            per vendor, label quality, model quality, cost and calendar time with 95% confidence intervals; \
            sweeps parameters, compares vendors and aggregates real annotation files. \
            Results go to Results/ (or --out) as CSV, JSON, Markdown and HTML.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, SchemaCommand.self, SweepCommand.self, MergeCommand.self, CompareCommand.self,
            AggregateCommand.self,
            BenchCommand.self, BenchAggregationCommand.self, BenchLearnerCommand.self, NoiseShapeCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// Runs the command line; usage errors (an unknown option, a value of the wrong type, a failed
    /// check) exit with status 2 like every other bad input, instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
