import Foundation
import Testing

@Suite("run --export-labels")
struct ExportLabelsTests {
    @Test("aggregating an exported file gives exactly the in-run label accuracy")
    func exportedLabelsReproduceTheRun() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let folder = harness.directory
        let scenario = try harness.write(
            "s.yaml",
            """
            name: ex
            seed: 3
            replications: 2
            task: {classes: 2, difficulty: {beta: [2, 5]}, misleading: {share: 0.2}}
            data: {train_items: 2000}
            budget: {items: 500}
            vendors:
              - name: crowd
                pricing: {per_label: 0.1}
                workforce: {workers: 50, types: [{share: 1, accuracy: {by_class: [0.9, 0.7]}}], workload: {zipf: 1}}
                quality: {redundancy: 5, aggregation: majority}
            """)
        let run = try harness.run(["run", scenario, "--export-labels", "1", "--out", folder.path, "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("ex-") }
        let output = folder.appendingPathComponent(try #require(results.first))
        let rows = try String(contentsOf: output.appendingPathComponent("replications.csv"), encoding: .utf8).split(separator: "\n")
        let column = try #require(rows.first?.split(separator: ",").firstIndex(of: "label_accuracy"))
        let row = try #require(rows.first { $0.hasPrefix("1,crowd,") })
        let inRun = try #require(Double(row.split(separator: ",")[column]))
        let aggregated = try harness.run([
            "aggregate", output.appendingPathComponent("labels-crowd-r1.csv").path, "--truth",
            output.appendingPathComponent("truth-r1.csv").path, "--method", "majority", "--format", "json",
        ])
        #expect(aggregated.status == 0, "\(aggregated.stderr)")
        // Odd redundancy with two classes: no ties, so the tie-break stream cannot differ.
        #expect(aggregated.stdout.contains("\"accuracy\":\(inRun)"), "\(aggregated.stdout) vs \(inRun)")
    }
}
