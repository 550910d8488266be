extension ConfigNode {
    /// The tree written back as block YAML (for the manifest's effective scenario).
    public var yaml: String {
        var lines: [String] = []
        Self.emit(self, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func emit(_ node: ConfigNode, indent: String, into lines: inout [String]) {
        switch node {
        case .mapping(let entries, _):
            for entry in entries {
                emitValue(entry.value, prefix: "\(indent)\(entry.key):", indent: indent, into: &lines)
            }
        case .sequence(let items, _):
            for item in items {
                emitValue(item, prefix: "\(indent)-", indent: indent, into: &lines)
            }
        default:
            lines.append(indent + inline(node))
        }
    }

    private static func emitValue(_ value: ConfigNode, prefix: String, indent: String, into lines: inout [String]) {
        switch value {
        case .mapping(let entries, _) where !entries.isEmpty:
            if prefix.hasSuffix("-") {
                var nested: [String] = []
                emit(value, indent: indent + "  ", into: &nested)
                if let first = nested.first {
                    lines.append(prefix + " " + first.dropFirst(indent.count + 2))
                    lines.append(contentsOf: nested.dropFirst())
                }
            } else {
                lines.append(prefix)
                emit(value, indent: indent + "  ", into: &lines)
            }
        case .sequence(let items, _) where !items.isEmpty:
            lines.append(prefix)
            emit(value, indent: indent + "  ", into: &lines)
        default:
            lines.append(prefix + " " + inline(value))
        }
    }

    /// Flow-style text of a value.
    public static func inline(_ node: ConfigNode) -> String {
        switch node {
        case .scalar(let text, let quoted, _):
            return quoted || needsQuotes(text) ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
        case .null:
            return "null"
        case .sequence(let items, _):
            return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .mapping(let entries, _):
            return "{" + entries.map { "\($0.key): \(inline($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    private static func needsQuotes(_ text: String) -> Bool {
        text.isEmpty || text.contains(where: { ":#{}[],&*!|>'\"%@`\n".contains($0) }) || text.first == " " || text.last == " "
    }
}
