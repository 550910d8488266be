import Foundation
import LabelSimBench
import LabelSimCore
import LabelSimEngine
import Testing

@Suite("Labelling benchmark")
struct LabelingBenchmarkTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scenarios/vendors").standardized.path

    @Test("the benchmark covers the generator and every shipped profile, each on the path a run takes")
    func coversShippedProfiles() throws {
        let benchmark = LabelingBenchmark(items: 3000)
        let subjects = try benchmark.subjects(profileDirectory: Self.profiles)
        // The calibrated profiles of a 4-class file fit the benchmark's 4-class task; web's (5) and
        // d_product's (2) do not and are left out like the preference raters.
        #expect(
            subjects.map(\.name) == [
                "generator", "adult-content-crowd", "dog-crowd", "mercor-like", "mturk-like", "scale-like", "surge-like",
            ])
        var paths: [String: String] = [:]
        for subject in subjects {
            let measurement = try benchmark.measure(subject, threads: 1, batches: 1)
            #expect(measurement.labelsPerSecond > 0)
            paths[subject.name] = measurement.path
        }
        // Every shipped profile has gold, a skewed workload or per-worker speeds: the general path.
        #expect(
            paths == [
                "generator": "generator", "adult-content-crowd": "general", "dog-crowd": "general", "mercor-like": "general",
                "mturk-like": "general", "scale-like": "general",
                "surge-like": "general",
            ])
    }

    /// Resident memory is a property of the whole process: other suites running in parallel
    /// allocate and free meanwhile, so the measurement only means something when this test runs
    /// alone. `make test` runs it in a second, filtered invocation with `LABELSIM_MEMORY_ALONE=1`.
    @Test(
        "resident bytes per label: measured on Linux, between the slots' own size and a bound",
        .enabled(
            if: ProcessInfo.processInfo.environment["LABELSIM_MEMORY_ALONE"] == "1",
            "needs the process to itself: make test runs it alone with LABELSIM_MEMORY_ALONE=1"))
    func residentBytes() throws {
        AllocatorPolicy.returnFreedBlocks()
        defer { AllocatorPolicy.keepFreedBlocks() }
        let benchmark = LabelingBenchmark(items: 200_000)
        let subjects = try benchmark.subjects(profileDirectory: Self.profiles)
        for subject in subjects where ["generator", "scale-like"].contains(subject.name) {
            let measured = try benchmark.residentBytesPerLabel(subject)
            #expect(measured.labels >= 1_000_000, "\(subject.name)")
            #if os(Linux)
                // A label is at least its worker and class (8 bytes) in the matrix.
                let bytes = try #require(measured.bytesPerLabel)
                #expect(bytes > 4 && bytes < 40, "\(subject.name): \(bytes) B/label")
            #endif
        }
    }

    @Test("the 10-million-item memory scenario parses: one crowd vendor with gold and banning, no features")
    func tenMillionScenario() throws {
        let path = URL(fileURLWithPath: Self.profiles).deletingLastPathComponent().appendingPathComponent("bench/ten-million.yaml").path
        let scenario = try ScenarioDocument.load(path: path, profileDirectories: [Self.profiles]).scenario
        #expect(scenario.data.trainItems == 10_000_000 && scenario.replications == 1)
        #expect(scenario.data.features == nil)
        let quality = try #require(scenario.vendors.first?.quality)
        #expect(quality.redundancy.minimum == 5 && quality.goldFraction > 0 && quality.banBelow != nil)
    }
}
