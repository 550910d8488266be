import Foundation
import LabelSimCore
import Testing

@testable import LabelSimEngine

@Suite("Metric registry")
struct MetricRegistryTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// A scenario that records every kind of metric: domains, features and a learning curve.
    static func fullScenario() throws -> Scenario {
        let text = """
            replications: 2
            task: {classes: 3, domains: {general: 0.5, medical: 0.5}}
            data: {train_items: 300, test_items: 100, features: {dimensions: 3, separation: 2}}
            model: {learning_curve: [100, 200]}
            budget: {dollars: 100}
            vendors:
              - name: v
                pricing: {per_label: 0.5}
                workforce: {workers: 5}
            """
        return try ScenarioDocument.parse(text: text, path: "full.yaml").scenario
    }

    static func swiftFiles() throws -> [(path: String, text: String)] {
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var files: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            files.append((url.path, try String(contentsOf: url, encoding: .utf8)))
        }
        return files
    }

    /// Every metric name the `summary.csv` of a classification run (domains, features, a learning
    /// curve, an evaluation set) and of the shipped preference scenario (cut small) write.
    static func summaryNames() throws -> Set<String> {
        var classification = try fullScenario()
        classification.evaluation = EvaluationSpec(vendor: "v", items: 50, redundancy: 1)
        let preference = try ScenarioDocument.load(
            path: sources.deletingLastPathComponent().appendingPathComponent("Scenarios/frontier-rlhf.yaml").path,
            overrides: [
                "replications=2", "task.evaluation_prompts=200", "data.train_items=400", "data.test_items=1000", "budget.items=400",
            ]
        ).scenario
        var names: Set<String> = []
        for scenario in [classification, preference] {
            let summary = RunFormatter(result: try MonteCarloRun(scenario: scenario, threads: 1).execute()).summaryCSV()
            names.formUnion(summary.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        }
        return names
    }

    @Test("every metric name in summary.csv is a string literal in exactly one file under Sources/: the registry")
    func namesSpelledOnce() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 50, "found only \(files.count) source files under \(Self.sources.path)")
        let names = try Self.summaryNames()
        // Every family and kind is present, so that the scan below covers them.
        for expected in [
            "label_accuracy.medical", "model_accuracy@200", "measured_accuracy", "comparison_accuracy", "rm_accuracy.better",
            "best_of_n_gain@64",
        ] {
            #expect(names.contains(expected), "\(expected) not in \(names.sorted())")
        }
        for name in names {
            #expect(MetricRegistry.metric(named: name) != nil, "\(name) is written but the registry does not define it")
            // A family member (`label_accuracy.medical`, `model_accuracy@200`) is spelled by its stem.
            let stem = String(name.prefix { $0 != "." && $0 != "@" })
            let spellings = ["\"\(stem)\"", "\"\(stem).", "\"\(stem)@"]
            let holders = files.filter { file in spellings.contains { file.text.contains($0) } }.map(\.path)
            #expect(holders.count == 1 && holders.first?.hasSuffix("Metrics/MetricRegistry.swift") == true, "\(stem): \(holders)")
        }
    }

    @Test("every metric has a unit and a meaning, and is found again by its name")
    func definitions() throws {
        let catalog = MetricCatalog(scenario: try Self.fullScenario())
        #expect(Set(catalog.names).count == catalog.metrics.count)
        for metric in catalog.metrics {
            #expect(!metric.unit.isEmpty && !metric.meaning.isEmpty, "\(metric)")
            let found = try #require(MetricRegistry.metric(named: metric.name), "\(metric)")
            #expect(found.direction == metric.direction && found.unit == metric.unit && found.stage == metric.stage)
        }
        #expect(MetricRegistry.metric(named: "label_accuracy.legal")?.direction == .higher)
        #expect(MetricRegistry.metric(named: "model_accuracy@7")?.stage == .model)
        #expect(MetricRegistry.metric(named: "no_such_metric") == nil)
        #expect(Metric.costDollars.direction == .lower && Metric.labelsBought.direction == .none)
    }

    @Test("the quality and break-even metrics follow the features and the budget")
    func decisions() throws {
        let trained = MetricCatalog(scenario: try Self.fullScenario())
        let labels = MetricCatalog(task: try Self.fullScenario().task)
        #expect(MetricRegistry.qualityMetric(of: trained) == .modelAccuracy)
        #expect(MetricRegistry.qualityMetric(of: labels) == .labelAccuracy)
        #expect(MetricRegistry.breakEvenMetric(of: trained, budget: .dollars(10)) == .modelAccuracy)
        #expect(MetricRegistry.breakEvenMetric(of: labels, budget: .dollars(10)) == .itemsCorrect)
        #expect(MetricRegistry.breakEvenMetric(of: trained, budget: .items(10)) == .costPerCorrectLabel)
    }

    @Test("a dollar budget fixes cost_dollars, an item budget items_labeled, unless a deadline can stop a vendor")
    func fixedByDesign() throws {
        var scenario = try Self.fullScenario()
        #expect(Metric.costDollars.isFixedByDesign(in: scenario))
        #expect(!Metric.itemsLabeled.isFixedByDesign(in: scenario))
        scenario.budget = .items(100)
        #expect(!Metric.costDollars.isFixedByDesign(in: scenario))
        #expect(Metric.itemsLabeled.isFixedByDesign(in: scenario))
        scenario.deadlineDays = 3
        #expect(!Metric.itemsLabeled.isFixedByDesign(in: scenario))
    }

    @Test("a record reads and writes by metric, in catalogue order")
    func record() throws {
        let catalog = MetricCatalog(metrics: [.labelAccuracy, .costDollars])
        var record = MetricRecord<Double>(catalog: catalog)
        #expect(record[.costDollars]?.isNaN == true)
        record[.costDollars] = 12
        record[.labelAccuracy] = 0.5
        #expect(record.values == [0.5, 12])
        #expect(record[.costDollars] == 12)
        #expect(record[.modelAccuracy] == nil)
        #expect(record.entries.map(\.metric) == [.labelAccuracy, .costDollars])
    }
}
