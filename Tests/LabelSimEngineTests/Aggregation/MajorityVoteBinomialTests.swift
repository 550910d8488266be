import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

/// Majority vote of k independent one-coin workers of accuracy p, K = 2, difficulty 0, is right
/// with probability P(Bin(k, p) > k/2) (odd k, so no ties): the Condorcet jury theorem.
@Suite("Majority vote against the exact binomial tail")
struct MajorityVoteBinomialTests {
    static func scenario(p: Double, k: Int) -> Scenario {
        Scenario(
            name: "binomial", seed: 2024 + UInt64(k), replications: 4,
            task: TaskSpec(classes: 2, prior: [0.5, 0.5], domains: [DomainShare(name: "general", share: 1)], difficulty: .fixed(0)),
            data: DataSpec(trainItems: 15_000, testItems: 10),
            budget: .items(15_000),
            vendors: [
                VendorSpec(
                    name: "v", pricing: .perLabel(dollars: 1), labelsPerHour: 100,
                    workforce: WorkforceSpec(
                        workers: 500, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(p))], domainSkill: [:]),
                    quality: QualitySpec(redundancy: k, aggregation: .majority))
            ])
    }

    @Test("within 4 standard errors", arguments: [0.55, 0.7, 0.9], [1, 3, 5, 9])
    func matchesTail(p: Double, k: Int) throws {
        let scenario = Self.scenario(p: p, k: k)
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let accuracies = result.values(vendor: 0, metric: .labelAccuracy)
        let items = Double(scenario.data.trainItems * scenario.replications)
        let observed = accuracies.reduce(0, +) / Double(accuracies.count)
        let exact = Distributions.binomialUpperTail(above: k / 2, n: k, p: p)
        let standardError = (exact * (1 - exact) / items).squareRoot()
        #expect(abs(observed - exact) < 4 * standardError, "p=\(p) k=\(k): observed \(observed), exact \(exact)")
    }

    @Test("ties are broken at random: k = 2 of accuracy p is right with probability p")
    func evenRedundancy() throws {
        let scenario = Self.scenario(p: 0.7, k: 2)
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let observed = result.values(vendor: 0, metric: .labelAccuracy).reduce(0, +) / Double(scenario.replications)
        // P(both right) + ½ P(one right) = p² + p(1 − p) = p.
        let standardError = (0.7 * 0.3 / 60_000).squareRoot()
        #expect(abs(observed - 0.7) < 4 * standardError)
    }
}
