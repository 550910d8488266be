import Foundation
import LabelSimBench
import Testing

@Suite("Labelling benchmark")
struct LabelingBenchmarkTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scenarios/vendors").standardized.path

    @Test("the benchmark covers the generator and every shipped profile, each on the path a run takes")
    func coversShippedProfiles() throws {
        let benchmark = LabelingBenchmark(items: 3000)
        let subjects = try benchmark.subjects(profileDirectory: Self.profiles)
        #expect(subjects.map(\.name) == ["generator", "mercor-like", "mturk-like", "scale-like", "surge-like"])
        var paths: [String: String] = [:]
        for subject in subjects {
            let measurement = try benchmark.measure(subject, threads: 1, batches: 1)
            #expect(measurement.labelsPerSecond > 0)
            paths[subject.name] = measurement.path
        }
        // Every shipped profile has gold, a skewed workload or per-worker speeds: the general path.
        #expect(
            paths == [
                "generator": "generator", "mercor-like": "general", "mturk-like": "general", "scale-like": "general",
                "surge-like": "general",
            ])
    }
}
