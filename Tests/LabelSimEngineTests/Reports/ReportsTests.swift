import Foundation
import Testing

@testable import LabelSimEngine

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Charts are valid, deterministic SVG that survives bad input; reports escape what they are given.
@Suite("Reports: charts and documents")
struct ReportsTests {
    // MARK: - Fixtures

    static let vendors = ["Scale & Co", "Surge <beta>", "Mercor", "MTurk crowd"]

    static func lineChart(logarithmicX: Bool = false) -> LineChart {
        let series = vendors.enumerated().map { index, name in
            LineChart.Series(
                name: name,
                points: [1, 3, 5, 7, 9].map { k in
                    let mean = 0.95 - 0.3 / Double(k) - 0.03 * Double(index)
                    return LineChart.Point(x: Double(k), mean: mean, low: mean - 0.02, high: mean + 0.02)
                })
        }
        return LineChart(
            title: "Accuracy against redundancy", xLabel: "Redundancy (labels per item)", yLabel: "Accuracy (fraction)",
            series: series, logarithmicX: logarithmicX)
    }

    static func barChart() -> BarChart {
        BarChart(
            title: "Quality by vendor", xLabel: "Vendor", yLabel: "Score (fraction)", categories: vendors,
            series: [
                BarChart.Series(
                    name: "Accuracy", values: [0.91, 0.88, 0.85, 0.72].map { BarChart.Value(mean: $0, low: $0 - 0.02, high: $0 + 0.02) }),
                BarChart.Series(
                    name: "Macro F1", values: [0.89, 0.86, 0.80, 0.65].map { BarChart.Value(mean: $0, low: $0 - 0.03, high: $0 + 0.03) }),
            ])
    }

    static func scatterChart() -> ScatterChart {
        ScatterChart(
            title: "Cost against quality", xLabel: "Cost (US dollars)", yLabel: "Accuracy (fraction)",
            points: [
                ScatterChart.Point(
                    label: vendors[0], x: 42_000, y: 0.91, xLow: 40_000, xHigh: 44_000, yLow: 0.9, yHigh: 0.92, isOnFrontier: true),
                ScatterChart.Point(label: vendors[1], x: 30_000, y: 0.88, yLow: 0.86, yHigh: 0.9, isOnFrontier: true),
                ScatterChart.Point(label: vendors[2], x: 35_000, y: 0.85, yLow: 0.83, yHigh: 0.87),
                ScatterChart.Point(
                    label: vendors[3], x: 8_000, y: 0.72, xLow: 7_000, xHigh: 9_500, yLow: 0.69, yHigh: 0.75, isOnFrontier: true),
            ])
    }

