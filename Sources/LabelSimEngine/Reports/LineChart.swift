/// A line chart of several series against a numeric x (a swept parameter), each point with a
/// confidence band.
///
/// Each series is a line with markers over a translucent band from its points' `low` to `high`.
/// Points whose x or mean is not finite (or whose x is not positive on a logarithmic axis) break
/// the line; a lone point gets an error bar instead of a band.
struct LineChart: Sendable {
    /// One point of a series: the mean at `x` and its interval.
    struct Point: Sendable, Equatable {
        /// The swept parameter's value.
        var x: Double
        /// The mean of the measure.
        var mean: Double
        /// The low end of the confidence interval.
        var low: Double
        /// The high end of the confidence interval.
        var high: Double

        /// A point with a confidence interval `low...high`.
        init(x: Double, mean: Double, low: Double, high: Double) {
            self.x = x
            self.mean = mean
            self.low = low
            self.high = high
        }

        /// A point without an interval.
        init(x: Double, mean: Double) {
            self.init(x: x, mean: mean, low: mean, high: mean)
        }
    }

    /// One named line, such as one vendor.
    struct Series: Sendable, Equatable {
        /// The name shown in the legend.
        public var name: String
        /// The points, in any order; they are drawn sorted by x.
        public var points: [Point]

        /// A series named `name`.
        init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// The title above the chart.
    public var title: String
    /// The horizontal axis label, with its unit.
    var xLabel: String
    /// The vertical axis label, with its unit.
    var yLabel: String
    /// The lines.
    var series: [Series]
    /// Whether x is drawn on a base-10 logarithmic scale.
    var logarithmicX: Bool
    /// The width in pixels (at least 240).
    public var width: Double
    /// The height in pixels (at least 180).
    var height: Double

    /// A line chart; `width` and `height` are in pixels.
    init(
        title: String, xLabel: String, yLabel: String, series: [Series], logarithmicX: Bool = false, width: Double = 720,
        height: Double = 440
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logarithmicX = logarithmicX
        self.width = width
        self.height = height
    }

    private func isDrawable(_ point: Point) -> Bool {
        point.x.isFinite && point.mean.isFinite && (!logarithmicX || point.x > 0)
    }

    /// Runs of consecutive drawable points, sorted by x: the pieces of one line.
    private func segments(of series: Series) -> [[Point]] {
        let sorted = series.points.filter { $0.x.isFinite }.sorted { $0.x < $1.x }
        var runs: [[Point]] = []
        var current: [Point] = []
        for point in sorted {
            if isDrawable(point) {
                let low = point.low.isFinite ? point.low : point.mean
                let high = point.high.isFinite ? point.high : point.mean
                current.append(Point(x: point.x, mean: point.mean, low: min(low, high), high: max(low, high)))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let size = (width: max(width.isFinite ? width : 720, 240), height: max(height.isFinite ? height : 440, 180))
        let pieces = series.map(segments)
        let points = pieces.flatMap { $0.flatMap { $0 } }
        let yRange = ValueRange(points.flatMap { [$0.low, $0.mean, $0.high] })?.padded(by: 0.04) ?? .unit
        let yTicks = yRange.linearTicks(count: ChartFrame.yTickCount(height: size.height))
        let xValues = points.map(\.x)
        let xAxis: ChartFrame.XAxis
        if logarithmicX {
            let ticks = AxisTicks.logarithmic(low: xValues.min() ?? 1, high: xValues.max() ?? 10)
            xAxis = .numeric(ticks: ticks, labels: AxisTicks.logarithmicLabels(for: ticks), logarithmic: true)
        } else {
            let range = ValueRange(xValues) ?? .unit
            let ticks = range.linearTicks(count: ChartFrame.xTickCount(width: size.width))
            xAxis = .numeric(ticks: ticks, labels: AxisTicks.labels(for: ticks), logarithmic: false)
        }
        let legend = series.enumerated().map { index, line in
            ChartFrame.LegendEntry(
                name: pieces[index].isEmpty ? "\(line.name) (no data)" : line.name, color: ChartPalette.color(at: index),
                symbol: .line(MarkerShape.at(index), band: pieces[index].contains { $0.contains { $0.low < $0.high } }))
        }
        let frame = ChartFrame(
            width: size.width, height: size.height, title: title, xLabel: xLabel, yLabel: yLabel, legend: legend, xAxis: xAxis,
            yTicks: yTicks, yTickLabels: AxisTicks.labels(for: yTicks))
        var canvas = SVGCanvas(width: size.width, height: size.height)
        frame.draw(into: &canvas)
        if points.isEmpty { frame.drawNoData(into: &canvas) }
        let x = frame.xScale
        let y = frame.yScale

        for (index, runs) in pieces.enumerated() {
            let color = ChartPalette.color(at: index)
            for run in runs where run.count > 1 && run.contains(where: { $0.low < $0.high }) {
                let upper = run.map { (x.position($0.x), y.position($0.high)) }
                let lower = run.reversed().map { (x.position($0.x), y.position($0.low)) }
                canvas.polygon(upper + lower, fill: color, opacity: 0.18)
            }
        }
        for (index, runs) in pieces.enumerated() {
            let color = ChartPalette.color(at: index)
            for run in runs {
                canvas.polyline(run.map { (x.position($0.x), y.position($0.mean)) }, stroke: color, width: 2)
                if run.count == 1, let point = run.first, point.low < point.high {
                    let px = x.position(point.x)
                    canvas.line(px, y.position(point.low), px, y.position(point.high), stroke: color, width: 1.5)
                    canvas.line(px - 4, y.position(point.low), px + 4, y.position(point.low), stroke: color, width: 1.5)
                    canvas.line(px - 4, y.position(point.high), px + 4, y.position(point.high), stroke: color, width: 1.5)
                }
            }
        }
        for (index, runs) in pieces.enumerated() {
            for point in runs.flatMap({ $0 }) {
                canvas.marker(
                    MarkerShape.at(index), x: x.position(point.x), y: y.position(point.mean), size: 3.5,
                    fill: ChartPalette.color(at: index))
            }
        }
        return canvas.document(title: title)
    }
}
