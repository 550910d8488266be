import Foundation

/// The parts every chart shares: title, legend, axes, ticks, grid and margins.
///
/// Margins come from estimated text sizes (tick labels, legend rows, rotated category names), so
/// labels stay inside the drawing; the plot area is what is left.
struct ChartFrame {
    /// What runs along the horizontal axis.
    enum XAxis {
        /// Numbers, with the tick values, their labels and whether the axis is logarithmic.
        case numeric(ticks: [Double], labels: [String], logarithmic: Bool)
        /// One slot per category name.
        case categories([String])
    }

    /// How a legend entry is drawn before its name.
    enum Symbol {
        /// A line with a marker, over a translucent band when `band` is set.
        case line(MarkerShape, band: Bool)
        /// A filled square, for bars.
        case box
        /// A marker alone, for points.
        case marker(MarkerShape)
        /// A dashed dark line, for the Pareto frontier.
        case dashedLine
    }

    /// One named item of the legend.
    struct LegendEntry {
        /// The text.
        let name: String
        /// The colour.
        let color: String
        /// The symbol.
        let symbol: Symbol
    }

    static let padding = 14.0
    static let fontSize = 12.0
    static let axisLabelSize = 13.0
    static let legendRowHeight = 18.0

    let width: Double
    let height: Double
    let title: String
    let xLabel: String
    let yLabel: String
    let legend: [LegendEntry]
    let xAxis: XAxis
    let yTicks: [Double]
    let yTickLabels: [String]
    let titleSize: Double
    let legendRows: [[(entry: LegendEntry, x: Double)]]
    let legendTop: Double
    let plotLeft: Double
    let plotTop: Double
    let plotRight: Double
    let plotBottom: Double
    let categoryRotation: Double

    /// The vertical axis.
    var yScale: AxisScale {
        AxisScale(low: yTicks.first ?? 0, high: yTicks.last ?? 1, start: plotBottom, end: plotTop, isLogarithmic: false)
    }

    /// The horizontal axis when it is numeric.
    var xScale: AxisScale {
        if case .numeric(let ticks, _, let logarithmic) = xAxis {
            return AxisScale(
                low: ticks.first ?? 0, high: ticks.last ?? 1, start: plotLeft, end: plotRight, isLogarithmic: logarithmic)
        }
        return AxisScale(low: 0, high: 1, start: plotLeft, end: plotRight, isLogarithmic: false)
    }

    /// How many y intervals suit a chart `height` pixels tall.
    static func yTickCount(height: Double) -> Int { min(max(Int((height - 150) / 55), 3), 8) }

    /// How many x intervals suit a chart `width` pixels wide.
    static func xTickCount(width: Double) -> Int { min(max(Int((width - 160) / 90), 3), 10) }

