import LabelSimCore
import LabelSimEngine
import Testing

@Suite("Run accounting and determinism")
struct RunAccountingTests {
    static let text = """
        name: accounting
        seed: 77
        replications: 6
        task: {classes: 3, domains: {general: 0.5, medical: 0.5}, difficulty: {beta: [2, 5]}}
        data: {train_items: 3000}
        budget: {dollars: 1000}
        vendors:
          - name: crowd
            pricing: {per_label: 0.07}
            speed: {labels_per_hour: 1000}
            workforce: {workers: 200, types: [{share: 0.9, accuracy: {beta: [8, 3]}}, {share: 0.1, kind: spammer}]}
            quality: {redundancy: 3}
          - name: expert
            pricing: {per_hour: 90, seconds_per_label: 40}
            workforce: {workers: 5, types: [{share: 1, accuracy: 0.95}], domain_skill: {medical: 0.9}}
        """

    func run(threads: Int, overrides: [String] = []) throws -> RunResult {
        let scenario = try ScenarioDocument.parse(text: Self.text, path: "a.yaml", overrides: overrides).scenario
        return try MonteCarloRun(scenario: scenario, threads: threads).execute()
    }

    @Test("items, labels, cost and days are exact")
    func accounting() throws {
        let result = try run(threads: 2)
        for row in result.rows {
            // crowd: one item costs 3 × 0.07 = 0.21 → ⌊1000 / 0.21⌋ = 4761 items, capped at the pool of 3000.
            #expect(row[0][.itemsLabeled] == 3000)
            #expect(row[0][.labelsBought] == 9000)
            #expect(row[0][.costDollars] == 9000 * 0.07)
            #expect(row[0][.days] == 9000.0 / 1000 / 24)
            // expert: one label costs 90 × 40 / 3600 = $1 → 1000 items; capacity 5 workers × 8 h × 3600 / 40 s = 3600 labels a day.
            #expect(row[1][.itemsLabeled] == 1000)
            #expect(row[1][.labelsBought] == 1000)
            #expect(row[1][.costDollars] == 1000)
            #expect(row[1][.days] == 1000.0 / 3600)
        }
    }

    @Test("an item budget fixes the count whatever it costs")
    func itemBudget() throws {
        let result = try run(threads: 1, overrides: ["budget.items=250"])
        for row in result.rows {
            #expect(row[0][.itemsLabeled] == 250)
            #expect(row[1][.itemsLabeled] == 250)
        }
    }

    @Test("same seed gives identical replications.csv; 1 and 4 threads agree byte for byte")
    func determinism() throws {
        let one = RunFormatter(result: try run(threads: 1)).replicationsCSV()
        let again = RunFormatter(result: try run(threads: 1)).replicationsCSV()
        let four = RunFormatter(result: try run(threads: 4)).replicationsCSV()
        #expect(one == again)
        #expect(one == four)
        let other = RunFormatter(result: try run(threads: 1, overrides: ["seed=78"])).replicationsCSV()
        #expect(one != other)
    }

    @Test("adding a vendor leaves the others' numbers unchanged (separate streams)")
    func vendorStreams() throws {
        let both = try run(threads: 2)
        let scenario = try ScenarioDocument.parse(text: Self.text, path: "a.yaml").scenario
        var crowdOnly = scenario
        crowdOnly.vendors = [scenario.vendors[0]]
        let single = try MonteCarloRun(scenario: crowdOnly, threads: 2).execute()
        #expect(both.rows.map { $0[0] } == single.rows.map { $0[0] })
    }

    @Test("the 95% interval uses the Student t quantile")
    func summary() {
        let summary = MetricSummary(values: [1, 2, 3, 4, .nan])
        #expect(summary.n == 4)
        #expect(summary.mean == 2.5)
        #expect(abs(summary.sd - 1.2909944487358056) < 1e-12)
        let half = 3.182446305284263 * 1.2909944487358056 / 2
        #expect(abs(summary.ciHigh - (2.5 + half)) < 1e-9)
    }
}

@Suite("Determinism across paths")
struct DeterminismAcrossPathsTests {
    @Test("quality control, every aggregator and the model stage: 1 and 3 threads give identical rows")
    func allPaths() throws {
        for method in AggregationMethod.allCases {
            let text = """
                seed: 9
                replications: 3
                task: {classes: 3, difficulty: from_features, domains: {a: 0.5, b: 0.5}}
                data: {train_items: 1500, test_items: 300, features: {dimensions: 4, separation: 2}}
                budget: {dollars: 400}
                vendors:
                  - name: crowd
                    pricing: {per_hour: 10, seconds_per_label: 20}
                    workforce:
                      workers: 60
                      types: [{share: 0.8, accuracy: {beta: [8, 3]}}, {share: 0.2, kind: spammer, answers: constant}]
                      workload: {zipf: 1}
                      seconds_per_label: {lognormal: [3, 0.4]}
                      confusion: {dirichlet: 1}
                    quality:
                      redundancy: {min: 2, max: 5, agreement: 0.7}
                      aggregation: \(method.rawValue)
                      gold_fraction: 0.1
                      ban_below: 0.5
                      gold_min: 5
                      review: {vendor: expert, below_agreement: 0.6}
                  - name: expert
                    pricing: {per_hour: 100, seconds_per_label: 40}
                    workforce: {workers: 4, types: [{share: 1, accuracy: 0.95}]}
                """
            let scenario = try ScenarioDocument.parse(text: text, path: "d.yaml").scenario
            let one = try MonteCarloRun(scenario: scenario, threads: 1).execute()
            let three = try MonteCarloRun(scenario: scenario, threads: 3).execute()
            #expect(RunFormatter(result: one).replicationsCSV() == RunFormatter(result: three).replicationsCSV(), "\(method)")
            // Every metric is defined here (NaN is written as NA in the CSV files).
            let missing = one.catalog.metrics.filter { metric in one.rows.contains { $0.contains { $0[metric]?.isNaN ?? true } } }
            #expect(missing.isEmpty, "\(method): \(missing)")
        }
    }
}
