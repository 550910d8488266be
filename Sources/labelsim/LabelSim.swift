import ArgumentParser

/// The `labelsim` command line (this branch lists only the learner commands; the full root
/// command is merged in by hand).
@main
struct LabelSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelsim",
        abstract: "Monte Carlo simulator of data-labeling vendors.",
        subcommands: [BenchLearnerCommand.self, NoiseShapeCommand.self]
    )
}
