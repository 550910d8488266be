import Foundation

/// "Nice" axis tick values (steps of 1, 2 or 5 times a power of ten) and their labels.
///
/// The ticks returned always cover the range asked for: the first is at or below the low end and
/// the last at or above the high end, so a chart can use them as its axis limits.
enum AxisTicks {
    /// The largest magnitude charts draw; larger values are clamped so spans stay finite.
    static let limit = 1e15

    /// Evenly spaced ticks with a 1-2-5 step covering `low...high`, about `count` intervals.
    ///
    /// Non-finite bounds give `0...1`; an empty range (low = high) is padded by 10% of its value, or
    /// by 1 around zero, so there are always at least two ticks.
    public static func linear(low: Double, high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite else { return linear(low: 0, high: 1, count: count) }
        var lower = min(max(min(low, high), -limit), limit)
        var upper = min(max(max(low, high), -limit), limit)
        if upper - lower <= max(abs(lower), abs(upper)) * 1e-12 {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        let step = niceStep(for: (upper - lower) / Double(min(max(count, 1), 20)))
        let first = Int((lower / step).rounded(.down))
        let last = max(Int((upper / step).rounded(.up)), first + 1)
        return (first...last).map { Double($0) * step }
    }

    /// Ticks for a base-10 logarithmic axis covering the positive part of `low...high`: every power
    /// of ten, with 2× and 5× in between when the range spans at most two decades.
    static func logarithmic(low: Double, high: Double) -> [Double] {
        guard low.isFinite, high.isFinite, max(low, high) > 0 else { return [1, 10] }
        let upper = min(max(low, high), limit)
        let lower = min(max(min(low, high), 1e-12), upper)
        let firstDecade = Int((log10(lower) + 1e-9).rounded(.down))
        var lastDecade = Int((log10(upper) - 1e-9).rounded(.up))
        if lastDecade <= firstDecade { lastDecade = firstDecade + 1 }
        let multipliers: [Double] = lastDecade - firstDecade <= 2 ? [1, 2, 5] : [1]
        var ticks: [Double] = []
        for decade in firstDecade...lastDecade {
            for multiplier in multipliers where decade < lastDecade || multiplier == 1 {
                ticks.append(multiplier * pow(10, Double(decade)))
            }
        }
        return ticks
    }

    /// Labels for evenly spaced `ticks`: as many decimals as the step needs, and a `k`, `M`, `G` or `T`
    /// suffix when the largest tick reaches 10 000 (`M` from a million, `G` from 10⁹, `T` from 10¹²).
    public static func labels(for ticks: [Double]) -> [String] {
        guard let largest = ticks.map(abs).max() else { return [] }
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : max(largest, 1)
        let (divisor, suffix) = scale(for: largest)
        let places = decimals(for: step / divisor)
        return ticks.map { tick in
            abs(tick) < step * 1e-9 ? "0" : FixedDecimal.format(tick / divisor, decimals: places) + suffix
        }
    }

    /// Labels for logarithmic `ticks`, each with the decimals its own value needs; when the largest
    /// tick reaches 10 000, thousands and up get a `k`, `M`, `G` or `T` suffix.
    static func logarithmicLabels(for ticks: [Double]) -> [String] {
        let useSuffix = (ticks.map(abs).max() ?? 0) >= 1e4
        return ticks.map { tick in
            let (divisor, suffix) = useSuffix ? scale(for: abs(tick), thousandsFrom: 1e3) : (1, "")
            return FixedDecimal.format(tick / divisor, decimals: decimals(for: abs(tick) / divisor)) + suffix
        }
    }

    /// The 1, 2, 5 or 10 times a power of ten at or above `rough`.
    static func niceStep(for rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let magnitude = pow(10, log10(rough).rounded(.down))
        let residual = rough / magnitude
        let nice: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return nice * magnitude
    }

    private static func scale(for magnitude: Double, thousandsFrom: Double = 1e4) -> (Double, String) {
        if magnitude >= 1e12 { return (1e12, "T") }
        if magnitude >= 1e9 { return (1e9, "G") }
        if magnitude >= 1e6 { return (1e6, "M") }
        if magnitude >= thousandsFrom { return (1e3, "k") }
        return (1, "")
    }

    private static func decimals(for step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return min(max(Int((-log10(step) - 1e-9).rounded(.up)), 0), 10)
    }
}
