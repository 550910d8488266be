/// Checks a ``ConfigNode`` tree against a ``SchemaNode`` and collects every problem (unknown keys
/// with a did-you-mean, missing required keys, wrong types, values out of range, "exactly one of"
/// rules), so that `labelsim validate` reports them all at once rather than in rounds.
struct SchemaValidator {
    let file: String
    private(set) var problems: [ScenarioProblem] = []

    init(file: String) {
        self.file = file
    }

    /// Every problem of `root` against `schema`.
    static func problems(in root: ConfigNode, schema: SchemaNode, file: String) -> [ScenarioProblem] {
        var validator = SchemaValidator(file: file)
        validator.check(root, schema, path: "", isKeyValue: true)
        return validator.problems
    }

    private mutating func report(_ origin: ConfigNode.Origin?, _ path: String, _ message: String) {
        problems.append(ScenarioProblem(file: file, origin: origin, keyPath: path, message: message))
    }

    private mutating func mismatch(_ node: ConfigNode, _ schema: SchemaNode, _ path: String) {
        report(node.origin, path, "expected \(schema.expectation), got \(ScenarioReader.show(node))")
    }

    /// `isKeyValue`: the node is the value of a mapping key, where an empty value of an object
    /// means "use the defaults" (`task: ~`); list items must be written out.
    mutating func check(_ node: ConfigNode, _ schema: SchemaNode, path: String, isKeyValue: Bool) {
        if case .null = node {
            switch schema {
            case .any: return
            case .object where isKeyValue: return
            default:
                mismatch(node, schema, path)
                return
            }
        }
        switch schema {
        case .any:
            return
        case .integer(let range):
            guard case .scalar(let text, false, _) = node, let value = ScenarioReader.wholeNumber(text) else {
                return mismatch(node, schema, path)
            }
            if value < range.lowerBound {
                report(node.origin, path, "must be at least \(range.lowerBound), got \(value)")
            } else if value > range.upperBound {
                report(node.origin, path, "must be at most \(range.upperBound), got \(value)")
            }
        case .number(let bounds):
            guard case .scalar(let text, false, _) = node, let value = ScenarioReader.number(text) else {
                return mismatch(node, schema, path)
            }
            if !bounds.contains(value) {
                report(node.origin, path, "must be \(bounds.expectation), got \(ScenarioReader.format(value))")
            }
        case .text:
            guard case .scalar = node else { return mismatch(node, schema, path) }
        case .choice(let words):
            guard case .scalar(let text, _, _) = node else { return mismatch(node, schema, path) }
            if !words.contains(text) {
                report(node.origin, path, ScenarioParser.unknownChoice("value", text, words))
            }
        case .list(let item, let count):
            guard case .sequence(let items, _) = node else { return mismatch(node, schema, path) }
            if items.count < count.lowerBound {
                report(node.origin, path, count.lowerBound == 1 ? "list at least one item" : "list at least \(count.lowerBound) items")
            } else if items.count > count.upperBound {
                report(node.origin, path, "list at most \(count.upperBound) items, got \(items.count)")
            }
            for (index, element) in items.enumerated() {
                check(element, item, path: itemPath(path, index, element, item), isKeyValue: false)
            }
        case .tuple(let positions):
            guard case .sequence(let items, _) = node else { return mismatch(node, schema, path) }
            guard items.count == positions.count else {
                return report(node.origin, path, "expected a list of \(positions.count) numbers, got \(items.count)")
            }
            for (element, position) in zip(items, positions) {
                check(element, position, path: path, isKeyValue: false)
            }
        case .object(let object):
            checkObject(node, object, schema, path: path)
        case .names(let value):
            guard case .mapping(let entries, _) = node else { return mismatch(node, schema, path) }
            for entry in entries {
                check(entry.value, value, path: join(path, entry.key), isKeyValue: true)
            }
        case .anyOf(let options):
            checkAlternatives(node, options, schema, path: path, isKeyValue: isKeyValue)
        }
    }

    private mutating func checkObject(_ node: ConfigNode, _ object: SchemaObject, _ schema: SchemaNode, path: String) {
        guard case .mapping(let entries, _) = node else { return mismatch(node, schema, path) }
        let allowed = object.keys.map(\.name)
        for entry in entries {
            let keyPath = join(path, entry.key)
            guard let key = object.key(entry.key) else {
                var message = "unknown key '\(ScenarioProblem.quoted(entry.key))'"
                if let suggestion = Spelling.closest(to: entry.key, among: allowed) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; expected one of: \(allowed.joined(separator: ", "))"
                }
                report(entry.keyOrigin, keyPath, message)
                continue
            }
            if key.isRequired, !object.isPartial, case .null = entry.value {
                report(entry.keyOrigin, keyPath, "is empty; give \(key.value.expectation)")
                continue
            }
            check(entry.value, key.value, path: keyPath, isKeyValue: true)
        }
        let present = Set(entries.map(\.key))
        for key in object.keys where key.isRequired && !object.isPartial && !present.contains(key.name) {
            report(node.origin, join(path, key.name), "missing; \(key.meaning)")
        }
        for group in object.exactlyOne {
            let given = group.filter(present.contains)
            if given.count > 1 {
                report(node.origin, path, "give either \(given.joined(separator: " or ")), not both")
            } else if given.isEmpty, !object.isPartial {
                let names = group.map { join(path, $0) }
                report(node.origin, path, "give \(names.joined(separator: " or "))")
            }
        }
    }

    private mutating func checkAlternatives(
        _ node: ConfigNode, _ options: [SchemaNode], _ schema: SchemaNode, path: String, isKeyValue: Bool
    ) {
        var best: [ScenarioProblem]?
        var tie = false
        for option in options where option.accepts(shapeOf: node) {
            var trial = SchemaValidator(file: file)
            trial.check(node, option, path: path, isKeyValue: isKeyValue)
            if trial.problems.isEmpty { return }
            if let current = best, current.count == trial.problems.count {
                tie = true
            } else if best == nil || trial.problems.count < (best?.count ?? 0) {
                best = trial.problems
                tie = false
            }
        }
        guard let best, !tie else { return mismatch(node, schema, path) }
        problems += best
    }

    private func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// `vendors.crowd` for a named vendor, `types[2]` otherwise.
    private func itemPath(_ path: String, _ index: Int, _ element: ConfigNode, _ item: SchemaNode) -> String {
        if case .object(let object) = item, let key = object.namedBy, let name = element.mapping(key: key)?.scalarText, !name.isEmpty {
            return "\(path).\(name)"
        }
        return "\(path)[\(index)]"
    }
}

extension SchemaNode {
    /// Whether a node of this shape (scalar, mapping, list) could be of this type at all.
    func accepts(shapeOf node: ConfigNode) -> Bool {
        switch (self, node) {
        case (.any, _): true
        case (.integer, .scalar), (.number, .scalar), (.text, .scalar), (.choice, .scalar): true
        case (.list, .sequence), (.tuple, .sequence): true
        case (.object, .mapping), (.names, .mapping): true
        case (.anyOf(let options), _): options.contains { $0.accepts(shapeOf: node) }
        default: false
        }
    }
}
