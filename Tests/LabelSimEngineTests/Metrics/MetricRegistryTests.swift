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

    @Test("every metric name in summary.csv is a string literal in exactly one file under Sources/: the registry")
    func namesSpelledOnce() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 50, "found only \(files.count) source files under \(Self.sources.path)")
        let summary = RunFormatter(result: try MonteCarloRun(scenario: try Self.fullScenario(), threads: 1).execute()).summaryCSV()
        let names = Set(summary.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        #expect(names.contains("label_accuracy.medical") && names.contains("model_accuracy@200"))
        for name in names {
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
