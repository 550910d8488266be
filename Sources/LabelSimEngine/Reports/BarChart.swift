/// A bar chart with one slot per category (such as a vendor) and error bars from each value's
/// confidence interval; several series (such as metrics) make grouped bars.
///
/// Bars start at zero, so the value axis always includes zero; with `dots`, each value is a dot
/// with its error bar on an axis fitted to the values, so that differences near 0.76 show. A
/// value whose mean is not finite draws no bar but a small "n/a".
struct BarChart: Sendable {
    /// One bar's value: a mean and its confidence interval.
    struct Value: Sendable, Equatable {
        /// The mean.
        public var mean: Double
        /// The low end of the confidence interval.
        public var low: Double
        /// The high end of the confidence interval.
        public var high: Double

        /// A value with a confidence interval `low...high`.
        init(mean: Double, low: Double, high: Double) {
            self.mean = mean
            self.low = low
            self.high = high
        }

        /// A value without an interval.
        init(mean: Double) {
            self.init(mean: mean, low: mean, high: mean)
        }
    }

    /// One colour of bars, such as one metric, with a value per category.
    struct Series: Sendable, Equatable {
        /// The name shown in the legend.
        public var name: String
        /// The values, in the order of the chart's categories; missing values draw no bar.
        public var values: [Value]

        /// A series named `name`.
        init(name: String, values: [Value]) {
            self.name = name
            self.values = values
        }
    }

    /// The title above the chart.
    public var title: String
    /// The category axis label.
    var xLabel: String
    /// The value axis label, with its unit.
    var yLabel: String
    /// The category names along the horizontal axis.
    var categories: [String]
    /// The series; one series gives plain bars, several give groups.
    var series: [Series]
    /// The width in pixels (at least 240).
    public var width: Double
    /// The height in pixels (at least 180).
    var height: Double
    /// Dots on a fitted axis instead of bars from zero.
    var dots: Bool

    /// A bar chart; `width` and `height` are in pixels.
    init(
        title: String, xLabel: String, yLabel: String, categories: [String], series: [Series], width: Double = 720,
        height: Double = 440, dots: Bool = false
    ) {
        self.dots = dots
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.width = width
        self.height = height
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let size = (width: max(width.isFinite ? width : 720, 240), height: max(height.isFinite ? height : 440, 180))
        let values = series.map { line in
            categories.indices.map { index -> Value? in
                guard index < line.values.count, line.values[index].mean.isFinite else { return nil }
                let value = line.values[index]
                let low = value.low.isFinite ? value.low : value.mean
                let high = value.high.isFinite ? value.high : value.mean
                return Value(mean: value.mean, low: min(low, high), high: max(low, high))
            }
        }
        let drawn = values.flatMap { $0.compactMap { $0 } }
        let range = ValueRange((dots ? [] : [0]) + drawn.flatMap { [$0.low, $0.mean, $0.high] }) ?? .unit
        let yTicks = range.padded(by: dots ? 0.15 : 0.03).linearTicks(count: ChartFrame.yTickCount(height: size.height))
            .filter { tick in dots || tick >= 0 || range.low < 0 }
        let legend = series.enumerated().map { index, line in
            ChartFrame.LegendEntry(name: line.name, color: ChartPalette.color(at: index), symbol: .box)
        }
        let frame = ChartFrame(
            width: size.width, height: size.height, title: title, xLabel: xLabel, yLabel: yLabel, legend: legend,
            xAxis: .categories(categories), yTicks: yTicks, yTickLabels: AxisTicks.labels(for: yTicks))
        var canvas = SVGCanvas(width: size.width, height: size.height)
        frame.draw(into: &canvas)
        if drawn.isEmpty { frame.drawNoData(into: &canvas) }

        let y = frame.yScale
        let slot = frame.categoryWidth(count: categories.count)
        let barWidth = slot * 0.8 / Double(max(series.count, 1))
        let cap = min(barWidth * 0.3, 8)
        for (seriesIndex, line) in values.enumerated() {
            let color = ChartPalette.color(at: seriesIndex)
            for (category, value) in line.enumerated() {
                let left = frame.categoryCenter(category, of: categories.count) - slot * 0.4 + Double(seriesIndex) * barWidth
                let middle = left + barWidth / 2
                guard let value else {
                    let base = dots ? (yTicks.first ?? 0) : 0
                    canvas.text("n/a", x: middle, y: y.position(base) - 4, size: 10, anchor: "middle", fill: "#777777")
                    continue
                }
                if !dots {
                    let top = y.position(max(value.mean, 0))
                    let bottom = y.position(min(value.mean, 0))
                    canvas.rect(x: left + 1, y: top, width: barWidth - 2, height: bottom - top, fill: color)
                }
                if value.low < value.high {
                    let low = y.position(value.low)
                    let high = y.position(value.high)
                    canvas.line(middle, low, middle, high, stroke: "#222222", width: 1.3)
                    canvas.line(middle - cap, low, middle + cap, low, stroke: "#222222", width: 1.3)
                    canvas.line(middle - cap, high, middle + cap, high, stroke: "#222222", width: 1.3)
                }
                if dots { canvas.circle(x: middle, y: y.position(value.mean), radius: 5, fill: color, stroke: "#222222") }
            }
        }
        return canvas.document(title: title)
    }
}
