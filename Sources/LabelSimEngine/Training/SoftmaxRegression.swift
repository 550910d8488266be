import LabelSimGSL

/// Multinomial logistic (softmax) regression with an L2 penalty on the weights, fitted by damped
/// Newton's method: analytic gradient over all items, Hessian estimated from an evenly spaced
/// sample of items, Newton system solved by GSL's Cholesky factorisation.
///
/// ## Objective
/// With scores z_ic = b_c + Σ_d W_dc x_id, probabilities p_ic = exp z_ic / Σ_c' exp z_ic' and
/// targets y_ic (one-hot for hard labels, a probability row for soft ones), the fit minimises
///
///     J(W, b) = (1/n) Σ_i Σ_c y_ic (log Σ_c' exp z_ic' − z_ic) + (l2/2) ‖W‖²
///
/// the mean cross-entropy plus a ridge penalty that leaves the intercepts b unpenalised. Its
/// gradient is ∂J/∂W_dc = (1/n) Σ_i (p_ic − y_ic) x_id + l2·W_dc and ∂J/∂b_c = (1/n) Σ_i (p_ic − y_ic),
/// and its Hessian (1/n) Σ_i (diag p_i − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ + l2 on the weights, x̃_i = (x_i, 1).
/// The log-sum-exp subtracts each row's largest score first, so it never overflows.
/// (scikit-learn's `LogisticRegression` minimises C·Σ_i CE_i + ½‖W‖², the same problem when
/// C = 1/(l2·n).)
///
/// ## Fitting
/// From all-zero weights (or a warm start), each iteration
/// 1. estimates the Hessian H at the current point from every s-th item, s = ⌊n / m⌋ with
///    m = max(2048, 32·K·(D + 1)) (all items when n < 2m; at zero weights, where every p_i is
///    uniform, only the sample's Gram matrix is needed), see `SoftmaxObjective.hessian`;
/// 2. solves H·Δ = −∇J by GSL's Cholesky factorisation (`CholeskySolver`; if H is not numerically
///    positive definite, which needs l2 = 0, a diagonal shift from 1e-10·max H_jj up, ×100, is
///    added until it is);
/// 3. tries the full step Δ and halves it until Armijo's condition
///    J(θ + αΔ) ≤ J(θ) + 1e-4·α·∇Jᵀ·Δ holds (within 4 ulp of J for rounding), each try one pass
///    over all items for J and ∇J.
///
/// **Stopping rule:** stop as soon as the Euclidean norm of the full-data gradient is at most
/// ``tolerance`` (checked at the start, so a warm start at the optimum stops at once), or after
/// ``maxIterations`` iterations, or when the step has been halved below 1e-10 (no progress is
/// possible at machine precision; reported with `converged == false`). A sampled Hessian only
/// changes the path, never the point the fit converges to: the test is on the exact gradient.
/// Newton with a sampled Hessian converges linearly with a small ratio (about 0.12 per iteration
/// on the benchmark data); 20,000 × 16 with K = 4 takes 5 iterations from zero to ‖∇J‖ ≤ 1e-4.
///
/// With ``samplingTolerance`` f > 0 the fit also stops once ‖∇J‖ ≤ f·√(tr H/n), H the data
/// term of the last Hessian estimate (without the penalty): that is f times the gradient's own
/// sampling error. J is a mean over n items, so at the population optimum its gradient has
/// covariance Cov(∇ℓ)/n, and Cov(∇ℓ) is the Fisher information, the expected Hessian, when hard
/// labels come from the model itself. Otherwise the two differ, in either direction: label
/// noise the model does not describe usually adds covariance (the rule is then tighter than f
/// of the true error), while soft targets that are calibrated posteriors carry less than the
/// Fisher information (looser: targets ½(one-hot + p) make it about 2× looser). f is small
/// enough that either way the optimisation error stays far below the sampling error.
/// A fit stopped there is off its exact optimum by about f of the distance its training sample
/// already puts between it and the population's; the rule tightens as n grows and never stops
/// before ``tolerance`` would once no Hessian has been estimated yet.
///
/// Deterministic: one thread, a fixed sample, fixed summation orders, so the same data always
/// give the same weights, bit for bit.
///
/// **Cost:** the objective at zero weights is analytic (no pass); then per iteration one
/// full pass for J and ∇J, O(n·D·K) with K exponentials per item (more passes only when the step
/// is halved), plus a Hessian pass over the m sampled items, O(m·(K−1)·K/2·(D+1)(D+2)/2), and a
/// Cholesky solve, O((K·(D+1))³/3). On the benchmark (n = 20,000, D = 16, K = 4) a full pass takes
/// about 0.65 ms, a Hessian about 0.4 ms, and a fit about 5 ms (docs/learner-bench.md).
public struct SoftmaxRegression: Sendable, Equatable {
    /// What the model is trained to predict for each item.
    public typealias Targets = TrainingTargets