    /// Every chart variant the tests check for validity, by name.
    static func allCharts() -> [(String, String)] {
        let nan = Double.nan
        return [
            ("line", lineChart().svg()),
            ("line log-x", lineChart(logarithmicX: true).svg()),
            ("line empty", LineChart(title: "Empty", xLabel: "x", yLabel: "y", series: []).svg()),
            ("line empty series", LineChart(title: "T", xLabel: "x", yLabel: "y", series: [.init(name: "A", points: [])]).svg()),
            (
                "line NaN",
                LineChart(
                    title: "T", xLabel: "x", yLabel: "y",
                    series: [
                        .init(
                            name: "A",
                            points: [
                                .init(x: nan, mean: 1), .init(x: 1, mean: nan), .init(x: 2, mean: 0.5, low: nan, high: .infinity),
                                .init(x: 3, mean: 0.6, low: 0.7, high: 0.5),
                            ])
                    ]
                ).svg()
            ),
            (
                "line one point",
                LineChart(
                    title: "T", xLabel: "x", yLabel: "y", series: [.init(name: "A", points: [.init(x: 5, mean: 0.5, low: 0.4, high: 0.6)])]
                ).svg()
            ),
            (
                "line flat",
                LineChart(
                    title: "T", xLabel: "x", yLabel: "y", series: [.init(name: "A", points: [.init(x: 0, mean: 0), .init(x: 0, mean: 0)])]
                ).svg()
            ),
            (
                "line log non-positive",
                LineChart(
                    title: "T", xLabel: "x", yLabel: "y",
                    series: [.init(name: "A", points: [.init(x: 0, mean: 1), .init(x: -3, mean: 2)])], logarithmicX: true
                )
                .svg()
            ),
            ("line tiny size", LineChart(title: "T", xLabel: "x", yLabel: "y", series: [], width: nan, height: -5).svg()),
            ("bar", barChart().svg()),
            ("bar empty", BarChart(title: "T", xLabel: "x", yLabel: "y", categories: [], series: []).svg()),
            (
                "bar NaN and missing",
                BarChart(
                    title: "T", xLabel: "x", yLabel: "y", categories: ["a", "b", "c"],
                    series: [.init(name: "m", values: [.init(mean: nan), .init(mean: -2, low: nan, high: 1)])]
                ).svg()
            ),
            (
                "bar all zero",
                BarChart(title: "T", xLabel: "x", yLabel: "y", categories: ["a"], series: [.init(name: "m", values: [.init(mean: 0)])])
                    .svg()
            ),
            (
                "bar long names",
                BarChart(
                    title: "A rather long title that goes on about vendors, budgets, redundancy and quality control", xLabel: "Vendor",
                    yLabel: "Budget (US dollars)", categories: (1...12).map { "Vendor number \($0) with a long name" },
                    series: [.init(name: "Budget", values: (1...12).map { .init(mean: Double($0) * 125_000) })], width: 640, height: 400
                ).svg()
            ),
            (
                "line many series",
                LineChart(
                    title: "Many series", xLabel: "Budget (US dollars)", yLabel: "Macro F1",
                    series: (0..<11).map { index in
                        .init(
                            name: "Vendor \(index) profile",
                            points: [1_000, 10_000, 100_000].map { .init(x: $0, mean: 0.5 + 0.04 * Double(index) + log10($0) / 50) })
                    }, logarithmicX: true, width: 560, height: 380
                ).svg()
            ),
            ("scatter", scatterChart().svg()),
            ("scatter empty", ScatterChart(title: "T", xLabel: "x", yLabel: "y", points: []).svg()),
            (
                "scatter NaN",
                ScatterChart(
                    title: "T", xLabel: "x", yLabel: "y", points: [.init(label: "p", x: nan, y: 1), .init(label: "q", x: 1, y: 1e300)]
                ).svg()
            ),
            (
                "scatter one point",
                ScatterChart(title: "T", xLabel: "x", yLabel: "y", points: [.init(label: "p", x: 3, y: 3, isOnFrontier: true)]).svg()
            ),
        ]
    }

    /// Whether `text` parses as XML, with the parser's error if not.
    ///
    /// On Linux `parse()` can return true for a malformed document while setting `parserError`,
    /// so both are checked.
    static func parseXML(_ text: String) -> (Bool, String) {
        let parser = XMLParser(data: Data(text.utf8))
        let ok = parser.parse() && parser.parserError == nil
        return (ok, parser.parserError.map { "\($0)" } ?? "")
    }

    // MARK: - Ticks

