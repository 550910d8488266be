import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

/// Issue 11 finding 6: a banning cascade under a dollar budget must neither overspend nor leave the
/// model stage with items that have no label.
@Suite("Dollar budget cap and banning cascades")
struct BudgetCapTests {
    /// Half the workers are near-random and gold bans them after a few answers, so many finished
    /// items lose labels and are topped up; per-worker speeds make hourly prices vary by worker.
    static let text = """
        name: cascade
        seed: 11
        replications: 4
        task: {classes: 3}
        data: {train_items: 4000, test_items: 300, features: {dimensions: 3}}
        budget: {dollars: 300}
        vendors:
          - name: crowd
            pricing: {per_hour: 12, seconds_per_label: 20}
            workforce:
              workers: 120
              types: [{share: 0.5, accuracy: 0.9}, {share: 0.5, kind: sloppy, accuracy: 0.4}]
              seconds_per_label: {lognormal: [3, 0.6]}
            quality: {redundancy: 3, gold_fraction: 0.15, ban_below: 0.7, gold_min: 4, overhead: 0.2}
        """

    @Test("spend never exceeds the budget, and the run finishes with a model despite the bans")
    func capHolds() throws {
        let scenario = try ScenarioDocument.parse(text: Self.text, path: "c.yaml").scenario
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        for row in result.rows {
            let cost = try #require(row[0][.costDollars])
            #expect(cost <= 300)
            #expect(cost > 299, "the budget is spent down to less than one label")
            #expect(try #require(row[0][.workersBanned]) >= 20)
            #expect(try #require(row[0][.modelAccuracy]).isFinite)
        }
    }
}

@Suite("Model stage with unlabelled items")
struct UnlabelledItemsTests {
    @Test("items left with no label (-1) are left out of training, not an error")
    func unlabelledItemsAreSkipped() throws {
        let text = BudgetCapTests.text.replacingOccurrences(of: "replications: 4", with: "replications: 1")
        let scenario = try ScenarioDocument.parse(text: text, path: "c.yaml").scenario
        let stage = try #require(try ModelStage(scenario: scenario))
        let rng = GSLRandom(seed: 5)
        let world = try #require(stage.features)
        let pool = try ItemPool.draw(task: scenario.task, count: 400, features: world, using: rng)
        let test = try stage.testSet(count: 300, using: rng)
        var labels = pool.classes
        for item in stride(from: 0, to: labels.count, by: 7) { labels[item] = -1 }
        var row = MetricRecord<Double>(catalog: MetricCatalog(scenario: scenario))
        try stage.evaluate(
            pool: pool, labels: labels, posteriors: [], test: test, oracles: OracleCache(), replication: 0, vendor: 0,
            into: &row)
        let accuracy = try #require(row[.modelAccuracy])
        #expect(accuracy > 0.5 && accuracy <= 1)
        var none = MetricRecord<Double>(catalog: MetricCatalog(scenario: scenario))
        try stage.evaluate(
            pool: pool, labels: Array(repeating: -1, count: 400), posteriors: [], test: test, oracles: OracleCache(), into: &none)
        #expect(none[.modelAccuracy].map(\.isNaN) ?? true)
    }
}
