import LabelSimGSL

extension SoftmaxRegression: Learner {
    /// Fits by damped Newton (deterministic: `rng` is not used); a ``FittedSoftmax`` warm start
    /// of the same shape is used as the starting point (the objective is strictly convex for
    /// l2 > 0, so the start changes the path, not the optimum).
    public func fit(features: [Double], targets: TrainingTargets, warmStart: (any ProbabilisticClassifier)?, using rng: GSLRandom)
        throws -> any ProbabilisticClassifier
    {
        if let start = warmStart as? SoftmaxStart {
            return try fit(features: features, targets: targets, warmStart: start.fitted.weights, curvature: start.curvature)
        }
        let start = (warmStart as? FittedSoftmax)?.weights
        return try fit(features: features, targets: targets, warmStart: start)
    }
}
