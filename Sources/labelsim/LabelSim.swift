import ArgumentParser

/// The `labelsim` command line (minimal root for the `agg` branch; merged by hand later).
@main
struct LabelSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelsim",
        abstract: "Monte Carlo simulator of data-labeling vendors.",
        subcommands: [AggregateCommand.self, BenchAggregationCommand.self])
}
