import LabelSimGSL

/// Worker Agreement With Aggregate (Wawa): majority vote first, then a vote in which each worker
/// weighs as much as the share of their labels that agree with that majority.
///
/// As implemented in crowd-kit (D. Ustalov, N. Pavlichenko and B. Tseitlin, "Learning from crowds
/// with Crowd-Kit", *JOSS* 9(96), 2024), after the agreement-weighted voting of the Toloka
/// practice. Ties in both votes are broken with the caller's generator; when every weight of an
/// item is zero its plain vote shares are kept.
struct Wawa: Aggregator {
    /// Creates the aggregator.
    init() {}

    /// Aggregates every item; `workerSkill` is each worker's agreement with the majority
    /// (0 for a worker with no labels).
    func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        let majority = MajorityVote().aggregate(matrix, using: rng)
        let classes = matrix.classCount
        var agree = [Double](repeating: 0, count: matrix.workerCount)
        var total = [Double](repeating: 0, count: matrix.workerCount)
        for item in 0..<matrix.itemCount {
            for slot in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                let worker = Int(matrix.workers[slot])
                total[worker] += 1
                if matrix.labels[slot] == majority.labels[item] { agree[worker] += 1 }
            }
        }
        let skill = zip(agree, total).map { $1 > 0 ? $0 / $1 : 0 }
        var posteriors = majority.posteriors
        for item in 0..<matrix.itemCount {
            let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
            var weight = 0.0
            for slot in range { weight += skill[Int(matrix.workers[slot])] }
            guard weight > 0 else { continue }
            let row = item * classes
            for k in 0..<classes { posteriors[row + k] = 0 }
            for slot in range { posteriors[row + Int(matrix.labels[slot])] += skill[Int(matrix.workers[slot])] / weight }
        }
        let labels = AggregationSupport.hardLabels(posteriors, matrix: matrix, using: rng)
        return AggregationResult(labels: labels, posteriors: posteriors, workerSkill: skill)
    }
}