    /// Number of classes K (at least 2).
    public let classes: Int
    /// Number of features D (at least 1).
    public let dimensions: Int
    /// Ridge strength l2 ≥ 0 on the weights (not the intercepts).
    public let l2: Double
    /// Stop when the gradient's Euclidean norm is at most this.
    public let tolerance: Double
    /// Stop after this many Newton iterations.
    public let maxIterations: Int
    /// When positive, also stop once the gradient norm is at most this fraction of its sampling
    /// error √(tr H/n) (see the type's documentation); 0 turns the rule off.
    public let samplingTolerance: Double

    /// Creates a validated learner.
    ///
    /// - Throws: ``SoftmaxRegressionError/invalidParameter(name:value:expected:)``.
    public init(
        classes: Int, dimensions: Int, l2: Double = 1e-3, tolerance: Double = 1e-6, samplingTolerance: Double = 0,
        maxIterations: Int = 500
    ) throws(SoftmaxRegressionError) {
        guard classes >= 2 else { throw .invalidParameter(name: "classes", value: "\(classes)", expected: "at least 2") }
        guard dimensions >= 1 else { throw .invalidParameter(name: "dimensions", value: "\(dimensions)", expected: "at least 1") }
        guard l2.isFinite, l2 >= 0 else { throw .invalidParameter(name: "l2", value: "\(l2)", expected: "a finite number ≥ 0") }
        guard tolerance.isFinite, tolerance > 0 else {
            throw .invalidParameter(name: "tolerance", value: "\(tolerance)", expected: "a finite number > 0")
        }
        guard samplingTolerance.isFinite, samplingTolerance >= 0 else {
            throw .invalidParameter(name: "samplingTolerance", value: "\(samplingTolerance)", expected: "a finite number ≥ 0")
        }
        guard maxIterations >= 0 else {
            throw .invalidParameter(name: "maxIterations", value: "\(maxIterations)", expected: "at least 0")
        }
        self.classes = classes
        self.dimensions = dimensions
        self.l2 = l2
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.samplingTolerance = samplingTolerance
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - features: Row-major n × D, finite.
    ///   - targets: n labels in `0..<K`, or n × K non-negative probabilities.
    ///   - warmStart: Weights to start from instead of zero (for example the previous fit).
    ///   - curvature: A P × P Hessian estimate (P = K·(D + 1), row-major, for example
    ///     ``curvature(features:targets:weights:)`` of a similar problem's optimum) for the first
    ///     Newton step instead of one sampled at the start; later steps keep its factor while full
    ///     steps cut the gradient fourfold and sample a fresh Hessian otherwise, so a poor estimate
    ///     costs iterations, never the optimum. Ignored when its size is wrong.
    /// - Throws: ``SoftmaxRegressionError`` for malformed input or a failed minimisation.
    public func fit(features: [Double], targets: Targets, warmStart: SoftmaxWeights? = nil, curvature: [Double]? = nil)
        throws(SoftmaxRegressionError) -> FittedSoftmax
    {
        let objective = try makeObjective(features: features, targets: targets)
        let start: [Double]
        if let warmStart {
            guard warmStart.classes == classes, warmStart.dimensions == dimensions else {
                throw .shapeMismatch(what: "warm-start weights", expected: objective.parameterCount, actual: warmStart.values.count)
            }
            start = warmStart.values
        } else {
            start = [Double](repeating: 0, count: objective.parameterCount)
        }
        let parameters = objective.parameterCount
        let hint = curvature.flatMap { $0.count == parameters * parameters && $0.allSatisfy(\.isFinite) ? $0 : nil }
        return try newton(objective, from: start, curvature: hint)
    }

    /// The Hessian estimate the fit's Newton steps use at `weights` (row-major P × P, sampled as
    /// in the type's documentation): what ``fit(features:targets:warmStart:curvature:)`` can
    /// start from on a similar problem.
    func curvature(features: [Double], targets: Targets, weights: SoftmaxWeights) throws(SoftmaxRegressionError)
        -> [Double]
    {
        let objective = try makeObjective(features: features, targets: targets)
        guard weights.classes == classes, weights.dimensions == dimensions else {
            throw .shapeMismatch(what: "weights", expected: objective.parameterCount, actual: weights.values.count)
        }
        let parameters = objective.parameterCount
        var hessian = [Double](repeating: 0, count: parameters * parameters)
        weights.values.withUnsafeBufferPointer { point in
            hessian.withUnsafeMutableBufferPointer {
                objective.hessian(point, stride: Self.hessianStride(items: objective.count, parameters: parameters), into: $0)
            }
        }
        return hessian
    }

    /// The Hessian sample's stride for `items` items and `parameters` parameters.
    static func hessianStride(items: Int, parameters: Int) -> Int {
        max(1, items / max(hessianItems, hessianItemsPerParameter * parameters))
    }

    /// Least number of items the Hessian estimate samples, and the least per parameter: the
    /// sample is every s-th item, s = max(1, ⌊n / m⌋) with m = max(2048, 32·K·(D + 1)), so at
    /// least m items, and all of them when n < 2m.
    static let hessianItems = 2048
    /// Largest ratio of successive gradient norms after a full step for which the next step
    /// reuses the same Hessian factor.
    static let reuseRatio = 0.25
    static let hessianItemsPerParameter = 32

    /// Damped Newton iterations from `start` (see the type's documentation).
    private func newton(_ objective: SoftmaxObjective, from start: [Double], curvature hint: [Double]?) throws(SoftmaxRegressionError)
        -> FittedSoftmax
    {
        let parameters = objective.parameterCount
        let solver: CholeskySolver
        do {
            solver = try CholeskySolver(dimension: parameters)
        } catch {
            throw .optimizationFailed(error.description)
        }
        let stride = Self.hessianStride(items: objective.count, parameters: parameters)
        var theta = start
        var gradient = [Double](repeating: 0, count: parameters)
        var trial = [Double](repeating: 0, count: parameters)
        var trialGradient = [Double](repeating: 0, count: parameters)
        var step = [Double](repeating: 0, count: parameters)
        var rightSide = [Double](repeating: 0, count: parameters)
        var hessian = hint ?? [Double](repeating: 0, count: parameters * parameters)
        // The first step uses the caller's estimate instead of sampling one.
        var hinted = hint != nil
        func evaluate(_ point: [Double], _ out: inout [Double]) -> Double {
            point.withUnsafeBufferPointer { theta in
                out.withUnsafeMutableBufferPointer { objective.valueAndGradient(theta, gradient: $0) }
            }
        }
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var value: Double
        var evaluations = 0
        if theta.allSatisfy({ $0 == 0 }) {
            value = gradient.withUnsafeMutableBufferPointer { objective.valueAndGradientAtZero(gradient: $0) }
        } else {
            value = evaluate(theta, &gradient)
            evaluations = 1
        }
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            throw .optimizationFailed("the objective or its gradient at the start was not finite")
        }
        var gradientNorm = norm(gradient)
        var iterations = 0
        // The stopping threshold: `tolerance`, loosened to the sampling rule once a Hessian is known.
        var threshold = tolerance
        var converged = gradientNorm <= threshold
        // Whether the next iteration may solve with the factor of the last Hessian.
        var reuse = false
        newtonLoop: while !converged && iterations < maxIterations {
            for index in 0..<parameters { rightSide[index] = -gradient[index] }
            var reused = false
            if reuse {
                do {
                    reused = try rightSide.withUnsafeBufferPointer { b throws(GSLError) in
                        try step.withUnsafeMutableBufferPointer { x throws(GSLError) in try solver.solveAgain(rightSide: b, solution: x) }
                    }
                } catch {
                    throw .optimizationFailed(error.description)
                }
            }
            let atZero = !reused && theta.allSatisfy { $0 == 0 }
            if !reused && !hinted {
                theta.withUnsafeBufferPointer { point in
                    hessian.withUnsafeMutableBufferPointer { objective.hessian(point, stride: stride, into: $0) }
                }
            }
            if !reused { threshold = stoppingThreshold(hessian: hessian, items: objective.count) }
            hinted = false
            var shift = 0.0
            var diagonalScale = 0.0
            for index in 0..<parameters { diagonalScale = max(diagonalScale, hessian[index * parameters + index]) }
            while !reused {
                let solved: Bool
                do {
                    solved = try hessian.withUnsafeBufferPointer { h throws(GSLError) in
                        try rightSide.withUnsafeBufferPointer { b throws(GSLError) in
                            try step.withUnsafeMutableBufferPointer { x throws(GSLError) in
                                try solver.solve(matrix: h, shift: shift, rightSide: b, solution: x)
                            }
                        }
                    }
                } catch {
                    throw .optimizationFailed(error.description)
                }
                if solved { break }
                shift = shift == 0 ? 1e-10 * max(diagonalScale, 1) : shift * 100
                guard shift.isFinite, shift < 1e10 * max(diagonalScale, 1) else {
                    throw .optimizationFailed("the Hessian estimate in iteration \(iterations + 1) could not be made positive definite")
                }
            }
            var slope = 0.0
            for index in 0..<parameters { slope += gradient[index] * step[index] }
            var alpha = 1.0
            var trialValue = Double.nan
            while true {
                for index in 0..<parameters { trial[index] = theta[index] + alpha * step[index] }
                trialValue = evaluate(trial, &trialGradient)
                evaluations += 1
                // Armijo's sufficient decrease, allowing for rounding in J itself.
                if trialValue.isFinite, trialGradient.allSatisfy(\.isFinite),
                    trialValue <= value + 1e-4 * alpha * slope + 4 * value.magnitude.ulp
                {
                    break
                }
                alpha /= 2
                if alpha < 1e-10 { break newtonLoop }
            }
            swap(&theta, &trial)
            swap(&gradient, &trialGradient)
            value = trialValue
            let previousNorm = gradientNorm
            gradientNorm = norm(gradient)
            iterations += 1
            converged = gradientNorm <= threshold
            // A full step that cut the gradient at least fourfold came from a Hessian still good
            // for the next step (near the optimum it barely changes); the uniform curvature at
            // zero weights is not, nor is one whose step had to be shortened.
            reuse = alpha == 1 && gradientNorm <= Self.reuseRatio * previousNorm && !atZero
        }
        return FittedSoftmax(
            weights: SoftmaxWeights(unchecked: classes, dimensions, theta), objective: value, gradientNorm: gradientNorm,
            iterations: iterations, converged: converged, evaluations: evaluations)
    }

