extension ConfigNode {
    /// Applies every override in order and returns the problems of those that could not be
    /// applied (all of them, so that one run reports every bad `--set`).
    mutating func apply(overrides: [String]) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        for override in overrides {
            do {
                try apply(override: override)
            } catch {
                problems += error.problems
            }
        }
        return problems
    }

    /// Keys that exclude each other: setting one through `--set` removes its alternative.
    static let exclusiveKeys: [[String]] = [["dollars", "items"], ["per_label", "per_hour"]]

    /// Applies a `--set KEY=VALUE` override. Path components are mapping keys; inside a list,
    /// a component is an element's `name` (vendors are addressed by name) or a 0-based index.
    /// Missing mappings along the path are created.
    public mutating func apply(override text: String) throws(ScenarioProblems) {
        guard let equals = text.firstIndex(of: "=") else {
            throw Self.overrideProblem(text, "expected KEY=VALUE, e.g. vendors.crowd.quality.redundancy=7")
        }
        let key = String(text[..<equals])
        // `types[0]` (as error messages print list elements) is the same as `types.0`.
        let path = key.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
            .split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, !path.contains(where: \.isEmpty) else {
            throw Self.overrideProblem(text, "the key '\(key)' is not a dotted key path")
        }
        let origin = Origin.override(text)
        let value = try ConfigNode.parse(overrideValue: String(text[text.index(after: equals)...]), origin: origin)
        try set(value, at: path[...], fullKey: key, text: text)
    }

    private mutating func set(_ value: ConfigNode, at path: ArraySlice<String>, fullKey: String, text: String) throws(ScenarioProblems) {
        guard let head = path.first else {
            self = value
            return
        }
        let rest = path.dropFirst()
        switch self {
        case .mapping(var entries, let origin):
            if let index = entries.firstIndex(where: { $0.key == head }) {
                try entries[index].value.set(value, at: rest, fullKey: fullKey, text: text)
            } else {
                var child = ConfigNode.null(origin: .override(text))
                try child.set(value, at: rest, fullKey: fullKey, text: text)
                entries.append(Entry(key: head, keyOrigin: .override(text), value: child))
            }
            if rest.isEmpty, let group = Self.exclusiveKeys.first(where: { $0.contains(head) }) {
                entries.removeAll { $0.key != head && group.contains($0.key) }
            }
            self = .mapping(entries, origin: origin)
        case .null:
            var child = ConfigNode.null(origin: .override(text))
            try child.set(value, at: rest, fullKey: fullKey, text: text)
            self = .mapping([Entry(key: head, keyOrigin: .override(text), value: child)], origin: .override(text))
        case .sequence(var items, let origin):
            let named = items.firstIndex { $0.mapping(key: "name")?.scalarText == head }
            guard let index = named ?? Int(head).flatMap({ items.indices.contains($0) ? $0 : nil }) else {
                let names = items.compactMap { $0.mapping(key: "name")?.scalarText }
                let hint = names.isEmpty ? "" : " (have: \(names.joined(separator: ", ")))"
                // A number is an index: say which indexes the list has (`vendors.9` said "named '9'").
                if Int(head) != nil {
                    let range = items.isEmpty ? "the list is empty" : "indexes 0…\(items.count - 1)"
                    throw Self.overrideProblem(text, "no list element at index \(head) in '\(fullKey)' (\(range))\(hint)")
                }
                throw Self.overrideProblem(text, "no list element named '\(head)' in '\(fullKey)'\(hint)")
            }
            try items[index].set(value, at: rest, fullKey: fullKey, text: text)
            self = .sequence(items, origin: origin)
        case .scalar:
            throw Self.overrideProblem(text, "'\(head)' is inside a single value, not a mapping")
        }
    }

    /// The value under `key` when this is a mapping.
    public func mapping(key: String) -> ConfigNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The text of a scalar.
    var scalarText: String? {
        guard case .scalar(let text, _, _) = self else { return nil }
        return text
    }

    private static func overrideProblem(_ text: String, _ message: String) -> ScenarioProblems {
        ScenarioProblems([ScenarioProblem(file: "command line", origin: .override(text), keyPath: "", message: message)])
    }
}
