import LabelSimGSL

/// Who labels next: a worker drawn by workload weight among those still eligible.
///
/// Draws are rejections from the workload's alias table (O(1) each); after 64 misses in a row
/// (nearly everyone banned, busy on the item or out of time) an exact scan over the eligible
/// workers takes over, so the draw always ends.
struct AssignmentPolicy {
    private let sampler: DiscreteSampler
    private let weights: [Double]

    init(workforce: Workforce) throws(GSLError) {
        sampler = try DiscreteSampler(weights: workforce.workloadWeights)
        weights = workforce.workloadWeights
    }

    /// An eligible worker, or nil when none is left.
    @inline(__always)
    func pick(using draws: BufferedUniforms, isEligible: (Int) -> Bool) -> Int? {
        for _ in 0..<64 {
            let worker = draws.sample(sampler)
            if isEligible(worker) { return worker }
        }
        var total = 0.0
        for worker in weights.indices where isEligible(worker) { total += weights[worker] }
        guard total > 0 else { return nil }
        var target = draws.uniform() * total
        var last: Int?
        for worker in weights.indices where isEligible(worker) {
            target -= weights[worker]
            last = worker
            if target < 0 { return worker }
        }
        return last
    }
}
