import ArgumentParser

/// The `labelsim` command: simulate labelling vendors and compare the labels and models they give.
@main
struct LabelSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelsim",
        abstract: "Monte Carlo simulation of data-labelling vendors: crowd, experts, or a mix.",
        discussion: """
            Runs a scenario (task, data, budget, vendors) many times with seeded random streams and reports, \
            per vendor, label quality, cost and calendar time with 95% confidence intervals. \
            Results go to Results/ (or --out) as CSV, JSON and Markdown.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, SweepCommand.self, MergeCommand.self, CompareCommand.self, AggregateCommand.self,
            BenchCommand.self, BenchAggregationCommand.self, BenchLearnerCommand.self, NoiseShapeCommand.self,
        ],
        defaultSubcommand: nil
    )
}
