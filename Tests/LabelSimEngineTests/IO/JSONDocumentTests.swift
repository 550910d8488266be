import Foundation
import LabelSimCore
import LabelSimEngine
import Testing

@Suite("JSON documents through Codable")
struct JSONDocumentTests {
    /// Two vendors, one replication: every sd is undefined, so the documents hold nulls.
    static func result(replications: Int) throws -> RunResult {
        let scenario = ComparisonTests.scenario(
            seed: 3, replications: replications, items: 400, budget: .dollars(20),
            vendors: [
                ComparisonTests.vendor("a", price: 0.10, accuracy: 0.9),
                ComparisonTests.vendor("b \"quoted\"/x", price: 0.05, accuracy: 0.7),
            ])
        return try MonteCarloRun(scenario: scenario, threads: 2).execute()
    }

    @Test("the run document decodes back to itself; an undefined sd is written as null")
    func runRoundTrip() throws {
        let result = try Self.result(replications: 1)
        let text = try RunFormatter(result: result).json()
        #expect(text.hasSuffix("}\n") && !text.dropLast().contains("\n"), "one line")
        let decoded = try JSONOutput.read(RunDocument.self, from: Data(text.utf8))
        #expect(decoded == RunDocument(result: result))
        #expect(decoded.vendors.map(\.name) == ["a", "b \"quoted\"/x"])
        let accuracy = try #require(decoded.vendors[0].metrics[Metric.labelAccuracy.name])
        #expect(accuracy.sd.value.isNaN)
        #expect(accuracy.mean.value == result.summaries()[0][.labelAccuracy]?.mean)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let vendors = try #require(object["vendors"] as? [[String: Any]])
        let metrics = try #require(vendors[0]["metrics"] as? [String: [String: Any]])
        #expect(metrics[Metric.labelAccuracy.name]?["sd"] is NSNull)
        // Same result, same bytes: the keys are sorted, not in the encoder's hash order.
        #expect(try RunFormatter(result: result).json() == text)
    }

    @Test("the comparison document with break-even prices decodes back to itself")
    func comparisonRoundTrip() throws {
        let result = try Self.result(replications: 4)
        let comparison = VendorComparison(result: result, vendors: [0, 1])
        let breakEvens = try BreakEvenPrice.all(for: comparison, threads: 2)
        #expect(!breakEvens.isEmpty)
        let formatter = ComparisonFormatter(comparison: comparison, breakEvens: breakEvens, mode: "budget")
        for pretty in [false, true] {
            let text = try formatter.json(pretty: pretty)
            let decoded = try JSONOutput.read(ComparisonDocument.self, from: Data(text.utf8))
            #expect(
                decoded == ComparisonDocument(comparison: comparison, breakEvens: breakEvens, mode: "budget", verdict: formatter.verdict))
            #expect(decoded.frontier.map(\.costMetric) == [comparison.frontierCost.name, comparison.frontierCost.name])
            #expect(decoded.winners[Metric.costDollars.name]?.fixedByDesign == true)
            #expect(decoded.winners[Metric.labelAccuracy.name]?.fixedByDesign == nil)
        }
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try formatter.json().utf8)) as? [String: Any])
        let frontier = try #require(object["frontier"] as? [[String: Any]])
        #expect(Set(frontier[0].keys) == ["vendor", comparison.frontierCost.name, "quality", "pareto"])
    }

    /// A document with a camel-case property and a dictionary keyed by user text.
    struct Keyed: Codable, Equatable {
        var goldItems: Int
        var metrics: [String: Int]
    }

    @Test("property names are written in snake case; dictionary keys (user text) exactly as given, and read back")
    func snakeCaseKeys() throws {
        let document = Keyed(goldItems: 3, metrics: ["label_accuracy.Medical": 1, "ScaleAI crowd": 2, "aB_c": 3])
        let text = try JSONOutput.text(document)
        #expect(text == #"{"gold_items":3,"metrics":{"ScaleAI crowd":2,"aB_c":3,"label_accuracy.Medical":1}}"# + "\n")
        #expect(try JSONOutput.read(Keyed.self, from: Data(text.utf8)) == document)
    }

    @Test("non-finite numbers become null instead of failing the encoder, and read back as NaN")
    func nonFinite() throws {
        let numbers = [JSONNumber(.nan), JSONNumber(.infinity), JSONNumber(-.infinity), JSONNumber(nil), JSONNumber(0.25)]
        let text = try JSONOutput.text(numbers)
        #expect(text == "[null,null,null,null,0.25]\n")
        let decoded = try JSONOutput.read([JSONNumber].self, from: Data(text.utf8))
        #expect(decoded.prefix(4).allSatisfy { $0.value.isNaN })
        #expect(decoded[4].value == 0.25)
        #expect(try JSONOutput.text([JSONNullable<String>(nil), JSONNullable("a/b")]) == "[null,\"a/b\"]\n")
    }
}
