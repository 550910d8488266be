/// Where a softmax-regression fit starts: a fitted model's weights and the Hessian estimate at
/// them (``SoftmaxRegression/curvature(features:targets:weights:)``), so the first Newton step
/// needs no Hessian pass. A warm start like any other: the objective is strictly convex, so it
/// changes the path, not the optimum.
struct SoftmaxStart: ProbabilisticClassifier {
    /// The model whose weights the fit starts from.
    let fitted: FittedSoftmax
    /// Row-major P × P Hessian estimate at `fitted`'s weights.
    let curvature: [Double]

    var classes: Int { fitted.classes }

    func probabilities(features: [Double]) -> [Double] { fitted.probabilities(features: features) }

    func scores(features: [Double], labels: [Int32]) -> ClassifierScores { fitted.scores(features: features, labels: labels) }

    func accuracy(features: [Double], labels: [Int32]) -> Double { fitted.accuracy(features: features, labels: labels) }
}