    /// The gradient norm at which a fit stops once `hessian` (row-major P × P, as
    /// ``SoftmaxObjective/hessian(_:stride:into:)`` fills it) is its curvature estimate on `items`
    /// items: ``tolerance``, or with ``samplingTolerance`` f > 0 the larger of it and
    /// f·√(tr H/n), H the data term (the trace without the l2 on the K·D weight diagonals and the
    /// 1/K on each of the K intercept diagonals); ``tolerance`` when that trace is not positive.
    func stoppingThreshold(hessian: [Double], items: Int) -> Double {
        guard samplingTolerance > 0, items > 0 else { return tolerance }
        let parameters = classes * (dimensions + 1)
        guard hessian.count == parameters * parameters else { return tolerance }
        var trace = 0.0
        for index in 0..<parameters { trace += hessian[index * parameters + index] }
        let data = trace - l2 * Double(classes * dimensions) - 1
        guard data.isFinite, data > 0 else { return tolerance }
        return max(tolerance, samplingTolerance * (data / Double(items)).squareRoot())
    }

    /// The objective J and its gradient (laid out like ``SoftmaxWeights/values``) at `weights`;
    /// for checking the gradient and for diagnostics.
    public func objective(features: [Double], targets: Targets, weights: SoftmaxWeights) throws(SoftmaxRegressionError) -> (
        value: Double, gradient: [Double]
    ) {
        let objective = try makeObjective(features: features, targets: targets)
        guard weights.classes == classes, weights.dimensions == dimensions else {
            throw .shapeMismatch(what: "weights", expected: objective.parameterCount, actual: weights.values.count)
        }
        var gradient = [Double](repeating: 0, count: objective.parameterCount)
        let value = weights.values.withUnsafeBufferPointer { theta in
            gradient.withUnsafeMutableBufferPointer { objective.valueAndGradient(theta, gradient: $0) }
        }
        return (value, gradient)
    }

