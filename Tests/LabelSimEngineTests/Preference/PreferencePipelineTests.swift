import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The preference task end to end, against the published figures its defaults were derived from
/// (scripts/calibrate_preference.py, README "Preference data").
@Suite struct PreferencePipelineTests {
    static let scenarioPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios/frontier-rlhf.yaml").path

    /// The shipped scenario with `overrides`, small enough for a test.
    static func scenario(_ overrides: [String]) throws -> Scenario {
        try ScenarioDocument.load(
            path: scenarioPath,
            overrides: ["task.evaluation_prompts=200", "data.test_items=20000", "task.misleading={}"] + overrides
        ).scenario
    }

    /// One replication of vendor `vendor`, by name.
    static func row(_ scenario: Scenario, vendor: String, replication: Int = 0) throws -> MetricRecord<Double> {
        let pipeline = try #require(try PreferencePipeline(scenario: scenario))
        let index = try #require(scenario.vendors.firstIndex { $0.name == vendor })
        return try pipeline.run(index: replication, vendor: index, world: try pipeline.world(index: replication))
    }

    @Test func sameSeedSameNumbers() throws {
        let scenario = try Self.scenario(["data.train_items=3000", "data.test_items=1000", "budget.items=3000"])
        let replication = try Replication(scenario: scenario)
        let first = try replication.run(index: 3)
        let second = try replication.run(index: 3)
        // rater_agreement is NaN at redundancy 1 (NaN ≠ NaN), so compare the printed rows.
        #expect(first.map(\.values).description == second.map(\.values).description)
        #expect(try replication.run(index: 4).map(\.values).description != first.map(\.values).description)
        // Pinned: a change to any stream or formula shows here.
        #expect(first.map { $0[.comparisonAccuracy] } == [0.6783333333333333, 0.7793333333333333, 0.8046666666666666])
    }

    @Test("a preference run's verdict is on its quality metric, best_of_n_gain at the largest n")
    func verdictOnBestOfNGain() throws {
        let scenario = try Self.scenario(["replications=3", "data.train_items=3000"])
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let verdict = Verdict(result: result)
        #expect(verdict.metric == MetricRegistry.qualityMetric(of: result.catalog).name)
        #expect(verdict.metric.hasPrefix("best_of_n_gain@"))
        #expect(verdict.best != nil && verdict.sentence.contains(verdict.metric), "\(verdict.sentence)")
    }

    @Test func perfectRatersReachTheBradleyTerryCeiling() throws {
        // Every reward difference visible, raters at the world's own temperature: the reward model's
        // held-out accuracy against the true preference tends to E[σ(|z|)].
        let scenario = try Self.scenario([
            "task.reward={scale: 2.0, visible_share: 1.0}", "data.train_items=40000", "budget.items=40000",
            "data.features={dimensions: 8}", "vendors.experts.workforce.types=[{share: 1, rationality: 1}]",
        ])
        let pipeline = try #require(try PreferencePipeline(scenario: scenario))
        // E[σ(|z|)], z ~ N(0, 4), by Gauss–Hermite in scripts/calibrate_preference.py: 0.7780.
        #expect(abs(pipeline.ceiling - 0.7780) < 5e-4)
        let row = try Self.row(scenario, vendor: "experts")
        #expect(abs(try #require(row[.rmAccuracy]) - pipeline.ceiling) < 0.01)
        #expect(abs(try #require(row[.oracleRMAccuracy]) - pipeline.ceiling) < 0.01)
    }

    @Test func styleLinkedErrorsOutlastMoreComparisons() throws {
        // Misleading medical and legal pairs (30%) whose erroneous answer is the more-styled one:
        // contractors miss 70% of the errors, so their labels pay for style and eight times the
        // comparisons do not unlearn it; experts (90% seen through) pay little. Without the link
        // the same errors carry no feature signature and the contractors' reward model ignores style.
        func row(_ vendor: String, items: Int, link: Double) throws -> MetricRecord<Double> {
            try Self.row(
                try Self.scenario([
                    "task.misleading={medical: 0.3, legal: 0.3}", "task.misleading_style_link=\(link)", "data.train_items=24000",
                    "budget.items=\(items)", "data.test_items=1000", "task.evaluation_prompts=20",
                ]), vendor: vendor)
        }
        let few = try #require(try row("contractors", items: 3000, link: 1)[.rmStyleWeight])
        let many = try #require(try row("contractors", items: 24000, link: 1)[.rmStyleWeight])
        let unlinked = try #require(try row("contractors", items: 24000, link: 0)[.rmStyleWeight])
        let experts = try #require(try row("experts", items: 24000, link: 1)[.rmStyleWeight])
        print("rm_style_weight: contractors linked 3000 \(few), 24000 \(many); unlinked 24000 \(unlinked); experts linked 24000 \(experts)")
        #expect(many > 0.3 && many > 0.7 * few)
        #expect(abs(unlinked) < 0.1)
        #expect(experts < 0.4 * many)
    }

