import ArgumentParser

/// `--min-difference`, shared by the commands that open with a verdict.
struct VerdictOptions: ParsableArguments {
    // `.unconditional`: `--min-difference -1` is a bad threshold, not a missing value.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Smallest gap on the quality metric that counts as a difference: points of accuracy, or percent of correct items per dollar.",
            valueName: "POINTS"))
    var minDifference: Double = 0.5

    func validate() throws {
        guard minDifference.isFinite, minDifference >= 0 else {
            throw ValidationError("--min-difference must be a finite number ≥ 0, got \(minDifference)")
        }
        // Points of accuracy stop at 100; a relative gap of 1000% is already beyond any verdict.
        guard minDifference <= 1000 else { throw ValidationError("--min-difference must be at most 1000, got \(minDifference)") }
    }
}
