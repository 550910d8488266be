import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Verdicts, break-even units, routing search, prediction intervals and charts")
struct DecisionTests {
    static let text = """
        name: decide
        seed: 21
        replications: 30
        task: {classes: 2, domains: {general: 0.5, medical: 0.5}, difficulty: 0}
        data: {train_items: 4000}
        budget: {dollars: 300}
        vendors:
          - name: crowd
            pricing: {per_label: 0.05}
            workforce: {workers: 100, types: [{share: 1, accuracy: {general: 0.9, medical: 0.55}}]}
            quality: {redundancy: 3}
          - name: doctor
            pricing: {per_hour: 36, seconds_per_label: 20}
            workforce: {workers: 10, types: [{share: 1, accuracy: {general: 0.55, medical: 1}}]}
        """

    func run(_ text: String = Self.text, overrides: [String] = []) throws -> RunResult {
        let scenario = try ScenarioDocument.parse(text: text, path: "d.yaml", overrides: overrides).scenario
        return try MonteCarloRun(scenario: scenario, threads: 2).execute()
    }

    @Test("the hourly vendor's break-even is in $/h, and pasted back with --set the paired CI covers 0")
    func breakEvenPastedBack() throws {
        let result = try run()
        let comparison = VendorComparison(result: result, vendors: [0, 1])
        let prices = try BreakEvenPrice.all(for: comparison, threads: 2)
        // The doctor ($36/h × 20 s = $0.20 a label, right on medical items only) buys fewer correct items than the crowd.
        let price = try #require(prices.first)
        #expect(price.b == 1 && price.a == 0)
        #expect(price.unit == "$/h")
        #expect(price.currentInUnit == 36)
        let setting = try #require(price.setting)
        #expect(setting.hasPrefix("vendors.doctor.pricing.per_hour="))
        let again = try run(overrides: [setting])
        let difference = PairedDifference(
            a: again.values(vendor: price.a, metric: price.metric), b: again.values(vendor: price.b, metric: price.metric),
            direction: price.metric.direction)
        #expect(difference.ciLow <= 0 && 0 <= difference.ciHigh, "\(setting): \(difference)")
        // The A vendor is untouched: common random numbers give it the same values.
        #expect(again.values(vendor: price.a, metric: price.metric) == result.values(vendor: price.a, metric: price.metric))
    }

