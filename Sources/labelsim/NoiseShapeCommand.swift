import ArgumentParser
import Foundation
import LabelSimBench
import LabelSimEngine

/// `labelsim noise-shape`: boundary-concentrated versus uniform label noise of the same rate, at
/// several training sizes (see ``NoiseShapeStudy``), printed as a Markdown table.
struct NoiseShapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "noise-shape",
        abstract: "Compare boundary-concentrated and uniform label noise of the same rate."
    )

    // `.unconditional`: a negative value is refused by `validate()`, not taken for a missing one.
    @Option(parsing: .unconditional, help: "Classes.") var classes = 2
    @Option(parsing: .unconditional, help: "Feature dimensions.") var dimensions = 16
    @Option(parsing: .unconditional, help: "Distance between class means in noise standard deviations.") var separation = 2.0
    @Option(parsing: .unconditional, help: "Overall label flip rate of both kinds of noise.") var rate = 0.2
    @Option(parsing: .upToNextOption, help: "Training sizes.") var sizes: [Int] = [500, 2000, 10_000, 50_000]
    @Option(parsing: .unconditional, help: "Replications per size.") var replications = 10
    @Option(parsing: .unconditional, help: "Clean test items.") var test = 20_000
    @Option(parsing: .unconditional, help: "Ridge strength.") var l2 = 1e-4
    @Option(parsing: .unconditional, help: "Seed.") var seed: UInt64 = 5

    /// Most feature values (items × dimensions) one training or test set may hold: 400 MB of doubles.
    static let maximumFeatureValues = 50_000_000

    func validate() throws {
        guard rate >= 0, rate <= 1 else { throw ValidationError("--rate must be in [0, 1], got \(rate)") }
        guard separation.isFinite, separation >= 0 else {
            throw ValidationError("--separation must be a finite number ≥ 0, got \(separation)")
        }
        guard l2.isFinite, l2 >= 0 else { throw ValidationError("--l2 must be a finite number ≥ 0, got \(l2)") }
        guard replications > 0, test > 0, sizes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--replications, --test and every --sizes value must be positive")
        }
        guard replications <= 10_000 else { throw ValidationError("--replications must be at most 10000, got \(replications)") }
        guard classes >= 2, classes <= 1_000 else { throw ValidationError("--classes must be in 2...1000, got \(classes)") }
        guard dimensions >= 1 else { throw ValidationError("--dimensions must be at least 1, got \(dimensions)") }
        let largest = max(test, sizes.max() ?? 0)
        let (values, overflow) = largest.multipliedReportingOverflow(by: dimensions)
        guard !overflow, values <= Self.maximumFeatureValues else {
            throw ValidationError(
                "--test, every --sizes value and --dimensions: \(largest) items × \(dimensions) dimensions is more than "
                    + "\(Self.maximumFeatureValues) feature values")
        }
    }

    func run() throws {
        let model = try FeatureModel(classes: classes, dimensions: dimensions, separation: separation)
        let study = NoiseShapeStudy(model: model, rate: rate, testItems: test, replications: replications, l2: l2)
        let start = ContinuousClock.now
        let rows = try study.run(trainingSizes: sizes, seed: seed)
        print(
            "K = \(classes), D = \(dimensions), s = \(NumberText.human(separation)), rate \(NumberText.human(rate)), \(replications) replications, "
                + "\(test) test items, l2 = \(String(format: "%g", l2)), seed \(seed); Bayes accuracy \(String(format: "%.4f", try model.bayesAccuracy()))"
        )
        print("")
        print("| train items | clean | uniform noise | boundary noise | uniform − boundary (points) | boundary flip rate |")
        print("|---:|---:|---:|---:|---:|---:|")
        for row in rows {
            let difference = 100 * (row.uniform - row.boundary)
            let error = 100 * row.differenceStandardError
            print(
                "| \(row.trainingSize) | \(f(row.clean)) | \(f(row.uniform)) | \(f(row.boundary)) | "
                    + "\(String(format: "%+.2f ± %.2f", difference, error)) | \(String(format: "%.3f", row.boundaryRealisedRate)) |")
        }
        print("")
        let elapsed = (ContinuousClock.now - start).components
        print("elapsed: \(String(format: "%.1f", Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)) s")
    }

    private func f(_ value: Double) -> String { String(format: "%.4f", value) }
}