    @Test func crowdProfileMatchesAlpacaFarm() throws {
        // Agreement needs two raters per pair; everything else is the shipped crowd profile.
        let scenario = try Self.scenario([
            "data.train_items=30000", "budget.items=15000", "vendors.crowd.quality.redundancy=2",
        ])
        let row = try Self.row(scenario, vendor: "crowd")
        #expect(abs(try #require(row[.raterAgreement]) - 0.657) < 0.02)
        #expect(abs(try #require(row[.longerPreferred]) - 0.64) < 0.02)
    }

    @Test func contractorsGiveInstructGPTsRewardModel() throws {
        // InstructGPT's conditions: the contractors are the reference raters of their own world,
        // whose scale 2.342 makes their agreement 72.6%; the reward model should land near 72.4%.
        let scenario = try Self.scenario([
            "task.reward={scale: 2.342, visible_share: 0.643}", "data.train_items=40000", "budget.items=20000",
            "vendors.contractors.quality.redundancy=2", "vendors.contractors.workforce.types=[{share: 1, rationality: 1}]",
        ])
        let row = try Self.row(scenario, vendor: "contractors")
        #expect(abs(try #require(row[.raterAgreement]) - 0.726) < 0.02)
        #expect(abs(try #require(row[.rmAccuracy]) - 0.724) < 0.03)
    }

    @Test func strengthLevelsMatchLlama2() throws {
        // Llama 2's conditions (scale 0.875, every reward difference visible, reference raters).
        let scenario = try Self.scenario([
            "task.reward={scale: 0.8746, visible_share: 1.0}", "data.train_items=60000", "budget.items=60000",
            "data.features={dimensions: 8}", "vendors.experts.workforce.types=[{share: 1, rationality: 1}]",
        ])
        let row = try Self.row(scenario, vendor: "experts")
        let levels = try Metric.strengthLevels.map { try #require(row[.rmAccuracy(level: $0)]) }
        for (level, published) in zip(levels, [0.807, 0.675, 0.609, 0.547]) {
            #expect(abs(level - published) < 0.03, "\(levels)")
        }
        #expect(levels == levels.sorted(by: >))
    }

    @Test func bradleyTerryRecoversKnownScores() throws {
        // 400 items, 100,000 comparisons drawn by Bradley–Terry on known scores.
        let rng = GSLRandom(seed: 7)
        let items = 400
        let truth = (0..<items).map { _ in rng.gaussian() }
        var left: [Int32] = []
        var right: [Int32] = []
        var wins: [Bool] = []
        for _ in 0..<100_000 {
            let a = rng.uniformInt(items)
            var b = rng.uniformInt(items)
            while b == a { b = rng.uniformInt(items) }
            left.append(Int32(a))
            right.append(Int32(b))
            wins.append(rng.uniform() < 1 / (1 + exp(truth[b] - truth[a])))
        }
        let (scores, iterations) = BradleyTerry().scores(itemCount: items, left: left, right: right, leftWins: wins)
        #expect(iterations > 2 && iterations < 1000)
        #expect(Self.spearman(scores, truth) >= 0.99)
        // The MLE's log-scores are the true scores up to a shift: slope near 1.
        let logs = scores.map { log($0) }
        let meanLog = logs.reduce(0, +) / Double(items)
        let meanTruth = truth.reduce(0, +) / Double(items)
        let slope =
            zip(logs, truth).reduce(0) { $0 + ($1.0 - meanLog) * ($1.1 - meanTruth) }
            / truth.reduce(0) { $0 + ($1 - meanTruth) * ($1 - meanTruth) }
        #expect(abs(slope - 1) < 0.05)
    }

    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        func ranks(_ values: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: values.count)
            for (rank, index) in values.indices.sorted(by: { values[$0] < values[$1] }).enumerated() { result[index] = Double(rank) }
            return result
        }
        let (a, b) = (ranks(x), ranks(y))
        let n = Double(x.count)
        let d = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return 1 - 6 * d / (n * (n * n - 1))
    }
}
