import Foundation
import LabelSimGSL

/// Step 5 of a preference replication: a Bradley–Terry reward model r̂(x) = w · φ(x), fitted as a
/// logistic regression without intercept on feature differences d = φ(A) − φ(B).
///
/// Objective: (1/n) Σ_i log(1 + exp(−t_i · w · d_i)) + (λ/2)‖w‖², t_i = +1 when A was preferred,
/// −1 otherwise (scikit-learn's `LogisticRegression(fit_intercept=False, C = 1/(nλ))` minimises n
/// times the same function). Fitted from zero by damped Newton: the exact gradient over all pairs
/// in one pass, the Hessian (1/m) Σ s(1 − s) d dᵀ + λI from an evenly spaced sample of
/// m = min(n, max(4096, 64·D)) pairs, solved by Cholesky, and Armijo step halving on the full
/// objective. Stops when ‖gradient‖ ≤ `gradientTolerance`, after `maxIterations`, or when the step
/// is halved below 1e-10. Deterministic (fixed sample, fixed summation order).
public struct RewardModel: Sendable {
    /// The learned weights, one per feature.
    public var weights: [Double]
    /// Newton iterations used.
    public var iterations: Int

    /// Fits the model on the pair-major `differences` (n × `dimensions`) and labels (1: A preferred).
    public static func fit(
        differences: [Double], labels: [UInt8], dimensions: Int, l2: Double = 1e-4, gradientTolerance: Double = 1e-6,
        maxIterations: Int = 100
    ) throws -> RewardModel {
        let n = labels.count
        let d = dimensions
        var w = [Double](repeating: 0, count: d)
        guard n > 0 else { return RewardModel(weights: w, iterations: 0) }
        let solver = try CholeskySolver(dimension: d)
        let sampleSize = min(n, max(4096, 64 * d))
        let stride = Double(n) / Double(sampleSize)
        var gradient = [Double](repeating: 0, count: d)
        var hessian = [Double](repeating: 0, count: d * d)
        var step = [Double](repeating: 0, count: d)
        var trial = [Double](repeating: 0, count: d)
        var iterations = 0
        var value = objective(w, differences, labels, d, l2, gradient: &gradient)
        while iterations < maxIterations {
            let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm <= gradientTolerance { break }
            iterations += 1
            for k in hessian.indices { hessian[k] = 0 }
            differences.withUnsafeBufferPointer { x in
                for s in 0..<sampleSize {
                    let row = Int(Double(s) * stride) * d
                    var margin = 0.0
                    for j in 0..<d { margin += w[j] * x[row + j] }
                    let p = 1 / (1 + Foundation.exp(-margin))
                    let weight = p * (1 - p) / Double(sampleSize)
                    for a in 0..<d {
                        let scaled = weight * x[row + a]
                        for b in 0...a { hessian[a * d + b] += scaled * x[row + b] }
                    }
                }
            }
            let negative = gradient.map { -$0 }
            var shift = l2
            var solved = false
            while !solved {
                solved = try hessian.withUnsafeBufferPointer { h in
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
            var trialGradient = gradient
            while scale >= 1e-10 {
                for j in 0..<d { trial[j] = w[j] + scale * step[j] }
                let candidate = objective(trial, differences, labels, d, l2, gradient: &trialGradient)
                if candidate <= value + 1e-4 * scale * slope {
                    value = candidate
                    accepted = true
                    break
                }
                scale /= 2
            }
            guard accepted else { break }
            w = trial
            gradient = trialGradient
        }
        return RewardModel(weights: w, iterations: iterations)
    }

    /// The objective at `w`; writes its gradient.
    private static func objective(
        _ w: [Double], _ differences: [Double], _ labels: [UInt8], _ d: Int, _ l2: Double, gradient: inout [Double]
    ) -> Double {
        let n = labels.count
        var total = 0.0
        for j in 0..<d { gradient[j] = 0 }
        differences.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { weights in
                gradient.withUnsafeMutableBufferPointer { g in
                    for i in 0..<n {
                        let row = i * d
                        var margin = 0.0
                        for j in 0..<d { margin += weights[j] * x[row + j] }
                        let t = labels[i] == 1 ? 1.0 : -1.0
                        let z = t * margin
                        // log(1 + e^−z) and σ(−z), stable on both sides.
                        let loss: Double
                        let sigma: Double
                        if z >= 0 {
                            let e = Foundation.exp(-z)
                            loss = Foundation.log1p(e)
                            sigma = e / (1 + e)
                        } else {
                            let e = Foundation.exp(z)
                            loss = -z + Foundation.log1p(e)
                            sigma = 1 / (1 + e)
                        }
                        total += loss
                        let coefficient = -t * sigma
                        for j in 0..<d { g[j] += coefficient * x[row + j] }
                    }
                }
            }
        }
        var penalty = 0.0
        for j in 0..<d {
            gradient[j] = gradient[j] / Double(n) + l2 * w[j]
            penalty += w[j] * w[j]
        }
        return total / Double(n) + l2 / 2 * penalty
    }

    /// r̂(A) − r̂(B) for pair `index` of the pair-major `differences`.
    public func margin(_ differences: [Double], _ index: Int) -> Double {
        var sum = 0.0
        let d = weights.count
        for j in 0..<d { sum += weights[j] * differences[index * d + j] }
        return sum
    }
}