    private func makeObjective(features: [Double], targets: Targets) throws(SoftmaxRegressionError) -> SoftmaxObjective {
        guard !features.isEmpty, features.count % dimensions == 0 else {
            throw .shapeMismatch(what: "features", expected: (max(1, features.count / dimensions)) * dimensions, actual: features.count)
        }
        // A non-finite feature is reported before anything wrong with the targets.
        func badFeature() -> SoftmaxRegressionError? {
            features.firstIndex { !$0.isFinite }.map { .invalidValue(what: "features", index: $0, value: "\(features[$0])") }
        }
        let n = features.count / dimensions
        let objective: SoftmaxObjective
        switch targets {
        case .hard(let labels):
            guard labels.count == n else { throw badFeature() ?? .shapeMismatch(what: "labels", expected: n, actual: labels.count) }
            if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
                throw badFeature() ?? .invalidValue(what: "labels", index: bad, value: "\(labels[bad])")
            }
            objective = SoftmaxObjective(classes: classes, dimensions: dimensions, l2: l2, features: features, targets: targets)
        case .soft(let probabilities):
            guard probabilities.count == n * classes else {
                throw badFeature() ?? .shapeMismatch(what: "soft targets", expected: n * classes, actual: probabilities.count)
            }
            if let bad = probabilities.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw badFeature() ?? .invalidValue(what: "soft targets", index: bad, value: "\(probabilities[bad])")
            }
            var normalized = probabilities
            for item in 0..<n {
                let row = item * classes..<(item + 1) * classes
                let mass = probabilities[row].reduce(0, +)
                guard mass > 0 else { throw badFeature() ?? .invalidValue(what: "soft target row sum", index: item, value: "0") }
                for index in row { normalized[index] = probabilities[index] / mass }
            }
            objective = SoftmaxObjective(classes: classes, dimensions: dimensions, l2: l2, features: features, targets: .soft(normalized))
        }
        // Every feature value enters the objective's class sums (with hard targets once, with
        // soft ones times each target, and 0·∞ and 0·NaN are NaN), so a non-finite one shows
        // there without a pass of its own; only then is the array scanned.
        // Large finite values can overflow a sum too: then the scan finds nothing and the fit
        // goes on, as before.
        if !objective.classSumsAreFinite, let error = badFeature() { throw error }
        return objective
    }
}
