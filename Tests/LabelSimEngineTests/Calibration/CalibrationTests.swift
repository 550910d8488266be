import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

@Suite("Calibration: the exact majority curve and parameter recovery")
struct CalibrationTests {
    @Test("the exact k-subset majority vote equals brute-force enumeration")
    func exactCurve() {
        // Item with votes (3, 2, 1) of truth 0, and k = 1…6.
        let labels: [Int] = [0, 0, 0, 1, 1, 2]
        for k in 1...6 {
            var total = 0.0
            var subsets = 0
            for mask in 0..<(1 << labels.count) where mask.nonzeroBitCount == k {
                var votes = [0, 0, 0]
                for (index, label) in labels.enumerated() where mask & (1 << index) != 0 { votes[label] += 1 }
                let top = votes.max() ?? 0
                let tied = votes.filter { $0 == top }.count
                if votes[0] == top { total += 1 / Double(tied) }
                subsets += 1
            }
            #expect(abs(MajorityCurve.expectedCorrect(counts: [3, 2, 1], truth: 0, k: k) - total / Double(subsets)) < 1e-12)
        }
    }

    @Test("simulate a known profile, calibrate: π within 0.02, class means within 0.02, zipf within 0.1")
    func parameterRecovery() throws {
        let scenario = try realismScenario(
            """
            seed: 5
            replications: 1
            task: {classes: 2, prior: [0.6, 0.4], misleading: {share: 0.15}}
            data: {train_items: 2500}
            budget: {items: 2500}
            vendors:
              - name: crowd
                pricing: {per_label: 0.1}
                workforce: {workers: 100, types: [{share: 1, accuracy: {by_class: [{beta: [18, 2]}, {beta: [14, 6]}]}}], workload: {zipf: 0.8}}
                quality: {redundancy: 5}
            """)
        let (pool, matrix) = try delivered(scenario)
        let truth = Array(pool.classes.prefix(matrix.itemCount))
        let fit = CrowdFit.fit(matrix: matrix, truth: truth, using: GSLRandom(seed: 1))
        let profile = CalibratedProfile(fit: fit, matrix: matrix, goldItems: truth.count, using: GSLRandom(seed: 1))
        let misleading = zip(profile.misleadingShare, profile.prior).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(misleading - 0.15) < 0.02, "π \(profile.misleadingShare)")
        // The target is the drawn crowd's label-weighted class accuracy (a zipf crowd of 100 workers
        // is a small sample of its Beta): the workforce is the first draw of the vendor's stream.
        let vendor = scenario.vendors[0]
        let workforce = try Workforce.draw(
            spec: vendor.workforce, task: scenario.task, defaultSeconds: vendor.secondsPerLabel,
            using: GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: 0, stream: .vendor(0))))
        var drawn = [0.0, 0.0]
        for worker in matrix.workers {
            for k in 0..<2 { drawn[k] += workforce.classAccuracy[Int(worker) * 2 + k] / Double(matrix.labelCount) }
        }
        let means = profile.diligentBeta.map { $0.a / ($0.a + $0.b) }
        #expect(abs(means[0] - drawn[0]) < 0.02, "means \(means), drawn \(drawn)")
        #expect(abs(means[1] - drawn[1]) < 0.02, "means \(means), drawn \(drawn)")
        #expect(abs(profile.zipf - 0.8) < 0.1, "zipf \(profile.zipf)")
    }

    @Test("the check's worst gap: |sim − obs| / 0.02 over the curve's k with ≥ 100 items (all k when none), / 0.03 on Dawid–Skene")
    func worstGap() {
        func row(_ k: Int?, _ items: Int, observed: Double, simulated: Double) -> CalibrationCheck.Row {
            CalibrationCheck.Row(k: k, items: items, observed: observed, simulated: MetricSummary(values: [simulated, simulated]))
        }
        // k = 2 has fewer than 100 items: its 5-point gap is left out; k = 1 gives 0.01 / 0.02 = 0.5.
        var check = CalibrationCheck(
            curve: [row(1, 300, observed: 0.70, simulated: 0.71), row(2, 40, observed: 0.70, simulated: 0.75)],
            dawidSkene: row(nil, 300, observed: 0.80, simulated: 0.812))
        #expect(abs(check.worstGap - 0.5) < 1e-9)
        // Dawid–Skene 0.03 off: 1.0, the largest.
        check.dawidSkene = row(nil, 300, observed: 0.80, simulated: 0.83)
        #expect(abs(check.worstGap - 1.0) < 1e-9)
        // No k with 100 items: every k counts, the 5-point gap gives 2.5.
        check.curve = check.curve.map {
            var small = $0; small.items = 50; return small
        }
        #expect(abs(check.worstGap - 2.5) < 1e-9)
    }

    @Test("the check's gold positions take simulated items of the gold class, the rest the remaining items in order")
    func stratifiedPositions() {
        // Simulated classes 0,0,1,0,1,1; gold at positions 1 (class 1) and 4 (class 0).
        let order = CalibrationCheck.positions(classes: [0, 0, 1, 0, 1, 1], truth: [-1, 1, -1, -1, 0, -1])
        #expect(order == [1, 2, 3, 4, 0, 5])
        // A class that runs out falls back to any unused item.
        let short = CalibrationCheck.positions(classes: [0, 0], truth: [1, -1])
        #expect(Set(short) == [0, 1])
    }
}
