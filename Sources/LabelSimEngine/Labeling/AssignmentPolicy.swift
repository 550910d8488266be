import LabelSimGSL

/// Who labels next: a worker drawn by workload weight among those still eligible.
///
/// Workers who leave for good (banned, or out of time before the deadline) are taken out of the
/// alias table, which is rebuilt then (at most once per worker), so a draw is O(1) however many
/// are gone; only "already on this item" (at most the item's redundancy) is left to rejection.
/// After 64 misses in a row an exact scan over the eligible workers takes over, so a draw always
/// ends. `reference` keeps the table whole and rejects the departed too (the slower rule this
/// one is tested against: the same distribution, different draws).
struct AssignmentPolicy {
    private var sampler: DiscreteSampler?
    private var weights: [Double]
    private let reference: Bool

    init(workforce: Workforce, reference: Bool = false) throws(GSLError) {
        sampler = try DiscreteSampler(weights: workforce.workloadWeights)
        weights = workforce.workloadWeights
        self.reference = reference
    }

    /// Takes `worker` out of the draw for the rest of the run.
    mutating func remove(_ worker: Int) {
        guard !reference, weights[worker] > 0 else { return }
        weights[worker] = 0
        // No weight left: nobody can be drawn (`pick` then scans and finds no one).
        sampler = try? DiscreteSampler(weights: weights)
    }

    /// An eligible worker, or nil when none is left.
    @inline(__always)
    func pick(using draws: BufferedUniforms, isEligible: (Int) -> Bool) -> Int? {
        guard let sampler else { return nil }
        for _ in 0..<64 {
            let worker = draws.sample(sampler)
            if isEligible(worker) { return worker }
        }
        var total = 0.0
        for worker in weights.indices where isEligible(worker) { total += weights[worker] }
        guard total > 0 else { return nil }
        var target = draws.uniform() * total
        var last: Int?
        for worker in weights.indices where weights[worker] > 0 && isEligible(worker) {
            target -= weights[worker]
            last = worker
            if target < 0 { return worker }
        }
        return last
    }
}
