/// The same report as Markdown (charts as SVG files beside it) and as self-contained HTML
/// (charts inline), built in one pass.
struct ReportBundle: Sendable {
    private var markdownReport: MarkdownReport
    private var htmlReport: HTMLReport
    /// Chart files (name, SVG text) the Markdown refers to.
    public private(set) var charts: [(name: String, svg: String)] = []

    /// An empty report titled `title`.
    init(title: String) {
        markdownReport = MarkdownReport(title: title)
        htmlReport = HTMLReport(title: title)
    }

    /// Adds a heading to both.
    mutating func heading(_ text: String, level: Int = 2) {
        markdownReport.addHeading(text, level: level)
        htmlReport.addHeading(text, level: level)
    }

    /// Adds a paragraph (`**bold**` and `` `code` `` kept) to both.
    mutating func paragraph(_ text: String) {
        markdownReport.addParagraph(text)
        htmlReport.addParagraph(text)
    }

    /// Adds a table to both.
    public mutating func table(header: [String], rows: [[String]]) {
        markdownReport.addTable(header: header, rows: rows)
        htmlReport.addTable(header: header, rows: rows)
    }

    /// Adds a chart: a file `name` for the Markdown, inline SVG in the HTML.
    public mutating func chart(name: String, svg: String, caption: String) {
        charts.append((name, svg))
        markdownReport.addChart(fileName: name, caption: caption)
        htmlReport.addChart(svg: svg, caption: caption)
    }

    /// `report.md`, `report.html` and the chart files.
    public var files: [(name: String, contents: String)] {
        [("report.md", markdownReport.markdown()), ("report.html", htmlReport.html())] + charts.map { ($0.name, $0.svg) }
    }
}
