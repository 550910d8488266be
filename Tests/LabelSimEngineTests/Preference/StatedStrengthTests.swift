import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The raters' stated strength (``StatedStrength``) and the reward model's accuracy by it.
@Suite struct StatedStrengthTests {
    @Test func pureNoiseThresholdsAreLogisticQuantiles() throws {
        // q = −ℓ: P(|ℓ| > t) = 2σ(−t) = share ⇔ t = log(2/share − 1).
        let thresholds = try StatedStrength.thresholds(perceivedSd: 0)
        for (t, share) in zip(thresholds, [0.25, 0.5, 0.75]) { #expect(abs(t - log(2 / share - 1)) < 1e-9) }
    }

    @Test func thresholdsSplitPerceptionsIntoQuarters() throws {
        // q = X − ℓ, X ~ N(0, 2²): 200,000 draws, each level's share within 0.005 (> 4 SE) of 1/4.
        let thresholds = try StatedStrength.thresholds(perceivedSd: 2)
        let rng = GSLRandom(seed: 3)
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<200_000 {
            let u = rng.uniform()
            let q = rng.gaussian(sigma: 2) - log(u / (1 - u))
            counts[Int(StatedStrength.level(q, thresholds: thresholds, offset: 0))] += 1
        }
        #expect(counts.allSatisfy { abs(Double($0) / 200_000 - 0.25) < 0.005 }, "\(counts)")
    }

    /// The shipped scenario's comparisons by `vendor`, and the world they were drawn on.
    static func comparisons(_ overrides: [String], vendor: String) throws -> (Comparisons, PreferenceWorld) {
        let scenario = try PreferencePipelineTests.scenario(overrides)
        let pipeline = try #require(try PreferencePipeline(scenario: scenario))
        let index = try #require(scenario.vendors.firstIndex { $0.name == vendor })
        let world = try pipeline.world(index: 0)
        return (try pipeline.comparisons(index: 0, vendor: index, world: world).0, world)
    }

    @Test func sharpRatersStateTheTrueStrength() throws {
        // β = 50: the perception is the reward difference itself, so the stated level is its quartile.
        let (comparisons, world) = try Self.comparisons(
            ["data.train_items=20000", "budget.items=20000", "vendors.experts.workforce.types=[{share: 1, rationality: 50}]"],
            vendor: "experts")
        let same = comparisons.pairs.indices.filter { comparisons.strengths[$0] == world.pool.levels[Int(comparisons.pairs[$0])] }
        #expect(Double(same.count) / Double(comparisons.pairs.count) > 0.95)
    }

    @Test func everyRaterUsesTheFourAnswersAlike() throws {
        // The shipped crowd (style bias 2.22): each stated level holds a quarter of the
        // comparisons, within 0.015 (> 4 SE at 15,000).
        let (comparisons, _) = try Self.comparisons(["data.train_items=15000", "budget.items=15000"], vendor: "crowd")
        var counts = [Int](repeating: 0, count: 4)
        for strength in comparisons.strengths { counts[Int(strength)] += 1 }
        #expect(counts.allSatisfy { abs(Double($0) / Double(comparisons.strengths.count) - 0.25) < 0.015 }, "\(counts)")
    }

    @Test func rewardModelAccuracyFallsWithStatedStrength() throws {
        // Experts at the default scale: pairs they call significantly better are the ones the
        // reward model gets right most often. Llama 2's conditions (scale 0.875) are printed for
        // the README: there a rater's stated strength carries little of the true one.
        let scenario = try PreferencePipelineTests.scenario(["data.train_items=20000", "budget.items=20000"])
        let row = try PreferencePipelineTests.row(scenario, vendor: "experts")
        let stated = try Metric.strengthLevels.map { try #require(row[.rmAccuracy(stated: $0)]) }
        let llama = try PreferencePipelineTests.row(
            try PreferencePipelineTests.scenario([
                "task.reward={scale: 0.8746, visible_share: 1.0}", "data.train_items=60000", "budget.items=60000",
                "data.features={dimensions: 8}", "vendors.experts.workforce.types=[{share: 1, rationality: 1}]",
            ]), vendor: "experts")
        let llamaStated = try Metric.strengthLevels.map { try #require(llama[.rmAccuracy(stated: $0)]) }
        let llamaTrue = try Metric.strengthLevels.map { try #require(llama[.rmAccuracy(level: $0)]) }
        print("rm_accuracy_stated: experts \(stated); Llama 2 conditions stated \(llamaStated), true levels \(llamaTrue)")
        #expect(stated == stated.sorted(by: >))
        #expect(stated[0] - stated[3] > 0.1)
        // A noisy rater's stated strength separates less than the true strength does.
        #expect(llamaStated[0] - llamaStated[3] < llamaTrue[0] - llamaTrue[3])
    }

    @Test func strengthMarginIsReadAndChangesTheRewardModel() throws {
        let base = ["data.train_items=6000", "budget.items=6000", "data.test_items=4000"]
        let plain = try PreferencePipelineTests.row(try PreferencePipelineTests.scenario(base), vendor: "contractors")
        let margin = try PreferencePipelineTests.row(
            try PreferencePipelineTests.scenario(base + ["task.strength_margin=[3, 2, 1, 0]"]), vendor: "contractors")
        // The labels and everything before training are the same draws.
        #expect(plain[.comparisonAccuracy] == margin[.comparisonAccuracy])
        // The fit is not: its direction moves (the style weight is a ratio of learned weights).
        #expect(plain[.rmStyleWeight] != margin[.rmStyleWeight])
        #expect(plain[.oracleRMAccuracy] == margin[.oracleRMAccuracy])
        #expect(throws: (any Error).self) {
            try PreferencePipelineTests.scenario(base + ["task.strength_margin=[1, 0.5, 0]"])
        }
    }
}
