import Foundation
import LabelSimCore
import Testing

@testable import LabelSimEngine

/// The decisions the CLI leaves to the engine's entry points: where files go, which options are
/// refused and why.
@Suite("Engine entry points of optimize, aggregate and calibrate")
struct CommandRequestTests {
    @Test("aggregate: one method writes to --out itself, several insert the method's name before the extension")
    func aggregationPaths() {
        let one = AggregationRequest(methods: [.glad], out: "/tmp/x/labels.csv")
        #expect(one.outputPath(for: .glad) == "/tmp/x/labels.csv")
        let all = AggregationRequest(methods: AggregationMethod.allCases, out: "/tmp/x/labels.csv")
        #expect(all.outputPath(for: .glad) == "/tmp/x/labels.glad.csv")
        #expect(all.outputPath(for: .dawidSkene) == "/tmp/x/labels.dawid-skene.csv")
        #expect(AggregationRequest(methods: [.mace, .wawa], out: "/tmp/x/labels").outputPath(for: .mace) == "/tmp/x/labels.mace")
        #expect(AggregationRequest(methods: [.mace]).outputPath(for: .mace) == nil)
    }

    @Test("calibrate: a profile in vendors/ gets ../NAME.yaml that uses it; elsewhere NAME.scenario.yaml beside it, inline")
    func calibrationPaths() {
        let inVendors = CalibrationRequest.scenarioLocation(forProfile: URL(fileURLWithPath: "/data/project/vendors/dog-crowd.yaml"))
        #expect(inVendors.url.path == "/data/project/dog-crowd.yaml" && inVendors.usesProfile)
        let elsewhere = CalibrationRequest.scenarioLocation(forProfile: URL(fileURLWithPath: "/data/project/fits/dog.yaml"))
        #expect(elsewhere.url.path == "/data/project/fits/dog.scenario.yaml" && !elsewhere.usesProfile)
    }

    @Test("calibrate refuses a misleading share outside [0, 1] and a check of fewer than 2 replications, naming both")
    func calibrationRefusals() throws {
        let source = AnnotationInput.Source(file: "labels.csv")
        #expect(throws: Never.self) { try CalibrationRequest(source: source, misleadingShare: 0.2, replications: 2) }
        do {
            _ = try CalibrationRequest(source: source, misleadingShare: 1.5, replications: 1)
            Issue.record("accepted a share of 1.5 and 1 replication")
        } catch {
            #expect(error.lines.count == 2)
            #expect(error.lines[0].hasPrefix("--misleading-share") && error.lines[1].hasPrefix("--replications"), "\(error.lines)")
        }
    }

    @Test("optimize refuses a redundancy below 1, an unknown metric and one without a better direction; 0 means no splits")
    func optimizationRefusals() throws {
        let document = try ScenarioDocument.parse(text: DecisionTests.text, path: "d.yaml")
        func problem(_ redundancies: [Int], metric: String?) -> String? {
            do {
                _ = try OptimizationRequest(
                    document: document, redundancies: redundancies, shareStep: 0.5, metric: metric, exhaustiveLimit: 8)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(problem([1, 0], metric: nil)?.hasPrefix("--redundancy: 0 ") == true)
        #expect(problem([1], metric: "nonsense")?.contains("is not a metric this scenario records") == true)
        #expect(problem([1], metric: "labels_bought")?.contains("has no better direction") == true)
        let request = try OptimizationRequest(
            document: document, redundancies: [], shareStep: 0, metric: "cost_dollars", exhaustiveLimit: 0)
        #expect(request.space == AllocationSearch.Space(redundancies: [], shareStep: nil))
        #expect(request.metric == .costDollars && request.exhaustiveLimit == 1)
        #expect(request.folderName == "decide-optimize")
    }
}
