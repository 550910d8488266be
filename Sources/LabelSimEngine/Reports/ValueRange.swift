/// The span of the finite values a chart draws on one axis.
struct ValueRange {
    /// The smallest value.
    var low: Double
    /// The largest value.
    var high: Double

    /// The range `low...high`.
    init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// The range `0...1`, for axes with nothing to show.
    static let unit = ValueRange(low: 0, high: 1)

    /// The span of the finite values among `values` (clamped to ±``AxisTicks/limit``); nil when
    /// there are none.
    init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite).map { min(max($0, -AxisTicks.limit), AxisTicks.limit) }
        guard let low = finite.min(), let high = finite.max() else { return nil }
        self.low = low
        self.high = high
    }

    /// The range widened by `fraction` of its span on each side, so markers clear the frame.
    func padded(by fraction: Double) -> ValueRange {
        var copy = self
        let pad = (high - low) * fraction
        copy.low -= pad
        copy.high += pad
        return copy
    }

    /// Linear ticks covering the range.
    func linearTicks(count: Int) -> [Double] { AxisTicks.linear(low: low, high: high, count: count) }
}
