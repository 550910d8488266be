import Foundation

/// Maps data values on one axis to pixels, linearly or by base-10 logarithm.
struct AxisScale {
    /// The data value at the start pixel (not its logarithm).
    let low: Double
    /// The data value at the end pixel.
    let high: Double
    /// The pixel of `low`.
    let start: Double
    /// The pixel of `high`.
    let end: Double
    /// Whether positions follow `log10` of the value.
    let isLogarithmic: Bool

    /// The pixel of `value`, kept within a few pixels of the axis so nothing escapes the frame.
    func position(_ value: Double) -> Double {
        let transform: (Double) -> Double = { isLogarithmic ? log10(max($0, 1e-300)) : $0 }
        let span = transform(high) - transform(low)
        guard span.isFinite, span > 0, value.isFinite else { return (start + end) / 2 }
        let fraction = min(max((transform(value) - transform(low)) / span, -0.02), 1.02)
        return start + fraction * (end - start)
    }
}
