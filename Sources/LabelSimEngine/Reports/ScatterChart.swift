/// A labelled scatter of cost against quality with optional error bars on both axes and the
/// Pareto frontier drawn as a dashed line through the points flagged as on it.
///
/// Each point gets its own colour and marker, a legend entry and a label placed beside it where it
/// does not cover another label. Points with a non-finite coordinate are left out.
struct ScatterChart: Sendable {
    /// One labelled point, such as one vendor's cost and quality.
    struct Point: Sendable, Equatable {
        /// The label beside the point and in the legend.
        var label: String
        /// The horizontal value, such as cost in dollars.
        var x: Double
        /// The vertical value, such as quality.
        var y: Double
        /// The low end of x's interval, if any.
        var xLow: Double?
        /// The high end of x's interval, if any.
        var xHigh: Double?
        /// The low end of y's interval, if any.
        var yLow: Double?
        /// The high end of y's interval, if any.
        var yHigh: Double?
        /// Whether the point is on the Pareto frontier.
        var isOnFrontier: Bool
        /// A series name (e.g. the vendor) shared by several points: grouped points share a colour,
        /// a marker and one legend entry. An empty `label` draws no text beside the point.
        var group: String?

        /// A point; intervals are optional and drawn as error bars.
        init(
            label: String, x: Double, y: Double, xLow: Double? = nil, xHigh: Double? = nil, yLow: Double? = nil,
            yHigh: Double? = nil, isOnFrontier: Bool = false, group: String? = nil
        ) {
            self.label = label
            self.x = x
            self.y = y
            self.xLow = xLow
            self.xHigh = xHigh
            self.yLow = yLow
            self.yHigh = yHigh
            self.isOnFrontier = isOnFrontier
            self.group = group
        }
    }

    /// The title above the chart.
    public var title: String
    /// The horizontal axis label, with its unit.
    var xLabel: String
    /// The vertical axis label, with its unit.
    var yLabel: String
    /// The points.
    public var points: [Point]
    /// The legend text of the frontier line.
    var frontierName: String
    /// The width in pixels (at least 240).
    public var width: Double
    /// The height in pixels (at least 180).
    var height: Double

    /// A scatter chart; `width` and `height` are in pixels.
    init(
        title: String, xLabel: String, yLabel: String, points: [Point], frontierName: String = "Pareto frontier",
        width: Double = 720, height: Double = 440
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.frontierName = frontierName
        self.width = width
        self.height = height
    }