    @Test(
        "linear ticks use 1-2-5 steps and cover the range",
        arguments: [(0.0, 1.0), (0.83, 0.94), (-3.0, 17.0), (12_345.0, 98_765.0), (1e-6, 3e-6), (-0.5, -0.1)])
    func linearTicks(low: Double, high: Double) throws {
        let ticks = AxisTicks.linear(low: low, high: high, count: 5)
        let first = try #require(ticks.first)
        let last = try #require(ticks.last)
        #expect(first <= low && last >= high)
        #expect(ticks.count >= 3 && ticks.count <= 12)
        let step = ticks[1] - ticks[0]
        let mantissa = step / pow(10, log10(step).rounded(.down))
        #expect([1.0, 2.0, 5.0, 10.0].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
        for (a, b) in zip(ticks, ticks.dropFirst()) { #expect(abs((b - a) - step) < step * 1e-9) }
    }

    @Test("ticks for 0...1 and their labels")
    func unitTicks() {
        let ticks = AxisTicks.linear(low: 0, high: 1, count: 5)
        #expect(AxisTicks.labels(for: ticks) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(AxisTicks.labels(for: AxisTicks.linear(low: 0, high: 50_000, count: 5)) == ["0", "10k", "20k", "30k", "40k", "50k"])
    }

    @Test("flat, NaN and infinite ranges still give two or more ticks")
    func degenerateTicks() {
        #expect(AxisTicks.linear(low: 0.5, high: 0.5).count >= 2)
        #expect(AxisTicks.linear(low: 0, high: 0).count >= 2)
        #expect(AxisTicks.linear(low: .nan, high: 1) == AxisTicks.linear(low: 0, high: 1))
        #expect(AxisTicks.linear(low: -.infinity, high: .infinity).count >= 2)
        #expect(AxisTicks.linear(low: -1e300, high: 1e300).allSatisfy { $0.isFinite })
    }

    @Test("logarithmic ticks cover the range by decades")
    func logarithmicTicks() {
        #expect(AxisTicks.logarithmic(low: 1, high: 100) == [1, 2, 5, 10, 20, 50, 100])
        let wide = AxisTicks.logarithmic(low: 3, high: 20_000)
        #expect(wide == [1, 10, 100, 1000, 10_000, 100_000])
        #expect(AxisTicks.logarithmicLabels(for: [0.01, 1, 100_000]) == ["0.01", "1", "100k"])
        #expect(AxisTicks.logarithmicLabels(for: [1000, 2000, 10_000, 2e6]) == ["1k", "2k", "10k", "2M"])
        #expect(AxisTicks.labels(for: [0, 500_000, 1_000_000, 1_500_000]) == ["0", "0.5M", "1.0M", "1.5M"])
        #expect(AxisTicks.logarithmic(low: -1, high: 0) == [1, 10])
    }

    @Test("fixed decimals ignore the locale and never print nan")
    func fixedDecimals() {
        #expect(FixedDecimal.format(3.14159, decimals: 2) == "3.14")
        #expect(FixedDecimal.format(-0.004, decimals: 2) == "0.00")
        #expect(FixedDecimal.format(-2.5, decimals: 0) == "-3")
        #expect(FixedDecimal.format(0.05, decimals: 3) == "0.050")
        #expect(FixedDecimal.format(.nan, decimals: 2) == "0")
        #expect(FixedDecimal.coordinate(12.50) == "12.5")
        #expect(FixedDecimal.coordinate(-0.001) == "0")
    }

    // MARK: - Charts

    @Test("every chart parses as XML and holds no nan or inf")
    func chartsAreValid() {
        #expect(!Self.parseXML("<svg><g></svg>").0, "the parser must reject broken XML for this test to mean anything")
        for (name, svg) in Self.allCharts() {
            let (ok, error) = Self.parseXML(svg)
            #expect(ok, "\(name): \(error)")
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), "\(name)")
            #expect(svg.contains("viewBox=\"0 0 "), "\(name)")
            let lower = svg.lowercased()
            #expect(!lower.contains("nan") && !lower.contains("inf"), "\(name)")
        }
    }

    @Test("charts are the same bytes every time")
    func deterministic() {
        #expect(Self.allCharts().map(\.1) == Self.allCharts().map(\.1))
    }

    @Test("charts show title, axis labels and escaped legend entries")
    func chartText() {
        let line = Self.lineChart().svg()
        for text in [
            "Accuracy against redundancy", "Redundancy (labels per item)", "Accuracy (fraction)", "Scale &amp; Co", "Surge &lt;beta&gt;",
        ] {
            #expect(line.contains(">\(text)<"), "line: \(text)")
        }
        #expect(!line.contains("<beta>"))
        let bar = Self.barChart().svg()
        for text in ["Quality by vendor", "Vendor", "Score (fraction)", "Accuracy", "Macro F1", "Mercor"] {
            #expect(bar.contains(">\(text)<"), "bar: \(text)")
        }
        let scatter = Self.scatterChart().svg()
        for text in ["Cost against quality", "Cost (US dollars)", "Pareto frontier", "MTurk crowd", "40k"] {
            #expect(scatter.contains(">\(text)<"), "scatter: \(text)")
        }
        #expect(scatter.contains("stroke-dasharray=\"6 4\""))
    }

    @Test("empty charts say so")
    func emptyCharts() {
        #expect(LineChart(title: "T", xLabel: "x", yLabel: "y", series: []).svg().contains(">No data<"))
        #expect(BarChart(title: "T", xLabel: "x", yLabel: "y", categories: ["a"], series: []).svg().contains(">No data<"))
        #expect(ScatterChart(title: "T", xLabel: "x", yLabel: "y", points: []).svg().contains(">No data<"))
        #expect(LineChart(title: "T", xLabel: "x", yLabel: "y", series: [.init(name: "A", points: [])]).svg().contains("A (no data)"))
    }

    // MARK: - Documents

    @Test("inline markup: bold, code, and unclosed markers as text")
    func inlineMarkup() {
        #expect(InlineMarkup.parse("a **b** `c*` d") == [.text("a "), .bold("b"), .text(" "), .code("c*"), .text(" d")])
        #expect(InlineMarkup.parse("2 ** 3 and `x") == [.text("2 ** 3 and `x")])
    }

    @Test("HTML escapes text, keeps simple markup and needs no network")
    func htmlReport() {
        var report = HTMLReport(title: "Vendors <compared>")
        report.addHeading("Results & caveats", level: 9)
        report.addParagraph("Plain <script>alert('x')</script> with **bold** and `code <b>`.")
        report.addTable(header: ["vendor", "accuracy"], rows: [["A<&>", "0.91"], ["B"]])
        report.addChart(svg: Self.lineChart().svg(), caption: "Accuracy \"by\" redundancy")
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("<strong>bold</strong>") && html.contains("<code>code &lt;b&gt;</code>"))
        #expect(html.contains("<h6>Results &amp; caveats</h6>"))
        #expect(html.contains("<td>A&lt;&amp;&gt;</td><td class=\"number\">0.91</td>"))
        #expect(html.contains("<figcaption>Accuracy &quot;by&quot; redundancy</figcaption>"))
        // Cells and captions take the same markup as paragraphs (a "try it" cell showed its backticks).
        var marked = HTMLReport(title: "t")
        marked.addTable(header: ["try it"], rows: [["`--set a=1`"]])
        marked.addChart(svg: Self.lineChart().svg(), caption: "per period (`timeline.csv`)")
        let markedHTML = marked.html()
        #expect(markedHTML.contains("<td><code>--set a=1</code></td>") && !markedHTML.contains("`"))
        #expect(markedHTML.contains("<figcaption>per period (<code>timeline.csv</code>)</figcaption>"))
        let external = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!external.contains("http://") && !external.contains("https://"))
        #expect(!html.contains("<link") && !html.contains("@import") && !html.contains("url("))
    }

    @Test("Markdown escapes text and refers to chart files")
    func markdownReport() {
        var report = MarkdownReport(title: "Vendors")
        report.addHeading("Results", level: 2)
        report.addParagraph("Use **majority** vote via `labelsim run`; <script> stays text, a_b too.")
        report.addParagraph("1. not a list")
        report.addTable(header: ["vendor", "accuracy"], rows: [["A|B", "0.91"]])
        report.addChart(fileName: "accuracy by vendor.svg", caption: "Accuracy [95% CI]")
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("# Vendors\n\n## Results\n\n"))
        #expect(markdown.contains("Use **majority** vote via `labelsim run`; \\<script\\> stays text, a\\_b too."))
        #expect(markdown.contains("1\\. not a list"))
        #expect(markdown.contains("| vendor | accuracy |\n| --- | ---: |\n| A\\|B | 0.91 |"))
        #expect(markdown.contains("![Accuracy \\[95% CI\\]](accuracy%20by%20vendor.svg)"))
    }

    /// Writes sample charts and reports to the folder named by `LABELSIM_REPORT_SAMPLES`, for a
    /// person to look at; does nothing when it is unset.
    @Test("sample report renders")
    func sampleReport() throws {
        var html = HTMLReport(title: "Sample vendor comparison")
        var markdown = MarkdownReport(title: "Sample vendor comparison")
        let charts = [
            ("redundancy.svg", Self.lineChart().svg(), "Accuracy with 95% CI against redundancy"),
            ("redundancy-log.svg", Self.lineChart(logarithmicX: true).svg(), "The same on a log-x axis"),
            ("quality.svg", Self.barChart().svg(), "Accuracy and macro F1 by vendor"),
            ("cost-quality.svg", Self.scatterChart().svg(), "Cost against accuracy with the Pareto frontier"),
        ]
        for report in [0, 1] {
            let text = "Means over **200** replications with 95% CIs; run `labelsim run crowd.yaml`."
            let rows = [["Scale & Co", "0.91", "$42k"], ["MTurk crowd", "0.72", "$8k"]]
            if report == 0 {
                html.addParagraph(text)
                html.addTable(header: ["vendor", "accuracy", "cost"], rows: rows)
            } else {
                markdown.addParagraph(text)
                markdown.addTable(header: ["vendor", "accuracy", "cost"], rows: rows)
            }
        }
        for (file, svg, caption) in charts {
            html.addChart(svg: "<?xml version=\"1.0\"?>\n" + svg, caption: caption)
            markdown.addChart(fileName: file, caption: caption)
        }
        #expect(html.html().components(separatedBy: "<figure>\n<svg xmlns=").count == 5)
        #expect(!html.html().contains("<?xml"))
        guard let folder = ProcessInfo.processInfo.environment["LABELSIM_REPORT_SAMPLES"] else { return }
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (file, svg, _) in charts + Self.allCharts().map({ ("\($0.0.replacingOccurrences(of: " ", with: "-"))-case.svg", $0.1, "") }) {
            try svg.write(to: url.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        try html.html().write(to: url.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        try markdown.markdown().write(to: url.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
    }
}
