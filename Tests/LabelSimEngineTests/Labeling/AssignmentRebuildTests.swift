import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The worker draw after departures, against the exact distribution: the workload weights of the
/// workers still eligible, renormalised, whether the departed workers are still in the alias table
/// (rejected) or the table has been rebuilt without them.
@Suite("Assignment policy: draws after departures")
struct AssignmentRebuildTests {
    /// 200 workers with a zipf(1) workload (the scale-like shape), their weights, and a policy.
    static func setUp() throws -> (Workforce, [Double]) {
        let task = TaskSpec(classes: 2, prior: [0.5, 0.5], domains: [DomainShare(name: "general", share: 1)], difficulty: .fixed(0.2))
        let spec = WorkforceSpec(
            workers: 200, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.8))], domainSkill: [:], workload: .zipf(1))
        let workforce = try Workforce.draw(spec: spec, task: task, using: GSLRandom(seed: 4))
        return (workforce, workforce.workloadWeights)
    }

    /// Pearson's statistic of `draws` draws against the exact renormalised weights of the workers
    /// not in `gone`; a draw of a departed worker fails the test outright.
    static func chiSquare(_ policy: AssignmentPolicy, weights: [Double], gone: Set<Int>, draws: Int, seed: UInt64) -> (Double, Int) {
        let uniforms = BufferedUniforms(GSLRandom(seed: seed))
        defer { uniforms.finish() }
        var counts = [Int](repeating: 0, count: weights.count)
        var departed = 0
        for _ in 0..<draws {
            guard let worker = policy.pick(using: uniforms.reader, isEligible: { !gone.contains($0) }) else { continue }
            if gone.contains(worker) { departed += 1 }
            counts[worker] += 1
        }
        let total = weights.indices.filter { !gone.contains($0) }.map { weights[$0] }.reduce(0, +)
        var statistic = 0.0
        for worker in weights.indices where !gone.contains(worker) {
            let expected = Double(draws) * weights[worker] / total
            statistic += (Double(counts[worker]) - expected) * (Double(counts[worker]) - expected) / expected
        }
        return (statistic, departed)
    }

    @Test("worker frequencies match the eligible weights before a rebuild, after one, and after several")
    func frequenciesAfterDepartures() throws {
        let (workforce, weights) = try Self.setUp()
        var policy = try AssignmentPolicy(workforce: workforce)
        let total = weights.reduce(0, +)
        var gone = Set<Int>()
        var departedShare = 0.0
        // Heaviest first: worker 0 alone holds about 17% of the weight (a rebuild at once); then
        // lighter ones, stopping at shares where departed workers are still in the table.
        let checkpoints = [0.05, 0.2, 0.45, 0.7]
        var next = 0
        var order = Array(weights.indices)
        order.swapAt(0, 100)  // start with a light worker, so that the first checkpoint precedes any rebuild
        for worker in order {
            gone.insert(worker)
            policy.remove(worker)
            departedShare += weights[worker] / total
            guard next < checkpoints.count, departedShare >= checkpoints[next] else { continue }
            next += 1
            let draws = 100_000
            let (statistic, departed) = Self.chiSquare(policy, weights: weights, gone: gone, draws: draws, seed: UInt64(next))
            let freedom = Double(weights.count - gone.count - 1)
            #expect(departed == 0)
            // Pearson's statistic has mean df and sd √(2 df); 6 sd is decisive against a wrong
            // distribution (a 1% shift of mass onto one worker adds ~df by itself) yet never trips.
            #expect(statistic < freedom + 6 * (2 * freedom).squareRoot(), "departed share \(departedShare): χ² \(statistic), df \(freedom)")
        }
        #expect(next == checkpoints.count)
    }
}
