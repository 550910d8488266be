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

    @Test("optimize finds the computable optimum: each domain to the vendor that labels it perfectly")
    func optimum() throws {
        // Same price per label, difficulty 0: a doctor-like vendor is right on every medical item,
        // the crowd-like one on every general item, each at chance elsewhere, so routing
        // general → a, medical → b labels every item right and maximises correct items per dollar.
        let text = """
            name: opt
            seed: 4
            replications: 6
            task: {classes: 2, domains: {general: 0.5, medical: 0.5}, difficulty: 0}
            data: {train_items: 2000}
            budget: {dollars: 100}
            vendors:
              - {name: a, pricing: {per_label: 0.1}, workforce: {workers: 20, types: [{share: 1, accuracy: {general: 1, medical: 0.5}}]}}
              - {name: b, pricing: {per_label: 0.1}, workforce: {workers: 20, types: [{share: 1, accuracy: {general: 0.5, medical: 1}}]}}
            """
        let scenario = try ScenarioDocument.parse(text: text, path: "o.yaml").scenario
        let search = try RoutingSearch(scenario: scenario, threads: 2)
        #expect(search.isExhaustive)
        #expect(search.candidates.count == 4)
        #expect(search.candidates.first?.route == [0, 1])
        #expect(search.result.optionNames[search.bestOption] == "general=a+medical=b")
        #expect(search.verdict.isMeaningful)
        #expect(search.candidates.first?.mean == 10)  // 1,000 items, all right, for $100
        #expect(search.csv().hasPrefix("candidate,route.general,route.medical,round,replications,quality_metric,mean\n"))
        let halving = try RoutingSearch(scenario: scenario, threads: 2, exhaustiveLimit: 2)
        #expect(!halving.isExhaustive)
        #expect(halving.result.optionNames[halving.bestOption] == "general=a+medical=b")
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
