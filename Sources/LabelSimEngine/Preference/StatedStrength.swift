import Foundation
import LabelSimGSL

/// How strongly a rater says they prefer the response they chose: Llama 2's four answers,
/// 0 significantly better, 1 better, 2 slightly better, 3 negligibly better (or unsure).
///
/// A rater perceives the log-odds q = β·s_d·(z + γ·Δstyle) − ℓ, ℓ the logistic noise of their
/// choice (they prefer A exactly when q > 0, so P(A) = σ(β·s_d·(z + γ·Δstyle)) as before: the
/// choice and the strength come from one draw), and states the level of |q| against thresholds
/// at the quartiles of |q| over ordinary pairs for their type and domain: every rater uses the four
/// answers equally often, and a rater whose perception is sharp (large β) states the pair's true
/// strength quartile, while a noisy one's stated strength says little. A spammer's q is ℓ alone.
/// A tie ("about the same") is stated as negligibly better.
enum StatedStrength {
    /// Number of levels.
    static let levels = 4

    /// The |q| thresholds, strongest level first, for q = X − ℓ with X ~ N(0, `perceivedSd`²) and ℓ
    /// standard logistic: P(|q| ≥ t_k) = (k + 1)/4. By quadrature and bisection.
    static func thresholds(perceivedSd: Double) throws -> [Double] {
        let sd = perceivedSd.isFinite ? abs(perceivedSd) : 0
        // P(|q| > t) = E[σ(X − t) + σ(−X − t)] = 2·E[σ(X − t)] (X is symmetric).
        func exceeds(_ t: Double) throws -> Double {
            guard sd > 0 else { return 2 / (1 + exp(t)) }
            return try Quadrature.integrateOverRealLine(absoluteTolerance: 1e-10, relativeTolerance: 1e-9) { u in
                2 * Distributions.normalPDF(u) / (1 + exp(t - sd * u))
            }
        }
        return try [0.25, 0.5, 0.75].map { share in
            var low = 0.0
            var high = 40 + 10 * sd
            for _ in 0..<48 {
                let middle = (low + high) / 2
                if try exceeds(middle) > share { low = middle } else { high = middle }
            }
            return (low + high) / 2
        }
    }

    /// The level of perceived log-odds `q` against `thresholds` (strongest first), starting at `offset`.
    @inline(__always)
    static func level(_ q: Double, thresholds: [Double], offset: Int) -> UInt8 {
        let size = abs(q)
        if size >= thresholds[offset] { return 0 }
        if size >= thresholds[offset + 1] { return 1 }
        return size >= thresholds[offset + 2] ? 2 : 3
    }
}
