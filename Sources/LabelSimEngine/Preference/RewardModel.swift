import Foundation
import LabelSimGSL

/// Step 5 of a preference replication: a Bradley–Terry reward model r̂(x) = w · φ(x), fitted as a
/// logistic regression without intercept on feature differences d = φ(A) − φ(B).
///
/// Objective: (1/n) Σ_i log(1 + exp(−t_i · w · d_i)) + (λ/2)‖w‖², t_i = +1 when A was preferred,
/// −1 otherwise (scikit-learn's `LogisticRegression(fit_intercept=False, C = 1/(nλ))` minimises n
/// times the same function). With Llama 2's margin (Touvron et al. 2023, §3.2.2) each pair's loss
/// is log(1 + exp(−(t_i · w · d_i − m_i))), m_i the margin of the pair's stated strength: a pair
/// said to be significantly better must be won by more. Fitted from zero by Newton's method on nested subsets of the pairs:
///
/// - **Coarse to fine.** Every 16^k-th block of 64 consecutive pairs, then every 16^(k−1)-th, …,
///   then all pairs, each level started from the previous one's solution (the coarsest subset
///   keeps about max(2048, 64·D) pairs or more). A coarse level stops once its gradient norm is a tenth of its own
///   sampling error √(tr H / m) (tr H estimates the mean squared per-pair gradient at the
///   optimum), since more accuracy there cannot survive the next level; the last level stops
///   when every gradient component is within ±`gradientTolerance` (scikit-learn's lbfgs `tol`).
/// - **Sampled Hessian, exact gradient.** The coarsest level is exact Newton on its subset (its
///   Hessian recomputed every step). A finer level computes the Hessian once, at its start, on a
///   subset of 1/16 of its pairs (never fewer than the coarsest level's), adds λI and corrects it
///   after each step by the BFGS update from the exact gradient change, so the steps converge
///   faster than the sample's error alone allows. Solved by GSL's Cholesky factorisation (a diagonal shift if it is not
///   positive definite).
/// - **Armijo step halving** on the level's objective; a level ends if the step is halved below 1e-10.
/// - **One pass per step**: value and gradient together (``RewardObjective``).
///
/// Deterministic: fixed subsets and summation order.
public struct RewardModel: Sendable {
    /// The learned weights, one per feature.
    public var weights: [Double]
    /// Newton iterations on all pairs.
    public var iterations: Int
    /// Newton iterations on the coarser subsets, in passes over all pairs (a step on a
    /// sixteenth of the pairs counts 1/16).
    public var subsetPasses: Double = 0

    /// A model with these weights: a fit's start, or another fitter's result to score by the
    /// same code (``objective(differences:labels:l2:)``, ``accuracy(differences:labels:)``).
    public init(weights: [Double], iterations: Int = 0) {
        self.weights = weights
        self.iterations = iterations
    }

    /// Fits the model on the pair-major `differences` (n × `dimensions`) and labels (1: A
    /// preferred), with a margin per pair when `margins` is not empty.
    public static func fit(
        differences: [Double], labels: [UInt8], dimensions: Int, l2: Double = 1e-4, margins: [Double] = [],
        gradientTolerance: Double = 1e-6, maxIterations: Int = 100
    ) throws -> RewardModel {
        let n = labels.count
        let d = dimensions
        var model = RewardModel(weights: [Double](repeating: 0, count: d), iterations: 0)
        guard n > 0 else { return model }
        let objective = RewardObjective(differences: differences, labels: labels, dimensions: d, l2: l2, margins: margins)
        let solver = try CholeskySolver(dimension: d)
        let minimumRows = max(2048, 64 * d)
        var coarsest = 1
        while n / (coarsest * 16) >= minimumRows { coarsest *= 16 }
        var stride = coarsest
        var cache = HessianCache()
        while stride >= 1 {
            let last = stride == 1
            let iterations = try level(
                objective, solver: solver, stride: stride, exact: stride == coarsest, minimumRows: minimumRows, weights: &model.weights,
                tolerance: last ? gradientTolerance : nil, maxIterations: maxIterations, cache: &cache)
            if last {
                model.iterations = iterations
            } else {
                model.subsetPasses += Double(iterations) / Double(stride)
            }
            stride /= 16
        }
        return model
    }

