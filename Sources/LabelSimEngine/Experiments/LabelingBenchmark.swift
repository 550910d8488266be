import Dispatch
import Foundation
import LabelSimCore
import LabelSimGSL

/// Measures the labelling stage against GSL's raw `gsl_ran_discrete` draw rate, in one process.
///
/// The synthetic vendor: K = 4 classes, 3 domains, difficulty Beta(2, 5), 1,000 workers
/// (80% diligent with accuracy Beta(8, 3), 20% spammers), 5 distinct workers per item.
public struct LabelingBenchmark: Sendable {
    /// Items labelled per timed batch.
    public let items: Int

    /// Creates a benchmark labelling `items` items per batch.
    public init(items: Int = 200_000) {
        self.items = items
    }

    static let task = TaskSpec(
        classes: 4, prior: [0.25, 0.25, 0.25, 0.25],
        domains: [
            DomainShare(name: "general", share: 0.4), DomainShare(name: "medical", share: 0.3),
            DomainShare(name: "legal", share: 0.3),
        ],
        difficulty: .beta(2, 5))
    static let workforce = WorkforceSpec(
        workers: 1000,
        types: [
            WorkerTypeSpec(share: 0.8, kind: .diligent, accuracy: .beta(8, 3)),
            WorkerTypeSpec(share: 0.2, kind: .spammer, accuracy: .fixed(0.25)),
        ],
        domainSkill: ["medical": 0.6, "legal": 0.7])

    /// Raw `gsl_ran_discrete` draws per second over a 4-outcome table on one thread.
    public func discreteDrawsPerSecond(draws: Int) throws(GSLError) -> Double {
        let sampler = try DiscreteSampler(weights: [0.4, 0.3, 0.2, 0.1])
        let rng = GSLRandom(seed: 7)
        let start = DispatchTime.now().uptimeNanoseconds
        let checksum = rng.drawDiscreteChecksum(sampler, count: draws)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(checksum >= 0)
        return Double(draws) / seconds
    }

    /// Labels generated per second, summed over `threads` threads each labelling `batches` batches.
    public func labelsPerSecond(threads: Int, batches: Int) throws(GSLError) -> Double {
        let setups = try (0..<threads).map { thread throws(GSLError) in
            let rng = GSLRandom(seed: 100 + UInt64(thread))
            let pool = try ItemPool.draw(task: Self.task, count: items, using: rng)
            let workforce = try Workforce.draw(spec: Self.workforce, task: Self.task, using: rng)
            return (rng, pool, workforce)
        }
        let generator = LabelGenerator(classes: Self.task.classes, redundancy: 5)
        let box = SetupBox(setups)
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let (rng, pool, workforce) = box.setups[thread]
            for _ in 0..<batches {
                let matrix = generator.generate(items: items, pool: pool, workforce: workforce, using: rng)
                precondition(matrix.labelCount == items * 5)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(threads * batches * items * 5) / seconds
    }
}

/// Per-thread generators handed to the threads that own them; each is touched by one thread only.
private final class SetupBox: @unchecked Sendable {
    let setups: [(GSLRandom, ItemPool, Workforce)]
    init(_ setups: [(GSLRandom, ItemPool, Workforce)]) { self.setups = setups }
}