    /// Lays out a chart of `width` × `height` pixels.
    init(
        width: Double, height: Double, title: String, xLabel: String, yLabel: String, legend: [LegendEntry], xAxis: XAxis,
        yTicks: [Double], yTickLabels: [String]
    ) {
        let pad = Self.padding
        self.width = width
        self.height = height
        self.xLabel = SVGCanvas.truncated(xLabel, to: max(Int((width - 2 * pad) / (Self.axisLabelSize * 0.6)), 4))
        self.yLabel = SVGCanvas.truncated(yLabel, to: max(Int((height - 120) / (Self.axisLabelSize * 0.6)), 4))
        self.xAxis = xAxis
        self.yTicks = yTicks
        self.yTickLabels = yTickLabels

        let titleChars = Double(max(title.count, 1))
        titleSize = min(17, max(11, (width - 2 * pad) / (0.6 * titleChars)))
        self.title = SVGCanvas.truncated(title, to: max(Int((width - 2 * pad) / (0.6 * titleSize)), 4))
        var top = pad + titleSize + 10

        let named = legend.map { LegendEntry(name: SVGCanvas.truncated($0.name, to: 40), color: $0.color, symbol: $0.symbol) }
        self.legend = named
        var rows: [[(entry: LegendEntry, x: Double)]] = []
        var current: [(entry: LegendEntry, x: Double)] = []
        var cursor = 0.0
        for entry in named {
            let itemWidth = Self.legendItemWidth(entry)
            if !current.isEmpty, cursor + itemWidth > width - 2 * pad {
                rows.append(current)
                current = []
                cursor = 0
            }
            current.append((entry, cursor))
            cursor += itemWidth
        }
        if !current.isEmpty { rows.append(current) }
        legendRows = rows.map { row in
            let rowWidth = (row.last.map { $0.x + Self.legendItemWidth($0.entry) - 16 }) ?? 0
            let offset = max((width - rowWidth) / 2, pad)
            return row.map { ($0.entry, $0.x + offset) }
        }
        legendTop = top
        top += Double(rows.count) * Self.legendRowHeight + (rows.isEmpty ? 0 : 8)
        plotTop = top + 6

        let yLabelWidth = yTickLabels.map { SVGCanvas.textWidth($0, size: Self.fontSize) }.max() ?? 0
        var left = pad + Self.axisLabelSize + 12 + yLabelWidth + 8
        let bottomText = pad + Self.axisLabelSize + 12
        switch xAxis {
        case .numeric(_, let labels, _):
            let lastWidth = labels.last.map { SVGCanvas.textWidth($0, size: Self.fontSize) } ?? 0
            plotLeft = left
            plotRight = width - pad - max(10, lastWidth / 2)
            plotBottom = height - bottomText - 8 - Self.fontSize
            categoryRotation = 0
        case .categories(let names):
            plotRight = width - pad - 10
            let slots = Double(max(names.count, 1))
            let widest = names.map { SVGCanvas.textWidth(SVGCanvas.truncated($0, to: 24), size: Self.fontSize) }.max() ?? 0
            if widest > (plotRight - left) / slots * 0.92 {
                categoryRotation = -35
                let radians = 35.0 * Double.pi / 180
                // The first rotated label reaches left of its slot's centre; widen the margin to fit it.
                let reach = widest * cos(radians) - 4
                if left + (plotRight - left) / slots / 2 - reach < pad {
                    left = min((pad + reach - plotRight / (2 * slots)) / (1 - 1 / (2 * slots)), plotRight - 60)
                }
                plotLeft = left
                let labelHeight = widest * sin(radians) + Self.fontSize * cos(radians)
                plotBottom = max(height - bottomText - 10 - labelHeight, plotTop + 60)
            } else {
                plotLeft = left
                categoryRotation = 0
                plotBottom = height - bottomText - 8 - Self.fontSize
            }
        }
    }

    private static func legendItemWidth(_ entry: LegendEntry) -> Double {
        30 + SVGCanvas.textWidth(entry.name, size: fontSize) + 16
    }

    /// The centre of category `index`'s slot.
    func categoryCenter(_ index: Int, of count: Int) -> Double {
        plotLeft + (Double(index) + 0.5) * categoryWidth(count: count)
    }

    /// The width of one category's slot.
    func categoryWidth(count: Int) -> Double {
        (plotRight - plotLeft) / Double(max(count, 1))
    }

