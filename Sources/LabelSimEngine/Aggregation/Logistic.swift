import Foundation

/// The logistic function σ(x) = 1/(1 + e^−x) and log σ(x): the one copy that GLAD, the
/// Bradley–Terry models, the reward model and the preference raters call (the reward model's
/// objective keeps its fused form, which shares one exponential between the loss and σ).
public enum Logistic {
    /// σ(x) = 1/(1 + e^−x). Never NaN: e^−x overflowing to infinity gives 0.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Double) -> Double {
        1 / (1 + exp(-x))
    }

    /// log σ(x) without overflow.
    @inlinable @inline(__always)
    static func logSigmoid(_ x: Double) -> Double {
        x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x))
    }
}
