import LabelSimCore
import LabelSimEngine
import Testing

@Suite("Strategies: vendor mixes and timelines")
struct StrategyTests {
    static let text = """
        name: mixes
        seed: 11
        replications: 4
        task: {classes: 3, domains: {general: 0.5, medical: 0.3, legal: 0.2}, difficulty: 0}
        data: {train_items: 1500, test_items: 600, features: {dimensions: 4, separation: 2.0}}
        budget: {dollars: 600}
        vendors:
          - name: crowd
            pricing: {per_label: 0.05}
            workforce: {workers: 300, types: [{share: 0.9, accuracy: {beta: [8, 3]}}, {share: 0.1, kind: spammer}], workload: {zipf: 1}}
            quality: {redundancy: 3, gold_fraction: 0.05, ban_below: 0.5, aggregation: dawid-skene}
          - name: doctor
            pricing: {per_hour: 60, seconds_per_label: 30}
            workforce: {workers: 4, types: [{share: 1, accuracy: {general: 0.7, medical: 1, legal: 0.7}}]}
            calendar: {lead_days: 5, ramp_days: 4}
        strategies:
          - {name: all-crowd, route: {general: crowd, medical: crowd, legal: crowd}}
          - {name: all-crowd-split, split: {crowd: 1}}
          - {name: by-domain, route: {general: crowd, medical: doctor, legal: crowd}}
          - {name: half, split: {crowd: 0.5, doctor: 0.5}}
        """

    func run(_ text: String = Self.text, overrides: [String] = [], threads: Int = 2) throws -> RunResult {
        let scenario = try ScenarioDocument.parse(text: text, path: "m.yaml", overrides: overrides).scenario
        return try MonteCarloRun(scenario: scenario, threads: threads).execute()
    }

    @Test("a mix routing every domain to one vendor equals that vendor, number for number")
    func routeAllToOne() throws {
        let result = try run()
        #expect(result.optionNames == ["crowd", "doctor", "all-crowd", "all-crowd-split", "by-domain", "half"])
        for row in result.rows {
            #expect(row[2].values.elementsEqual(row[0].values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(row[3].values.elementsEqual(row[0].values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
        #expect(try #require(result.rows[0][0][.itemsLabeled]) > 100)
    }

    @Test("routing medical to a perfect medical vendor gives medical label accuracy 1, within one budget")
    func perfectMedical() throws {
        let result = try run()
        let medical = Metric.labelAccuracy(domain: "medical")
        let general = Metric.labelAccuracy(domain: "general")
        let cost = Metric.costDollars
        let days = Metric.days
        for row in result.rows {
            #expect(row[4][medical] == 1)
            #expect(try #require(row[4][general]) < 1)
            #expect(try #require(row[4][cost]) <= 600 + 1e-9)
            // The doctor's onboarding (5 days) and ramp make the mix as slow as its slowest vendor.
            #expect(try #require(row[4][days]) >= 5)
            #expect(try #require(row[5][cost]) <= 600 + 1e-9)
        }
    }

    @Test("a vendor's calendar: lead time, linear ramp, and days as the inverse of labels")
    func calendar() {
        let calendar = VendorCalendar(labelsPerDay: 100, leadDays: 10, rampDays: 4)
        #expect(calendar.labels(within: 10) == 0)
        #expect(calendar.labels(within: 12) == 100 * 4 / 8)  // half-way up the ramp: L·u²/(2r)
        #expect(calendar.labels(within: 20) == 100 * (10 - 2))
        for labels in [1.0, 50, 200, 800, 5000] {
            #expect(abs(calendar.labels(within: calendar.days(toDeliver: labels)) - labels) < 1e-9 * labels)
        }
        #expect(calendar.days(toDeliver: 0) == 0)
    }

    static let timelineText = """
        name: months
        seed: 5
        replications: 3
        task: {classes: 3, domains: {general: 0.6, medical: 0.4}, difficulty: {beta: [2, 5]}}
        data: {train_items: 3000, test_items: 500, features: {dimensions: 3, separation: 2.0}}
        vendors:
          - name: crowd
            pricing: {per_label: 0.05}
            workforce: {workers: 200, types: [{share: 1, accuracy: {beta: [8, 3]}}]}
            quality: {redundancy: 3, gold_fraction: 0.05}
          - name: doctor
            pricing: {per_hour: 60, seconds_per_label: 30}
            workforce: {workers: 2, types: [{share: 1, accuracy: 1}], hours_per_day: 4}
            calendar: {lead_days: 10}
        strategies:
          - {name: by-domain, route: {general: crowd, medical: doctor}}
        timeline:
          periods: 3
          period_days: 30
          budget_per_period: 100
          plans:
            crowd: crowd
            switch: [crowd, by-domain, by-domain]
        """

    @Test("a plan that never switches equals, after period m, a plain run with m budgets and m periods' days")
    func timelineCumulative() throws {
        let result = try run(Self.timelineText)
        #expect(result.optionNames == ["crowd", "switch"])
        for period in 1...3 {
            let single = try run(
                Self.timelineText.components(separatedBy: "timeline:")[0]
                    + "budget: {dollars: \(100 * period), deadline_days: \(30 * period)}\n")
            // Equal metric by metric; the model's log-loss within 1e-4, because the two runs'
            // fits start from different recorded fits (FitStarts: each run's own replication 0)
            // and stop anywhere within the stopping rule of one optimum (a thousandth of the
            // gradient's sampling error, ModelStage.samplingTolerance; measured up to 7e-6).
            for (replication, rows) in result.periodRows.enumerated() {
                let plan = rows[0][period - 1].entries
                let plain = single.rows[replication][0].entries
                #expect(plan.map(\.metric.name) == plain.map(\.metric.name))
                for (a, b) in zip(plan, plain) {
                    if a.metric.name == "model_log_loss" {
                        #expect(abs(a.value - b.value) < 1e-4, "period \(period), replication \(replication)")
                    } else {
                        #expect(a.value == b.value || (a.value.isNaN && b.value.isNaN), "\(a.metric.name), period \(period)")
                    }
                }
            }
        }
        // After the switch, the doctor (10 days' lead) delivers the medical items from period 2 on.
        let medical = Metric.labelAccuracy(domain: "medical")
        for rows in result.periodRows {
            #expect(rows[1][0] == rows[0][0])
            #expect(try #require(rows[1][2][.itemsLabeled]) > (try #require(rows[1][0][.itemsLabeled])))
            #expect(try #require(rows[1][2][medical]) > (try #require(rows[0][2][medical])))
        }
    }
}