    @Test("optimize finds the computable optimum over routings and redundancy: each domain to its perfect vendor at k=1")
    func optimum() throws {
        // Same price per label, difficulty 0: a is right on every general item, b on every medical
        // one, each at chance elsewhere; both default to 3 labels an item. Routing general → a,
        // medical → b at one label each labels every item right: 1,000 items for $100, 10 a dollar;
        // the same routing at the vendors' own k = 3 buys 332 items for $99.60, exactly 10/3.
        let text = """
            name: opt
            seed: 4
            replications: 6
            task: {classes: 2, domains: {general: 0.5, medical: 0.5}, difficulty: 0}
            data: {train_items: 2000}
            budget: {dollars: 100}
            vendors:
              - name: a
                pricing: {per_label: 0.1}
                workforce: {workers: 20, types: [{share: 1, accuracy: {general: 1, medical: 0.5}}]}
                quality: {redundancy: 3}
              - name: b
                pricing: {per_label: 0.1}
                workforce: {workers: 20, types: [{share: 1, accuracy: {general: 0.5, medical: 1}}]}
                quality: {redundancy: 3}
            """
        let scenario = try ScenarioDocument.parse(text: text, path: "o.yaml").scenario
        let space = AllocationSearch.Space(redundancies: [1], shareStep: 0.5)
        let search = try AllocationSearch(scenario: scenario, space: space, threads: 2)
        // 4 routings (2 of them a vendor alone) and 1 split (50/50), each vendor used at k ∈ {3, 1}: 2 + 2 + 4 + 4 + 4.
        #expect(search.isExhaustive && search.allocations.count == 16)
        let names = search.result.optionNames
        #expect(names[search.bestOption] == "general=a+medical=b [a k=1, b k=1]")
        #expect(search.describe(option: search.bestOption) == "a labels general at 1 label per item; b labels medical at 1 label per item")
        #expect(search.verdict.isMeaningful)
        let finals = search.evaluations.filter { $0.round == search.halvings }
        #expect(finals.count == 16 && finals.allSatisfy { $0.replications == 6 })
        let mean = { (name: String) in finals.first { search.allocations[$0.allocation].name == name }?.summary.mean }
        #expect(mean("general=a+medical=b [a k=1, b k=1]") == 10)
        #expect(mean("general=a+medical=b").map { abs($0 - 10.0 / 3) < 1e-9 } == true)
        // Against each vendor alone (its own k = 3) and the runner-up, the best is ahead in every replication.
        #expect(names.prefix(2) == ["a", "b"])
        for (option, difference) in search.differences where option < 2 || option == search.verdict.runnerUp {
            #expect(difference.ciLow > 0 && difference.aWins == 1, "\(names[option]): \(difference)")
        }
        let csv = search.csv()
        #expect(
            csv.hasPrefix(
                "candidate,kind,route.general,route.medical,share.a,share.b,redundancy.a,redundancy.b,round,replications,metric,mean,"
                    + "ci_low,ci_high,kept\n"))
        #expect(csv.contains("\n\"a 50%+b 50% [a k=1, b k=1]\",split,,,0.5,0.5,1,1,1,6,correct items per dollar,"))
        // Successive halving (16 → 8 → 4 → 2 on 4, 6, 6 replications) finds it too.
        let halving = try AllocationSearch(scenario: scenario, space: space, threads: 2, exhaustiveLimit: 4)
        #expect(!halving.isExhaustive && halving.halvings == 3 && halving.firstReplications == 4)
        #expect(halving.result.optionNames[halving.bestOption] == "general=a+medical=b [a k=1, b k=1]")
        #expect(halving.evaluations.count { $0.round == 0 } == 16 && halving.evaluations.count { $0.round == 3 } == 4)
        // The same seed gives the same search.
        #expect(try AllocationSearch(scenario: scenario, space: space, threads: 1).csv() == csv)
    }

    @Test("optimize tries a fixed redundancy only for the vendors with at least that many workers")
    func redundancyAboveWorkers() throws {
        let text = """
            name: few
            seed: 3
            replications: 2
            budget: {items: 20}
            data: {train_items: 40, test_items: 10}
            vendors:
              - name: a
                pricing: {per_label: 0.1}
                workforce: {workers: 20}
              - name: b
                pricing: {per_label: 0.1}
                workforce: {workers: 30}
            """
        let scenario = try ScenarioDocument.parse(text: text, path: "f.yaml").scenario
        let search = try AllocationSearch(
            scenario: scenario, space: AllocationSearch.Space(redundancies: [25], shareStep: nil), threads: 1)
        let names = search.allocations.map(\.name)
        #expect(names == ["a", "b", "b [b k=25]"], "\(names)")
    }

    @Test("optimize finds the computable best budget share: a capacity-capped cheap vendor and an uncapped dear one, 50/50")
    func optimalShare() throws {
        // Both label perfectly. a: $0.125 a label but 40 labels a day for the 10-day deadline, so at
        // most 400 items; b: $0.25, no cap (prices exact in binary, so no cent is lost to rounding).
        // A share s of $100 to a labels min(800s, 400) + 400(1 − s) items: 400, 500, 600, 500, 400 for
        // s = 0, ¼, ½, ¾, 1 — the best split is half and half.
        let text = """
            name: share
            seed: 5
            replications: 4
            task: {classes: 2, domains: {general: 1}, difficulty: 0}
            data: {train_items: 3000}
            budget: {dollars: 100, deadline_days: 10}
            vendors:
              - name: a
                pricing: {per_label: 0.125}
                workforce: {workers: 50, types: [{share: 1, accuracy: 1}]}
                calendar: {labels_per_day: 40}
              - name: b
                pricing: {per_label: 0.25}
                workforce: {workers: 50, types: [{share: 1, accuracy: 1}]}
            """
        let scenario = try ScenarioDocument.parse(text: text, path: "s.yaml").scenario
        let search = try AllocationSearch(
            scenario: scenario, space: AllocationSearch.Space(redundancies: [], shareStep: 0.25), threads: 2,
            metric: .itemsCorrect)
        #expect(search.allocations.map(\.name) == ["a", "b", "a 25%+b 75%", "a 50%+b 50%", "a 75%+b 25%"])
        #expect(search.result.optionNames[search.bestOption] == "a 50%+b 50%")
        let means = search.evaluations.map(\.summary.mean)
        #expect(means == [400, 400, 500, 600, 500], "\(means)")
        #expect(search.verdict.metric == "items_correct" && search.verdict.isMeaningful)
        #expect(search.verdict.sentence.hasPrefix("Verdict: a 50%+b 50% is best on items_correct (600), ahead of "))
    }

    @Test("the verdict names the best option, or says there is no meaningful difference below the threshold")
    func verdict() throws {
        let result = try run()
        let verdict = Verdict(result: result)
        #expect(verdict.metric == "correct items per dollar")
        #expect(verdict.sentence.hasPrefix("Verdict: "))
        let strict = Verdict(result: result, minDifference: 1e6)
        #expect(!strict.isMeaningful)
        #expect(strict.sentence.hasPrefix("Verdict: no meaningful difference on correct items per dollar"))
        let same = try run(Self.text + "\nstrategies:\n  - {name: crowd-too, split: {crowd: 1}}\n")
        let tie = Verdict(result: same, options: [0, 2])
        #expect(!tie.isMeaningful)
        #expect(tie.difference?.mean == 0)
    }

    @Test("the prediction interval is the replications' 2.5% and 97.5% quantiles (Hyndman–Fan 6): exact on a known grid")
    func predictionIntervalQuantiles() {
        // 199 values k/200, k = 1…199, shuffled: (n + 1)·0.025 = 5 and (n + 1)·0.975 = 195 fall on
        // order statistics, so the interval is exactly [5/200, 195/200].
        let grid = (1...199).map { Double(($0 * 37) % 200) / 200 }
        #expect(Set(grid).count == 199 && !grid.contains(0))
        let summary = MetricSummary(values: grid)
        #expect(abs(summary.piLow - 5.0 / 200) < 1e-12 && abs(summary.piHigh - 195.0 / 200) < 1e-12, "\(summary)")
        #expect(!summary.piIsRough)
        #expect(summary.piLow < summary.ciLow && summary.ciHigh < summary.piHigh)
        // Between order statistics it interpolates: n = 40 values 1…40, h = 41 · 0.025 = 1.025.
        let forty = MetricSummary(values: (1...40).map(Double.init))
        #expect(abs(forty.piLow - 1.025) < 1e-12 && abs(forty.piHigh - 39.975) < 1e-12)
        #expect(MetricSummary.quantile(sorted: [1, 2, 3], 0.5) == 2)
    }

    @Test("seeded standard normal draws: the prediction interval is ±1.96 within 0.1, the CI of the mean 30 times narrower")
    func predictionIntervalNormal() {
        let rng = GSLRandom(seed: 12)
        let draws = (0..<4000).map { _ in rng.gaussian() }
        let summary = MetricSummary(values: draws)
        // The quantile estimator's standard error at 2.5% is about √(0.025 · 0.975 / 4000) / φ(1.96) ≈ 0.04.
        #expect(abs(summary.piLow + 1.96) < 0.1 && abs(summary.piHigh - 1.96) < 0.1, "\(summary)")
        #expect((summary.ciHigh - summary.ciLow) * 30 < summary.piHigh - summary.piLow)
        #expect(MetricSummary(values: draws) == summary)
    }

    @Test("few replications: a rough interval that is widened, and clipped to the metric's range, never negative for a count")
    func predictionIntervalRough() {
        // 20 skewed non-negative values (as worker_days): mean ± t·sd would go below 0.
        let skewed = (0..<20).map { $0 < 17 ? 0.1 : 4.0 }
        let plain = MetricSummary(values: skewed)
        #expect(plain.piIsRough && plain.piLow < 0)
        let clipped = MetricSummary(values: skewed, range: Metric.workerDays.bounds.range)
        #expect(clipped.piLow == 0 && clipped.piHigh >= 4)
        #expect(clipped.ciLow == plain.ciLow)  // the CI of the mean is never clipped
        let shares = MetricSummary(values: [0.97, 0.99, 1, 1, 1], range: Metric.labelAccuracy.bounds.range)
        #expect(shares.piHigh == 1 && shares.piLow < 0.97)
        #expect(Metric.noiseCost.bounds.range == nil && Metric.costDollars.bounds.range == 0...Double.infinity)
    }

    @Test("report charts are well-formed SVG with both axes labelled; the dot chart's axis does not start at 0")
    func charts() throws {
        let text = StrategyTestsTimeline.text
        let result = try run(text)
        let files = RunFormatter(result: result).report(wallSeconds: 1, command: "test")
        for name in ["timeline.svg", "model_accuracy.svg", "cost_quality.svg", "label_accuracy.svg"] {
            let svg = try #require(files.first { $0.name == name }?.contents, "\(name) missing")
            let texts = try SVGTexts.parse(svg)
            #expect(texts.count > 6, "\(name)")
            #expect(
                texts.contains {
                    $0.contains("period") || $0.contains("domain") || $0.contains("learner") || $0.contains("days") || $0.contains("cost")
                }, "\(name): \(texts)")
            #expect(texts.contains { $0.contains("accuracy") }, "\(name): \(texts)")
        }
        let model = try #require(files.first { $0.name == "model_accuracy.svg" }?.contents)
        let ticks = try SVGTexts.parse(model).compactMap(Double.init)
        #expect(ticks.min().map { $0 > 0.3 } == true, "\(ticks)")
        let report = try #require(files.first { $0.name == "report.md" }?.contents)
        #expect(report.contains("**Verdict: "))
        #expect(report.contains("## Inputs"))
        // The two intervals are separate tables, each named for what it is.
        #expect(report.contains("**Mean ± 95% CI of the mean** (Monte Carlo error)"))
        #expect(report.contains("**95% prediction interval of one project** (replication quantiles). ~ marks a rough interval"))
    }
}

