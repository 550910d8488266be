import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

@testable import LabelSimBench

/// The measurement code behind `bench-aggregate`, `bench-reward-model` and `bench`, without the
/// timings themselves (which only a quiet machine makes meaningful).
@Suite("Benchmarks")
struct BenchmarkTests {
    @Test("medians: the middle value, the mean of the two middle ones for an even count, NaN for none")
    func medians() {
        #expect(Timing.median([3, 1, 2]) == 2)
        #expect(Timing.median([4, 1, 3, 2]) == 2.5)
        #expect(Timing.median([]).isNaN)
    }

    @Test("bench-aggregate times each method on generated one-coin data and scores it on the truth")
    func aggregationRows() throws {
        let crowd = OneCoinCrowd(items: 2000, classes: 3, workers: 50, redundancy: 5)
        let benchmark = AggregationBenchmark(generating: crowd, seed: 4)
        #expect(benchmark.matrix.labelCount == 10_000)
        #expect(benchmark.readSeconds == nil && benchmark.readMegabytesPerSecond == nil)
        let majority = try #require(benchmark.time(.majority, repeats: 3, seed: 4))
        let dawidSkene = try #require(benchmark.time(.dawidSkene, repeats: 1, seed: 4))
        #expect(majority.runs == 3 && dawidSkene.runs == 1)
        #expect(majority.iterations == nil && (dawidSkene.iterations ?? 0) > 0)
        // Accuracy Beta(8, 2) workers, five labels an item: majority vote is right ~95% of the time.
        #expect((0.9...1).contains(majority.accuracy ?? 0))
        #expect((dawidSkene.accuracy ?? 0) >= (majority.accuracy ?? 1) - 0.01)
    }

    @Test("bench-reward-model's data: the same seed gives the same pairs, labels follow σ(w*·d)")
    func rewardModelData() {
        let truth = [1.0, -0.5, 0.25]
        let first = RewardModelBenchmark.draw(20_000, truth: truth, using: GSLRandom(seed: 3))
        let again = RewardModelBenchmark.draw(20_000, truth: truth, using: GSLRandom(seed: 3))
        #expect(first.x == again.x && first.y == again.y)
        // E[σ(w*·d)] = ½ by symmetry; the share of ones is within 4 standard errors (0.0035·4).
        let share = Double(first.y.reduce(0) { $0 + Int($1) }) / 20_000
        #expect(abs(share - 0.5) < 0.014)
        // Labels agree with the true margin's sign far more often than chance.
        let model = RewardModel(weights: truth)
        #expect(model.accuracy(differences: first.x, labels: first.y) > 0.7)
    }

    @Test("bench runs every subject each round and reports one row per subject")
    func labelingReport() throws {
        let benchmark = LabelingBenchmark(items: 2000, minimumSeconds: 0)
        let subjects = try benchmark.subjects(profileDirectory: LabelingBenchmarkTests.profiles)
        var lines: [String] = []
        let report = try benchmark.run(subjects: subjects, rounds: 2, batches: 1, memoryItems: 0) { lines.append($0) }
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("round ") })
        #expect(report.rows.map(\.name) == subjects.map(\.name))
        #expect(report.rows.first?.path == "generator")
        #expect(report.discrete > 0 && report.rows.allSatisfy { $0.oneThread > 0 && $0.twoThreads > 0 && $0.bytesPerLabel == nil })
        #expect(
            report.rows.allSatisfy {
                $0.ratio > 0 && $0.ratioCPU > 0 && $0.twoThreadGain > 0 && $0.twoThreadCPUEfficiency > 0 && $0.batches == 1
            })
        // A short batch is repeated up to the minimum time (here 50 ms), at most 64 times.
        let raised = LabelingBenchmark(items: 2000, minimumSeconds: 0.05)
        let row = try raised.run(subjects: [subjects[0]], rounds: 1, batches: 1, memoryItems: 0).rows[0]
        #expect(row.batches > 1 && row.batches <= 64)
    }
}
