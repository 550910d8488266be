/// Decisions shared by the HTML and Markdown tables.
enum ReportTable {
    /// Whether every non-empty cell starts like a number (digit, sign, point, `$`, `−`, `–`), so the
    /// column reads best right-aligned.
    static func isNumericColumn(_ cells: [String]) -> Bool {
        let filled = cells.filter { !$0.isEmpty }
        return !filled.isEmpty
            && filled.allSatisfy { cell in
                guard let first = cell.first else { return true }
                return first.isNumber || "+-.$−–".contains(first)
            }
    }
}