    /// Newton on the subset of `stride` (``RewardObjective``) from `w`; returns the steps taken.
    /// `exact`: the Hessian of the subset itself at every step; otherwise the Hessian of a subset
    /// of 1/16 of it (at least `minimumRows` pairs) at the start, corrected by BFGS updates. `tolerance` nil: stop at a tenth of the sampling error.
    private static func level(
        _ objective: RewardObjective, solver: CholeskySolver, stride: Int, exact: Bool, minimumRows: Int, weights w: inout [Double],
        tolerance: Double?, maxIterations: Int, cache: inout HessianCache
    ) throws -> Int {
        let d = objective.dimensions
        let l2 = objective.l2
        var gradient = [Double](repeating: 0, count: d)
        var trialGradient = [Double](repeating: 0, count: d)
        var curvature = [Double](repeating: 0, count: d * d)
        var step = [Double](repeating: 0, count: d)
        var trial = [Double](repeating: 0, count: d)
        var value = objective.evaluate(w, stride: stride, gradient: &gradient)
        var threshold = tolerance ?? 0
        var iterations = 0
        while iterations < maxIterations {
            if exact || iterations == 0 {
                let sample = exact ? stride : max(stride, min(stride * 16, objective.count / minimumRows))
                cache.hessian(objective, at: w, stride: sample, into: &curvature)
                if tolerance == nil {
                    let trace = (0..<d).reduce(0.0) { $0 + curvature[$1 * d + $1] }
                    threshold = 0.1 * (trace / Double(objective.rows(stride: stride))).squareRoot()
                }
                for j in 0..<d { curvature[j * d + j] += l2 }
            }
            // The last level stops on scikit-learn's lbfgs criterion (largest |component| ≤ tol);
            // a coarse level on the norm, to compare with its sampling error.
            let size =
                tolerance == nil ? gradient.reduce(0) { $0 + $1 * $1 }.squareRoot() : gradient.reduce(0) { max($0, abs($1)) }
            if size <= threshold { break }
            iterations += 1
            let negative = gradient.map { -$0 }
            var shift = 0.0
            var solved = false
            while !solved {
                solved = try curvature.withUnsafeBufferPointer { h in
                    try negative.withUnsafeBufferPointer { b in
                        try step.withUnsafeMutableBufferPointer { x in try solver.solve(matrix: h, shift: shift, rightSide: b, solution: x)
                        }
                    }
                }
                shift = max(shift * 10, 1e-8)
            }
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            var scale = 1.0
            var accepted = false
            while scale >= 1e-10 {
                for j in 0..<d { trial[j] = w[j] + scale * step[j] }
                let candidate = objective.evaluate(trial, stride: stride, gradient: &trialGradient)
                if candidate <= value + 1e-4 * scale * slope {
                    value = candidate
                    accepted = true
                    break
                }
                scale /= 2
            }
            guard accepted else { break }
            if !exact {
                update(&curvature, step: (0..<d).map { trial[$0] - w[$0] }, change: (0..<d).map { trialGradient[$0] - gradient[$0] })
            }
            swap(&w, &trial)
            swap(&gradient, &trialGradient)
        }
        return iterations
    }

    /// The BFGS update of the curvature estimate B from a step s and the gradient change y it
    /// caused: B − (Bs)(Bs)ᵀ/(sᵀBs) + yyᵀ/(yᵀs), skipped unless yᵀs is safely positive.
    private static func update(_ b: inout [Double], step s: [Double], change y: [Double]) {
        let d = s.count
        var bs = [Double](repeating: 0, count: d)
        for i in 0..<d { for j in 0..<d { bs[i] += b[i * d + j] * s[j] } }
        let sbs = zip(s, bs).reduce(0) { $0 + $1.0 * $1.1 }
        let ys = zip(y, s).reduce(0) { $0 + $1.0 * $1.1 }
        guard sbs > 0, ys > 1e-12 * sbs else { return }
        for i in 0..<d {
            for j in 0..<d { b[i * d + j] += y[i] * y[j] / ys - bs[i] * bs[j] / sbs }
        }
    }

    /// r̂(A) − r̂(B) for pair `index` of the pair-major `differences`.
    public func margin(_ differences: [Double], _ index: Int) -> Double {
        var sum = 0.0
        let d = weights.count
        for j in 0..<d { sum += weights[j] * differences[index * d + j] }
        return sum
    }

    /// Whether the model ranks pair `index` as `label` says (1: A preferred): 1 when the margin's
    /// sign agrees, 0 when it disagrees, ½ for a zero margin (a tie ranks neither way).
    public func agreement(_ differences: [Double], _ index: Int, label: UInt8) -> Double {
        let margin = margin(differences, index)
        return margin == 0 ? 0.5 : ((margin > 0) == (label == 1) ? 1 : 0)
    }

    /// The mean ``agreement(_:_:label:)`` over the pairs; NaN for none.
    public func accuracy(differences: [Double], labels: [UInt8]) -> Double {
        guard !labels.isEmpty else { return .nan }
        return labels.indices.reduce(0.0) { $0 + agreement(differences, $1, label: labels[$1]) } / Double(labels.count)
    }

    /// The objective the fit minimises (without margins), at these weights: the mean log-loss over
    /// the pairs plus (l2/2)‖w‖², computed by the fit's own ``RewardObjective``.
    public func objective(differences: [Double], labels: [UInt8], l2: Double) -> Double {
        let objective = RewardObjective(differences: differences, labels: labels, dimensions: weights.count, l2: l2)
        var gradient = [Double](repeating: 0, count: weights.count)
        return objective.evaluate(weights, stride: 1, gradient: &gradient)
    }
}

/// The last Hessian computed, with the point and subset it belongs to: a coarse level ends by
/// computing the Hessian of its subset at its solution, which is the point and subset the next
/// level starts from; handing it on saves one Hessian per level and changes no number.
private struct HessianCache {
    private var matrix: [Double] = []
    private var weights: [Double] = []
    private var stride = 0

    /// The Hessian of the subset of `stride` at `w`, from the cache when it holds that one.
    mutating func hessian(_ objective: RewardObjective, at w: [Double], stride: Int, into hessian: inout [Double]) {
        if stride == self.stride, w == weights, matrix.count == hessian.count {
            hessian = matrix
            return
        }
        objective.hessian(w, stride: stride, into: &hessian)
        matrix = hessian
        weights = w
        self.stride = stride
    }
}
