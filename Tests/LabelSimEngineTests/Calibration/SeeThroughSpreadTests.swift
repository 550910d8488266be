import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

@Suite("Realism: seeing through drawn per worker (sees_through as a distribution)")
struct SeeThroughSpreadTests {
    /// RealismModelTests' one-vendor scenario, seeded 17 unless told.
    static func yaml(task: String, types: String, redundancy: Int, items: Int, workers: Int, seed: Int = 17) -> String {
        RealismModelTests.yaml(task: task, types: types, redundancy: redundancy, items: items, workers: workers, seed: seed)
    }

    static func workforce(_ scenario: Scenario) throws -> Workforce {
        let vendor = scenario.vendors[0]
        return try Workforce.draw(
            spec: vendor.workforce, task: scenario.task, defaultSeconds: vendor.secondsPerLabel,
            using: GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: 0, stream: .vendor(0))))
    }

    @Test("the parser reads a number, a Beta, a discrete list and domain → either; a bad Beta is refused")
    func parsing() throws {
        let task = "{classes: 2, domains: {general: 0.5, medical: 0.5}, misleading: {share: 0.2}}"
        let beta = try realismScenario(
            Self.yaml(task: task, types: "[{share: 1, sees_through: {beta: [2, 6]}}]", redundancy: 3, items: 10, workers: 5))
        let type = beta.vendors[0].workforce.types[0]
        #expect(type.seesThroughSpreadElsewhere == .beta(2, 6))
        #expect(abs(type.seesThrough(domain: "medical") - 0.25) < 1e-12)
        let named = try realismScenario(
            Self.yaml(
                task: task, types: "[{share: 1, sees_through: {medical: {values: [0, 1], weights: [0.3, 0.7]}, general: 0.2}}]",
                redundancy: 3, items: 10, workers: 5))
        let namedType = named.vendors[0].workforce.types[0]
        #expect(namedType.seesThroughSpread(domain: "medical") == .discrete(values: [0, 1], weights: [0.3, 0.7]))
        #expect(namedType.seesThroughSpread(domain: "general") == nil)
        #expect(abs(namedType.seesThrough(domain: "general") - 0.2) < 1e-12)
        #expect(abs(namedType.seesThrough(domain: "medical") - 0.7) < 1e-12)
        #expect(throws: (any Error).self) {
            try realismScenario(
                Self.yaml(task: task, types: "[{share: 1, sees_through: {beta: [0, 1]}}]", redundancy: 3, items: 10, workers: 5))
        }
    }

    @Test("each worker draws their own value; the other draws of the workforce are unchanged by the key")
    func perWorkerDraws() throws {
        let task = "{classes: 2, misleading: {share: 0.2}}"
        let fixed = try Self.workforce(
            realismScenario(Self.yaml(task: task, types: "[{share: 1, sees_through: 0.25}]", redundancy: 3, items: 10, workers: 4000)))
        let spread = try Self.workforce(
            realismScenario(
                Self.yaml(task: task, types: "[{share: 1, sees_through: {beta: [2, 6]}}]", redundancy: 3, items: 10, workers: 4000)))
        #expect(fixed.easyAccuracy == spread.easyAccuracy)
        #expect(fixed.workloadWeights == spread.workloadWeights)
        #expect(fixed.seesThrough.allSatisfy { $0 == 0.25 })
        // Beta(2, 6): mean 0.25, variance ab / ((a + b)²(a + b + 1)) = 12 / 576 = 0.0208.
        let values = spread.seesThrough
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        #expect(abs(mean - 0.25) < 4 * (0.0208 / 4000).squareRoot())
        #expect(abs(variance - 0.0208) < 0.003)
    }

    @Test("a worker who draws 0 is fooled by every misleading item, one who draws 1 by none")
    func workersDifferInWhatFoolsThem() throws {
        let scenario = try realismScenario(
            Self.yaml(
                task: "{classes: 2, misleading: {share: 0.3}}",
                types: "[{share: 1, accuracy: 1, sees_through: {values: [0, 1], weights: [0.5, 0.5]}}]", redundancy: 5, items: 4000,
                workers: 400))
        let (pool, matrix) = try delivered(scenario)
        let workforce = try Self.workforce(scenario)
        var right = [Int](repeating: 0, count: matrix.workerCount)
        var seen = [Int](repeating: 0, count: matrix.workerCount)
        for item in 0..<matrix.itemCount where pool.misleading[item] {
            for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                let w = Int(matrix.workers[entry])
                seen[w] += 1
                if matrix.labels[entry] == pool.classes[item] { right[w] += 1 }
            }
        }
        let workers = (0..<matrix.workerCount).filter { seen[$0] > 0 }
        #expect(workers.count > 300)
        // Perfect workers: the share right is exactly the drawn value, 0 or 1.
        #expect(workers.allSatisfy { right[$0] == (workforce.seesThrough[$0] == 1 ? seen[$0] : 0) })
        let seeing = Double(workers.filter { workforce.seesThrough[$0] == 1 }.count) / Double(workers.count)
        #expect(abs(seeing - 0.5) < 4 * (0.25 / Double(workers.count)).squareRoot())
    }

    @Test("simulate a known spread, calibrate --see-through-spread: mean within 0.1, sd within 0.06; no spread when nobody sees through")
    func spreadRecovery() throws {
        // The grid has steps of 0.1 and the fit puts "never" at 0.1 (workers' own errors towards
        // the true class on a misleading item look like seeing through): hence the mean's tolerance.
        let base = "[{share: 1, accuracy: {by_class: [{beta: [18, 2]}, {beta: [16, 4]}, {beta: [17, 3]}]}"
        func fitted(_ types: String) throws -> CalibratedProfile {
            let scenario = try realismScenario(
                Self.yaml(
                    task: "{classes: 3, prior: [0.5, 0.3, 0.2], misleading: {share: 0.3}}", types: types, redundancy: 5,
                    items: 1500, workers: 80))
            let (pool, matrix) = try delivered(scenario)
            let truth = Array(pool.classes.prefix(matrix.itemCount))
            let fit = CrowdFit.fit(matrix: matrix, truth: truth, seeThroughSpread: true, using: GSLRandom(seed: 1))
            return CalibratedProfile(fit: fit, matrix: matrix, goldItems: truth.count, using: GSLRandom(seed: 1))
        }
        // values [0, 0.8] weights [0.6, 0.4]: mean 0.32, sd √(0.4 · 0.64 − 0.32²) = 0.392.
        let spread = try fitted(base + ", sees_through: {values: [0, 0.8], weights: [0.6, 0.4]}}]")
        #expect(abs(spread.seesThroughMean - 0.32) < 0.1, "mean \(spread.seesThroughMean), \(spread.seesThrough)")
        #expect(abs(spread.seesThroughDeviation - 0.392) < 0.06, "sd \(spread.seesThroughDeviation), \(spread.seesThrough)")
        let misleading = zip(spread.misleadingShare, spread.prior).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(misleading - 0.3) < 0.03, "π \(spread.misleadingShare)")
        let none = try fitted(base + "}]")
        #expect(none.seesThroughDeviation < 0.05, "sd \(none.seesThroughDeviation), \(none.seesThrough)")
        #expect(none.seesThroughMean < 0.15, "mean \(none.seesThroughMean), \(none.seesThrough)")
    }
}
