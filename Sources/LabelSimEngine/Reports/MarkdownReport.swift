/// A Markdown report with the same parts as ``HTMLReport``; charts are references to SVG files
/// expected beside the Markdown file.
///
/// Text is escaped so that it shows as written: Markdown punctuation gets a backslash and `<`
/// cannot open raw HTML. Paragraphs keep `**bold**` and `` `code` ``.
struct MarkdownReport: Sendable {
    /// The report title, written as the top heading.
    public let title: String
    private var blocks: [String] = []

    /// An empty report titled `title`.
    init(title: String) {
        self.title = title
    }

    /// `text` on one line with Markdown's punctuation escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&": out += "\\\(character)"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// Adds a heading; `level` is clamped to 1...6.
    mutating func addHeading(_ text: String, level: Int = 2) {
        blocks.append(String(repeating: "#", count: min(max(level, 1), 6)) + " " + Self.escape(text))
    }

    /// Adds a paragraph of escaped text in which `**bold**` and `` `code` `` are kept.
    mutating func addParagraph(_ text: String) {
        let body = InlineMarkup.parse(text).map { span -> String in
            switch span {
            case .text(let plain): return Self.escape(plain)
            case .bold(let strong): return "**\(Self.escape(strong))**"
            case .code(let code): return "`\(code.replacingOccurrences(of: "\n", with: " "))`"
            }
        }
        var paragraph = body.joined()
        // A paragraph must not read as a list item, heading or setext underline.
        if let first = paragraph.first, "-+=#".contains(first) { paragraph = "\\" + paragraph }
        let digits = paragraph.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let marker = paragraph.dropFirst(digits.count).first, marker == "." || marker == ")" {
            paragraph.insert("\\", at: paragraph.index(paragraph.startIndex, offsetBy: digits.count))
        }
        blocks.append(paragraph)
    }

    /// Adds a pipe table; short rows are padded with empty cells, and numeric-looking columns are
    /// right-aligned.
    mutating func addTable(header: [String], rows: [[String]]) {
        let columns = max(header.count, rows.map(\.count).max() ?? 0, 1)
        let padded = rows.map { $0 + Array(repeating: "", count: columns - $0.count) }
        let names = header + Array(repeating: "", count: columns - header.count)
        let alignment = (0..<columns).map { column in
            ReportTable.isNumericColumn(padded.map { $0[column] }) ? "---:" : "---"
        }
        var lines = ["| " + names.map(Self.escape).joined(separator: " | ") + " |", "| " + alignment.joined(separator: " | ") + " |"]
        lines += padded.map { "| " + $0.map(Self.escape).joined(separator: " | ") + " |" }
        blocks.append(lines.joined(separator: "\n"))
    }

    /// Adds a chart as an image reference `![caption](fileName)`; `fileName` is relative to the
    /// Markdown file, and spaces and parentheses in it are percent-encoded.
    mutating func addChart(fileName: String, caption: String) {
        var target = ""
        for character in fileName {
            switch character {
            case " ": target += "%20"
            case "(": target += "%28"
            case ")": target += "%29"
            case "<": target += "%3C"
            case ">": target += "%3E"
            default: target.append(character)
            }
        }
        blocks.append("![\(Self.escape(caption))](\(target))")
    }

    /// The whole document.
    public func markdown() -> String {
        (["# " + Self.escape(title)] + blocks).joined(separator: "\n\n") + "\n"
    }
}