    /// Draws the title, legend, grid, axes, ticks and axis labels.
    func draw(into canvas: inout SVGCanvas) {
        let pad = Self.padding
        canvas.text(title, x: width / 2, y: pad + titleSize, size: titleSize, anchor: "middle", weight: "bold")
        for (row, items) in legendRows.enumerated() {
            let baseline = legendTop + 12 + Double(row) * Self.legendRowHeight
            for item in items { drawLegendItem(item.entry, x: item.x, baseline: baseline, into: &canvas) }
        }

        let y = yScale
        for (tick, label) in zip(yTicks, yTickLabels) {
            let position = y.position(tick)
            canvas.line(plotLeft, position, plotRight, position, stroke: "#E3E3E3")
            canvas.line(plotLeft - 5, position, plotLeft, position, stroke: "#555555")
            canvas.text(label, x: plotLeft - 8, y: position + 4, size: Self.fontSize, anchor: "end")
        }
        if let low = yTicks.first, let high = yTicks.last, low < 0, high > 0 {
            canvas.line(plotLeft, y.position(0), plotRight, y.position(0), stroke: "#888888")
        }

        switch xAxis {
        case .numeric(let ticks, let labels, _):
            let x = xScale
            let positions = ticks.map(x.position)
            let shown = Self.labelStride(positions: positions, labels: labels)
            for (index, position) in positions.enumerated() {
                canvas.line(position, plotTop, position, plotBottom, stroke: "#EFEFEF")
                canvas.line(position, plotBottom, position, plotBottom + 5, stroke: "#555555")
                if index % shown == 0, index < labels.count {
                    canvas.text(labels[index], x: position, y: plotBottom + 8 + Self.fontSize, size: Self.fontSize, anchor: "middle")
                }
            }
        case .categories(let names):
            for (index, name) in names.enumerated() {
                let center = categoryCenter(index, of: names.count)
                canvas.line(center, plotBottom, center, plotBottom + 5, stroke: "#555555")
                let label = SVGCanvas.truncated(name, to: 24)
                if categoryRotation == 0 {
                    canvas.text(label, x: center, y: plotBottom + 8 + Self.fontSize, size: Self.fontSize, anchor: "middle")
                } else {
                    canvas.text(
                        label, x: center + 4, y: plotBottom + 14, size: Self.fontSize, anchor: "end", rotation: categoryRotation)
                }
            }
        }

        canvas.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: "#555555")
        canvas.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#555555")
        canvas.text(xLabel, x: (plotLeft + plotRight) / 2, y: height - pad, size: Self.axisLabelSize, anchor: "middle")
        let yLabelX = pad + Self.axisLabelSize
        canvas.text(
            yLabel, x: yLabelX, y: (plotTop + plotBottom) / 2, size: Self.axisLabelSize, anchor: "middle", rotation: -90)
    }

    /// Writes "No data" in the middle of the plot area.
    func drawNoData(into canvas: inout SVGCanvas) {
        canvas.text(
            "No data", x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2, size: 14, anchor: "middle", fill: "#777777")
    }

    /// Label every `n`th tick, the smallest `n` for which neighbouring labels do not touch.
    private static func labelStride(positions: [Double], labels: [String]) -> Int {
        let count = min(positions.count, labels.count)
        guard count > 1 else { return 1 }
        for stride in 1..<count {
            var fits = true
            var index = 0
            while index + stride < count {
                let gap = abs(positions[index + stride] - positions[index])
                let needed =
                    (SVGCanvas.textWidth(labels[index], size: fontSize) + SVGCanvas.textWidth(labels[index + stride], size: fontSize))
                    / 2 + 8
                if gap < needed { fits = false }
                index += stride
            }
            if fits { return stride }
        }
        return count
    }

    private func drawLegendItem(_ entry: LegendEntry, x: Double, baseline: Double, into canvas: inout SVGCanvas) {
        let middle = baseline - 4
        switch entry.symbol {
        case .line(let shape, let band):
            if band { canvas.rect(x: x, y: middle - 6, width: 24, height: 12, fill: entry.color, opacity: 0.2) }
            canvas.line(x, middle, x + 24, middle, stroke: entry.color, width: 2)
            canvas.marker(shape, x: x + 12, y: middle, size: 3.5, fill: entry.color)
        case .box:
            canvas.rect(x: x + 6, y: middle - 6, width: 12, height: 12, fill: entry.color)
        case .marker(let shape):
            canvas.marker(shape, x: x + 12, y: middle, size: 4.5, fill: entry.color)
        case .dashedLine:
            canvas.line(x, middle, x + 24, middle, stroke: entry.color, width: 1.5, dash: "6 4")
        }
        canvas.text(entry.name, x: x + 30, y: baseline, size: Self.fontSize)
    }
}
