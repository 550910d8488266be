extension ScenarioSchema {
    /// The README's scenario key table, generated from the schema (a test checks the README holds it).
    public static func markdownTable() -> String {
        var lines = ["| key | default | meaning |", "|---|---|---|"]
        appendRows(scenario, path: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func appendRows(_ node: SchemaNode, path: String, into lines: inout [String]) {
        switch node {
        case .object(let object):
            for key in object.keys {
                let keyPath = path.isEmpty ? key.name : "\(path).\(key.name)"
                var value = key.value
                var shown = keyPath
                if case .list(let item, _) = value {
                    value = item
                    shown += "[]"
                }
                let defaultText = key.isRequired ? "**required**" : key.defaultText ?? ""
                var meaning = key.meaning
                if let group = object.exactlyOne.first(where: { $0.contains(key.name) }) {
                    meaning += " (exactly one of \(group.map { "`\($0)`" }.joined(separator: ", ")))"
                }
                lines.append("| `\(shown)` | \(defaultText) | \(meaning) |")
                if case .object = value { appendRows(value, path: shown, into: &lines) }
            }
        default:
            return
        }
    }
}
