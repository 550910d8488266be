import Foundation
import LabelSimCore
import Testing

@testable import LabelSimFuzz

/// `make test` runs a few thousand seeded fuzz cases (`make fuzz` runs any number).
@Suite("Seeded mutation fuzzer")
struct FuzzTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios").path

    func fuzzer(seed: UInt64, runEvery: Int = 33) throws -> Fuzzer {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-fuzz-test-\(UUID().uuidString)").path
        var configuration = Fuzzer.Configuration(scenarios: Self.scenarios, scratch: scratch)
        configuration.seed = seed
        configuration.runEvery = runEvery
        return try Fuzzer(configuration)
    }

    @Test("2,000 seeded cases: every refusal is located and printable, every valid input runs, nothing is left behind")
    func seededCampaign() throws {
        FuzzWatchdog.shared.start(secondsPerCase: 120)
        let fuzzer = try fuzzer(seed: 20_261_201)
        defer { try? FileManager.default.removeItem(atPath: fuzzer.configuration.scratch) }
        let tally = try fuzzer.run(0..<2_000)
        #expect(tally.cases == 2_000)
        // The campaign reaches both sides: refusals and accepted inputs, some of them simulated.
        #expect(tally.refused > 1_000)
        #expect(tally.accepted > 150)
        #expect(tally.simulated >= 1)
    }

    @Test("the checks fail on what they should catch")
    func checksCatchFailures() throws {
        let fuzzer = try fuzzer(seed: 1)
        defer { try? FileManager.default.removeItem(atPath: fuzzer.configuration.scratch) }
        let unlocated = ScenarioProblem(file: "fuzz.yaml", origin: nil, keyPath: "", message: "the scenario is empty")
        #expect(throws: Fuzzer.Failure.self) { try fuzzer.checkProblems([unlocated], index: 0, input: "") }
        #expect(throws: Fuzzer.Failure.self) { try fuzzer.checkLine("fuzz.yaml:1: a\nb", index: 0, input: "", file: "fuzz.yaml") }
        #expect(throws: Fuzzer.Failure.self) { try fuzzer.checkLine("no file here", index: 0, input: "", file: "fuzz.yaml") }
        try Data("x".utf8).write(to: URL(fileURLWithPath: fuzzer.configuration.scratch + "/left.txt"))
        #expect(throws: Fuzzer.Failure.self) { try fuzzer.checkScratch(0) }
    }

    @Test("a case is a pure function of the seed and its index")
    func replayable() throws {
        let first = try fuzzer(seed: 7, runEvery: 1_000_000)
        let second = try fuzzer(seed: 7, runEvery: 1_000_000)
        defer {
            try? FileManager.default.removeItem(atPath: first.configuration.scratch)
            try? FileManager.default.removeItem(atPath: second.configuration.scratch)
        }
        let a = try first.run(100..<300)
        let b = try second.run(100..<300)
        #expect(a.refused == b.refused && a.accepted == b.accepted && a.simulated == b.simulated)
    }
}
