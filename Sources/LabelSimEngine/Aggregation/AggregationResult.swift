/// What an aggregator concludes: one label and a posterior per item, and worker skill where the
/// method estimates it.
public struct AggregationResult: Sendable {
    /// The chosen class per item (`-1` for an item with no labels).
    public var labels: [Int32]
    /// Posterior class probabilities, item-major (`itemCount × classCount`).
    public var posteriors: [Double]
    /// Per-worker skill estimate (accuracy-like, in [0, 1]) where the method has one.
    var workerSkill: [Double]?
    /// EM or gradient iterations used, where the method iterates.
    public var iterations: Int?

    /// Creates a result.
    init(labels: [Int32], posteriors: [Double], workerSkill: [Double]? = nil, iterations: Int? = nil) {
        self.labels = labels
        self.posteriors = posteriors
        self.workerSkill = workerSkill
        self.iterations = iterations
    }
}
