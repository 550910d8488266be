import Foundation
import LabelSimCore
import Testing

@testable import LabelSimEngine

/// `sweep.json` is written with snake-case keys and read in both that form and the camel-case
/// form of earlier versions, so that their sweep folders still resume and merge.
@Suite("sweep.json")
struct SweepManifestTests {
    static let manifest = SweepManifest(
        fingerprint: "0123abcd", scenario: "sw", scenarioFile: "Scenarios/sw.yaml", scenarioText: "name: sw\nseed: 11\n",
        overrides: ["seed=11"], axes: [SweepAxis(key: "budget.dollars", values: ["200", "400"])], points: [["200"], ["400"]],
        seeds: [1, 2], replications: [6, 6], vendors: ["crowd", "expert"], metrics: ["label_accuracy"], shard: Shard(index: 1, count: 2))

    /// The manifest as earlier versions wrote it: `JSONEncoder`'s own keys (camel case).
    static let camelCase = """
        {
          "axes" : [ { "key" : "budget.dollars", "values" : [ "200", "400" ] } ],
          "fingerprint" : "0123abcd",
          "metrics" : [ "label_accuracy" ],
          "overrides" : [ "seed=11" ],
          "points" : [ [ "200" ], [ "400" ] ],
          "replications" : [ 6, 6 ],
          "scenario" : "sw",
          "scenarioFile" : "Scenarios\\/sw.yaml",
          "scenarioText" : "name: sw\\nseed: 11\\n",
          "seeds" : [ 1, 2 ],
          "shard" : { "count" : 2, "index" : 1 },
          "vendors" : [ "crowd", "expert" ]
        }
        """

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-sweep-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        return url
    }

    @Test("written with snake-case keys only, and read back equal")
    func writesSnakeCase() throws {
        let text = String(decoding: try Self.manifest.json(), as: UTF8.self)
        #expect(text.contains("\"scenario_file\"") && text.contains("\"scenario_text\""))
        #expect(!text.contains("scenarioFile") && !text.contains("scenarioText"))
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.manifest.json().write(to: url.appendingPathComponent("sweep.json"))
        #expect(try SweepManifest.read(from: url.appendingPathComponent("sweep.json")) == Self.manifest)
    }

    @Test("a camel-case sweep.json of an earlier version reads as the same manifest and resumes")
    func readsCamelCase() throws {
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(Self.camelCase.utf8).write(to: url.appendingPathComponent("sweep.json"))
        #expect(try SweepManifest.read(from: url.appendingPathComponent("sweep.json")) == Self.manifest)
        #expect(try SweepStore(folder: url).prepare(Self.manifest, resume: true))
    }

    @Test("a resume reads the stored manifest: another sweep's, or a damaged one, stops it")
    func resumeChecksTheManifest() throws {
        let url = try folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let store = SweepStore(folder: url)
        try store.create(Self.manifest)
        #expect(try store.prepare(Self.manifest, resume: true))
        var other = Self.manifest
        other.fingerprint = "ffff0000"
        #expect(throws: SweepError.self) { try store.prepare(other, resume: true) }
        // A key missing is named as the file spells it.
        let damaged = Self.camelCase.replacingOccurrences(of: "\"scenarioText\"", with: "\"text\"")
        try Data(damaged.utf8).write(to: url.appendingPathComponent("sweep.json"))
        #expect {
            try store.prepare(Self.manifest, resume: true)
        } throws: { error in
            "\(error)".contains("no 'scenario_text'")
        }
    }
}