/// The texts of an SVG document, after checking it parses as XML.
enum SVGTexts {
    static func parse(_ svg: String) throws -> [String] {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else { throw Failure.malformed(parser.parserError?.localizedDescription ?? "?") }
        return collector.texts
    }

    enum Failure: Error { case malformed(String) }

    final class Collector: NSObject, XMLParserDelegate {
        var texts: [String] = []
        var inText = false
        var current = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]
        ) {
            if name == "text" {
                inText = true
                current = ""
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" {
                texts.append(current.trimmingCharacters(in: .whitespaces))
                inText = false
            }
        }
    }
}

/// A small timeline scenario with features, for the chart test.
enum StrategyTestsTimeline {
    static let text = """
        name: charts
        seed: 8
        replications: 3
        task: {classes: 3, domains: {general: 0.6, medical: 0.4}, difficulty: {beta: [2, 5]}}
        data: {train_items: 1500, test_items: 300, features: {dimensions: 3, separation: 2.0}}
        vendors:
          - name: crowd
            pricing: {per_label: 0.05}
            workforce: {workers: 100, types: [{share: 1, accuracy: {beta: [8, 3]}}]}
            quality: {redundancy: 3}
          - name: doctor
            pricing: {per_hour: 60, seconds_per_label: 30}
            workforce: {workers: 2, types: [{share: 1, accuracy: 1}]}
            calendar: {lead_days: 10}
        strategies:
          - {name: by-domain, route: {general: crowd, medical: doctor}}
        timeline:
          periods: 3
          budget_per_period: 40
          plans:
            crowd: crowd
            switch: [crowd, by-domain, by-domain]
        """
}
