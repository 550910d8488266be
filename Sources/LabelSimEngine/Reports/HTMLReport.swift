/// A self-contained HTML report: headings, paragraphs, tables and inline SVG charts.
///
/// The page needs no network: the style sheet and charts are inline and fonts are the reader's
/// own. All text is escaped; paragraphs may use `**bold**` and `` `code` ``.
struct HTMLReport: Sendable {
    /// The page title, also shown as the top heading.
    public let title: String
    private var blocks: [String] = []

    /// An empty report titled `title`.
    init(title: String) {
        self.title = title
    }

    private static let style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222;
          max-width: 980px; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: #f2f2f2; padding: 0 0.2em;
          border-radius: 3px; }
        table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #d0d0d0; padding: 0.3rem 0.6rem; text-align: left; }
        th { background: #f4f4f4; }
        td.number { text-align: right; }
        figure { margin: 1.5rem 0; }
        figure svg { max-width: 100%; height: auto; }
        figcaption { color: #555; font-size: 0.9rem; }
        """

    /// Adds a heading; `level` is clamped to 1...6.
    mutating func addHeading(_ text: String, level: Int = 2) {
        let level = min(max(level, 1), 6)
        blocks.append("<h\(level)>\(XMLText.escape(text))</h\(level)>")
    }

    /// Escaped text in which `**bold**` and `` `code` `` are honoured (paragraphs, table cells
    /// and captions: the Markdown report shows the same text with the same markup).
    static func inline(_ text: String) -> String {
        InlineMarkup.parse(text).map { span -> String in
            switch span {
            case .text(let plain): return XMLText.escape(plain)
            case .bold(let strong): return "<strong>\(XMLText.escape(strong))</strong>"
            case .code(let code): return "<code>\(XMLText.escape(code))</code>"
            }
        }.joined()
    }

    /// Adds a paragraph of escaped text in which `**bold**` and `` `code` `` are honoured.
    mutating func addParagraph(_ text: String) {
        blocks.append("<p>\(Self.inline(text))</p>")
    }

    /// Adds a table; short rows are padded with empty cells, and columns whose cells all look
    /// numeric are right-aligned.
    mutating func addTable(header: [String], rows: [[String]]) {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        let padded = rows.map { $0 + Array(repeating: "", count: columns - $0.count) }
        let numeric = (0..<columns).map { column in ReportTable.isNumericColumn(padded.map { $0[column] }) }
        var lines = ["<table>", "<thead><tr>"]
        lines += (header + Array(repeating: "", count: columns - header.count)).map { "<th>\(XMLText.escape($0))</th>" }
        lines.append("</tr></thead>")
        lines.append("<tbody>")
        for row in padded {
            let cells = row.enumerated().map { column, cell in
                numeric[column] ? "<td class=\"number\">\(Self.inline(cell))</td>" : "<td>\(Self.inline(cell))</td>"
            }
            lines.append("<tr>" + cells.joined() + "</tr>")
        }
        lines.append("</tbody>")
        lines.append("</table>")
        blocks.append(lines.joined(separator: "\n"))
    }

    /// Adds a chart: `svg` (as made by the chart types) is embedded as is, with an escaped caption.
    ///
    /// A leading XML declaration is dropped, since it is not allowed inside an HTML page.
    mutating func addChart(svg: String, caption: String) {
        var svg = Substring(svg)
        if svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") { svg = svg[end.upperBound...].drop { $0.isWhitespace } }
        blocks.append("<figure>\n\(svg)<figcaption>\(Self.inline(caption))</figcaption>\n</figure>")
    }

    /// The whole page.
    public func html() -> String {
        let head = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(XMLText.escape(title))</title>", "<style>", Self.style, "</style>", "</head>", "<body>",
            "<h1>\(XMLText.escape(title))</h1>",
        ]
        return (head + blocks + ["</body>", "</html>"]).joined(separator: "\n") + "\n"
    }
}
