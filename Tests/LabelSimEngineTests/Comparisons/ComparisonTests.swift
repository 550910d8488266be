import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

@Suite("Comparisons and intervals")
struct ComparisonTests {
    static func vendor(_ name: String, price: Double, accuracy: Double, redundancy: Int = 1) -> VendorSpec {
        VendorSpec(
            name: name, pricing: .perLabel(dollars: price), labelsPerHour: 1000,
            workforce: WorkforceSpec(
                workers: 50, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(accuracy))], domainSkill: [:]),
            quality: QualitySpec(redundancy: redundancy, aggregation: .majority))
    }

    static func scenario(seed: UInt64, replications: Int, items: Int, budget: Budget, vendors: [VendorSpec]) -> Scenario {
        Scenario(
            name: "c", seed: seed, replications: replications,
            task: TaskSpec(classes: 2, prior: [0.5, 0.5], domains: [DomainShare(name: "general", share: 1)], difficulty: .fixed(0)),
            data: DataSpec(trainItems: items, testItems: 10), budget: budget, vendors: vendors)
    }

    @Test("the 95% CI of majority-vote accuracy covers the exact value in 93–97% of 1,000 experiments")
    func coverage() throws {
        // Identical workers of accuracy 0.7, 3 labels an item: the true accuracy is P(Bin(3, 0.7) ≥ 2).
        let truth = Distributions.binomialUpperTail(above: 1, n: 3, p: 0.7)
        var covered = 0
        for experiment in 0..<1000 {
            let scenario = Self.scenario(
                seed: 50_000 + UInt64(experiment), replications: 10, items: 200, budget: .items(200),
                vendors: [Self.vendor("v", price: 1, accuracy: 0.7, redundancy: 3)])
            let summary = MetricSummary(
                values: try MonteCarloRun(scenario: scenario, threads: 2).execute().values(vendor: 0, metric: .labelAccuracy))
            if summary.ciLow <= truth, truth <= summary.ciHigh { covered += 1 }
        }
        #expect((930...970).contains(covered), "covered \(covered) of 1000")
    }

    @Test("break-even price is recovered within its CI when the answer is analytic")
    func breakEven() throws {
        // A: $0.10 a label at accuracy 0.9; B: $0.05 at 0.7; one label an item, $500 each.
        // Correct items: 500/p_B × 0.7 = 500/0.10 × 0.9 ⇒ p_B = 0.10 × 0.7 / 0.9 = 0.0778.
        let scenario = Self.scenario(
            seed: 8, replications: 20, items: 20_000, budget: .dollars(500),
            vendors: [Self.vendor("a", price: 0.10, accuracy: 0.9), Self.vendor("b", price: 0.05, accuracy: 0.7)])
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let breakEven = try BreakEvenPrice(
            scenario: scenario, a: 0, b: 1, metric: .itemsCorrect, aValues: result.values(vendor: 0, metric: .itemsCorrect), threads: 2)
        let expected = 0.10 * 0.7 / 0.9
        let price = try #require(breakEven.price)
        let low = try #require(breakEven.ciLow)
        let high = try #require(breakEven.ciHigh)
        #expect(low <= expected && expected <= high, "break-even \(price) [\(low), \(high)], analytic \(expected)")
        #expect(abs(price - expected) / expected < 0.01)
        #expect((high - low) / expected < 0.05)
        #expect(breakEven.currentPrice == 0.05)
    }

    @Test("paired differences, winners and the frontier")
    func comparison() throws {
        let scenario = Self.scenario(
            seed: 3, replications: 30, items: 5000, budget: .items(1000),
            vendors: [
                Self.vendor("cheap", price: 0.02, accuracy: 0.7, redundancy: 3), Self.vendor("good", price: 0.5, accuracy: 0.95),
                Self.vendor("bad", price: 0.6, accuracy: 0.6),
            ])
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let comparison = VendorComparison(result: result, vendors: [0, 1, 2])
        #expect(comparison.pairs.count == 3)
        let accuracy = try #require(comparison.winners.first { $0.metric == .labelAccuracy })
        #expect(accuracy.vendor == 1)
        #expect(accuracy.significant)
        let cost = try #require(comparison.winners.first { $0.metric == .costDollars })
        #expect(cost.vendor == 0)
        // good − bad on accuracy: positive, and good wins every replication.
        let pair = try #require(comparison.pairs.first { $0.a == 1 && $0.b == 2 })
        let difference = try #require(pair.differences[.labelAccuracy])
        #expect(difference.ciLow > 0.3)
        #expect(difference.aWins == 1)
        // cheap (cheapest) and good (best) are Pareto-optimal; bad is dominated by good.
        #expect(comparison.frontier.filter(\.isPareto).map(\.vendor) == [0, 1])
    }

    @Test("under a dollar budget no vendor wins cost_dollars; under an item budget none wins items_labeled")
    func fixedByDesign() throws {
        let vendors = [Self.vendor("cheap", price: 0.03, accuracy: 0.7), Self.vendor("dear", price: 0.07, accuracy: 0.9)]
        for budget in [Budget.dollars(10), .items(100)] {
            let scenario = Self.scenario(seed: 5, replications: 5, items: 1000, budget: budget, vendors: vendors)
            let comparison = VendorComparison(result: try MonteCarloRun(scenario: scenario, threads: 1).execute(), vendors: [0, 1])
            let fixed: Metric = if case .dollars = budget { .costDollars } else { .itemsLabeled }
            let free: Metric = if case .dollars = budget { .itemsLabeled } else { .costDollars }
            let fixedWinner = try #require(comparison.winners.first { $0.metric == fixed })
            #expect(fixedWinner.isFixedByDesign && fixedWinner.vendor == nil, "\(budget)")
            // The other one differs between the vendors (different prices), so it has a winner.
            let freeWinner = try #require(comparison.winners.first { $0.metric == free })
            #expect(!freeWinner.isFixedByDesign && freeWinner.vendor != nil, "\(budget)")
        }
    }
}