    /// An interval's ends when both are finite, ordered.
    private static func interval(_ low: Double?, _ high: Double?) -> (Double, Double)? {
        guard let low, let high, low.isFinite, high.isFinite, low != high else { return nil }
        return (min(low, high), max(low, high))
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let size = (width: max(width.isFinite ? width : 720, 240), height: max(height.isFinite ? height : 440, 180))
        let shown = points.enumerated().filter { $0.element.x.isFinite && $0.element.y.isFinite }
        let xValues = shown.flatMap { entry in
            [entry.element.x] + (Self.interval(entry.element.xLow, entry.element.xHigh).map { [$0.0, $0.1] } ?? [])
        }
        let yValues = shown.flatMap { entry in
            [entry.element.y] + (Self.interval(entry.element.yLow, entry.element.yHigh).map { [$0.0, $0.1] } ?? [])
        }
        let xTicks = (ValueRange(xValues)?.padded(by: 0.05) ?? .unit).linearTicks(count: ChartFrame.xTickCount(width: size.width))
        let yTicks = (ValueRange(yValues)?.padded(by: 0.05) ?? .unit).linearTicks(count: ChartFrame.yTickCount(height: size.height))
        // Grouped points take their group's style; ungrouped points each have their own.
        var groups: [String] = []
        for point in points {
            if let group = point.group, !groups.contains(group) { groups.append(group) }
        }
        let style: (Int) -> Int = { index in
            guard let group = points[index].group, let position = groups.firstIndex(of: group) else { return groups.count + index }
            return position
        }
        var legend = groups.enumerated().map { position, group in
            ChartFrame.LegendEntry(name: group, color: ChartPalette.color(at: position), symbol: .marker(MarkerShape.at(position)))
        }
        legend += points.enumerated().filter { $0.element.group == nil }.map { index, point in
            ChartFrame.LegendEntry(
                name: point.x.isFinite && point.y.isFinite ? point.label : "\(point.label) (no data)",
                color: ChartPalette.color(at: style(index)), symbol: .marker(MarkerShape.at(style(index))))
        }
        let frontier = shown.map(\.element).filter(\.isOnFrontier).sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        if !frontier.isEmpty { legend.append(ChartFrame.LegendEntry(name: frontierName, color: "#000000", symbol: .dashedLine)) }
        let frame = ChartFrame(
            width: size.width, height: size.height, title: title, xLabel: xLabel, yLabel: yLabel, legend: legend,
            xAxis: .numeric(ticks: xTicks, labels: AxisTicks.labels(for: xTicks), logarithmic: false), yTicks: yTicks,
            yTickLabels: AxisTicks.labels(for: yTicks))
        var canvas = SVGCanvas(width: size.width, height: size.height)
        frame.draw(into: &canvas)
        if shown.isEmpty { frame.drawNoData(into: &canvas) }
        let x = frame.xScale
        let y = frame.yScale

        canvas.polyline(
            frontier.map { (x.position($0.x), y.position($0.y)) }, stroke: "#000000", width: 1.5, dash: "6 4", opacity: 0.75)
        for (index, point) in shown {
            let color = ChartPalette.color(at: style(index))
            let px = x.position(point.x)
            let py = y.position(point.y)
            if let (low, high) = Self.interval(point.xLow, point.xHigh) {
                canvas.line(x.position(low), py, x.position(high), py, stroke: color, width: 1.3)
                canvas.line(x.position(low), py - 4, x.position(low), py + 4, stroke: color, width: 1.3)
                canvas.line(x.position(high), py - 4, x.position(high), py + 4, stroke: color, width: 1.3)
            }
            if let (low, high) = Self.interval(point.yLow, point.yHigh) {
                canvas.line(px, y.position(low), px, y.position(high), stroke: color, width: 1.3)
                canvas.line(px - 4, y.position(low), px + 4, y.position(low), stroke: color, width: 1.3)
                canvas.line(px - 4, y.position(high), px + 4, y.position(high), stroke: color, width: 1.3)
            }
        }
        // Labels keep clear of markers, error bars and the frontier line as well as of each other.
        var placed: [LabelBox] = []
        for (_, point) in shown {
            let px = x.position(point.x)
            let py = y.position(point.y)
            let reach = point.isOnFrontier ? 9.0 : 6.0
            placed.append(LabelBox(left: px - reach, top: py - reach, right: px + reach, bottom: py + reach))
            if let (low, high) = Self.interval(point.xLow, point.xHigh) {
                placed.append(LabelBox(left: x.position(low), top: py - 4, right: x.position(high), bottom: py + 4))
            }
            if let (low, high) = Self.interval(point.yLow, point.yHigh) {
                placed.append(LabelBox(left: px - 4, top: y.position(high), right: px + 4, bottom: y.position(low)))
            }
        }
        for (start, end) in zip(frontier, frontier.dropFirst()) {
            let from = (x.position(start.x), y.position(start.y))
            let to = (x.position(end.x), y.position(end.y))
            let steps = max(Int(((to.0 - from.0) * (to.0 - from.0) + (to.1 - from.1) * (to.1 - from.1)).squareRoot() / 6), 1)
            for step in 0...steps {
                let t = Double(step) / Double(steps)
                let (px, py) = (from.0 + t * (to.0 - from.0), from.1 + t * (to.1 - from.1))
                placed.append(LabelBox(left: px - 2, top: py - 2, right: px + 2, bottom: py + 2))
            }
        }
        for (index, point) in shown {
            let px = x.position(point.x)
            let py = y.position(point.y)
            if point.isOnFrontier { canvas.circle(x: px, y: py, radius: 8, fill: "none", stroke: "#000000", strokeWidth: 1.2) }
            canvas.marker(MarkerShape.at(style(index)), x: px, y: py, size: 5, fill: ChartPalette.color(at: style(index)))
        }
        for (_, point) in shown where !point.label.isEmpty {
            let label = SVGCanvas.truncated(point.label, to: 28)
            let box = LabelBox.best(
                for: label, at: (x.position(point.x), y.position(point.y)), size: 11, avoiding: placed,
                within: LabelBox(left: 0, top: frame.plotTop - 4, right: size.width, bottom: frame.plotBottom + 4))
            placed.append(box)
            canvas.text(label, x: box.left, y: box.bottom - 3, size: 11, fill: "#333333")
        }
        return canvas.document(title: title)
    }
}
