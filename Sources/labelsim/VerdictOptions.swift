import ArgumentParser

/// `--min-difference`, shared by the commands that open with a verdict.
struct VerdictOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Smallest gap on the quality metric that counts as a difference: points of accuracy, or percent of correct items per dollar.",
            valueName: "POINTS"))
    var minDifference: Double = 0.5
}
