/// Reads typed values out of a ``ConfigNode`` tree, collecting every problem instead of stopping
/// at the first, so `labelsim validate` can report them all.
final class ScenarioReader {
    let file: String
    private(set) var problems: [ScenarioProblem] = []
    /// Every `path.key` the parser looked up, so a test can check the parser reads only keys the
    /// schema declares (``ScenarioSchema``).
    private(set) var lookups: Set<String> = []

    func recordLookup(_ path: String, _ key: String) {
        lookups.insert(path.isEmpty ? key : "\(path).\(key)")
    }

    init(file: String) {
        self.file = file
    }

    func report(_ node: ConfigNode?, _ path: String, _ message: String) {
        problems.append(ScenarioProblem(file: file, origin: node?.origin, keyPath: path, message: message))
    }

    /// The entries of a mapping, after reporting keys outside `allowed` (with a did-you-mean).
    func mapping(_ node: ConfigNode?, _ path: String, allowed: [String], quiet: Bool = false) -> Fields? {
        guard let node else { return nil }
        if case .null = node { return nil }
        guard case .mapping(let entries, _) = node else {
            if !quiet { report(node, path, "expected a mapping of keys (\(allowed.joined(separator: ", ")))") }
            return nil
        }
        var result = Fields(reader: self, path: path)
        for entry in entries {
            let keyPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            if allowed.contains(entry.key) {
                result.values[entry.key] = entry.value
            } else if !quiet {
                var message = "unknown key '\(entry.key)'"
                if let suggestion = Spelling.closest(to: entry.key, among: allowed) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; expected one of: \(allowed.joined(separator: ", "))"
                }
                problems.append(ScenarioProblem(file: file, origin: entry.keyOrigin, keyPath: keyPath, message: message))
            }
        }
        return result
    }

    /// The entries of a mapping whose keys are free names (domains), in file order.
    func namedValues(_ node: ConfigNode?, _ path: String) -> [(String, ConfigNode)]? {
        guard let node else { return nil }
        guard case .mapping(let entries, _) = node else {
            report(node, path, "expected a mapping of name: value")
            return nil
        }
        return entries.map { ($0.key, $0.value) }
    }

    func sequence(_ node: ConfigNode?, _ path: String) -> [ConfigNode]? {
        guard let node else { return nil }
        guard case .sequence(let items, _) = node else {
            report(node, path, "expected a list")
            return nil
        }
        return items
    }

    func string(_ node: ConfigNode?, _ path: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let text, _, _) = node else {
            report(node, path, "expected a text value")
            return nil
        }
        return text
    }

    /// A finite number written as `0.5`, `1e3` or `10_000`.
    static func number(_ text: String) -> Double? {
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else { return nil }
        return value
    }

    /// A whole number written as `12`, `1_000` or `1e3` (within Int).
    static func wholeNumber(_ text: String) -> Int? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        if let value = Int(cleaned) { return value }
        if let real = Double(cleaned), real.isFinite, real == real.rounded(), abs(real) < 1e15 { return Int(real) }
        return nil
    }

    func double(_ node: ConfigNode?, _ path: String) -> Double? {
        guard let node else { return nil }
        guard case .scalar(let text, let quoted, _) = node, !quoted, let value = Self.number(text) else {
            report(node, path, "expected a number, got \(Self.show(node))")
            return nil
        }
        return value
    }

    func integer(_ node: ConfigNode?, _ path: String, minimum: Int, maximum: Int = Int.max) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let text, let quoted, _) = node, !quoted else {
            report(node, path, "expected a whole number, got \(Self.show(node))")
            return nil
        }
        guard let value = Self.wholeNumber(text) else {
            // Digits beyond the range of a whole number here are a range problem, not a type one.
            let digits = text.trimmingCharacters(in: .whitespaces)
            let unsigned = digits.hasPrefix("-") || digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
            if !unsigned.isEmpty, unsigned.allSatisfy(\.isASCII), unsigned.allSatisfy(\.isNumber) {
                let bound = digits.hasPrefix("-") ? "at least \(minimum)" : "at most \(maximum)"
                report(node, path, "must be \(bound), got \(Self.show(node))")
                return nil
            }
            report(node, path, "expected a whole number, got \(Self.show(node))")
            return nil
        }
        if value < minimum {
            report(node, path, "must be at least \(minimum), got \(value)")
            return nil
        }
        if value > maximum {
            report(node, path, "must be at most \(maximum), got \(value)")
            return nil
        }
        return value
    }

    func probability(_ node: ConfigNode?, _ path: String) -> Double? {
        guard let value = double(node, path) else { return nil }
        guard (0...1).contains(value) else {
            report(node, path, "must be a probability in [0, 1], got \(value)")
            return nil
        }
        return value
    }

    func positive(_ node: ConfigNode?, _ path: String) -> Double? {
        guard let value = double(node, path) else { return nil }
        guard value > 0 else {
            report(node, path, "must be positive, got \(value)")
            return nil
        }
        return value
    }

    /// A value in [0, 1] given as a number or as `{beta: [a, b]}` with positive a and b.
    func valueSpec(_ node: ConfigNode?, _ path: String, discreteAllowed: Bool = false) -> ValueSpec? {
        guard let node else { return nil }
        if case .scalar = node {
            return probability(node, path).map { .fixed($0) }
        }
        guard let fields = mapping(node, path, allowed: discreteAllowed ? ["beta", "values", "weights"] : ["beta"]) else { return nil }
        if discreteAllowed, fields["values"] != nil || fields["weights"] != nil { return discrete(node, fields, path) }
        guard let betaNode = fields["beta"] else {
            report(
                node, path, "expected a number in [0, 1] or {beta: [a, b]}" + (discreteAllowed ? " or {values: [...], weights: [...]}" : "")
            )
            return nil
        }
        let betaPath = "\(path).beta"
        guard let parameters = sequence(betaNode, betaPath) else { return nil }
        guard parameters.count == 2 else {
            report(betaNode, betaPath, "expected two parameters [a, b], got \(parameters.count)")
            return nil
        }
        guard let a = double(parameters[0], betaPath), let b = double(parameters[1], betaPath) else { return nil }
        guard a > 0, b > 0 else {
            report(betaNode, betaPath, "Beta parameters must be positive, got [\(a), \(b)]")
            return nil
        }
        return .beta(a, b)
    }

    /// `{values: [v…], weights: [w…]}`: values in [0, 1], non-negative weights summing to 1.
    private func discrete(_ node: ConfigNode, _ fields: Fields, _ path: String) -> ValueSpec? {
        guard let valuesNode = fields["values"], let weightsNode = fields["weights"], fields["beta"] == nil else {
            report(node, path, "a discrete distribution needs values and weights (and no beta)")
            return nil
        }
        guard let valueItems = sequence(valuesNode, "\(path).values"), let weightItems = sequence(weightsNode, "\(path).weights") else {
            return nil
        }
        let values = valueItems.compactMap { probability($0, "\(path).values") }
        let weights = weightItems.compactMap { probability($0, "\(path).weights") }
        guard values.count == valueItems.count, weights.count == weightItems.count else { return nil }
        guard !values.isEmpty, values.count == weights.count else {
            report(node, path, "values and weights need the same (non-zero) length, got \(values.count) and \(weights.count)")
            return nil
        }
        checkSum(weights, weightsNode, "\(path).weights", what: "weights")
        return .discrete(values: values, weights: weights)
    }

    /// Reports unless `shares` sum to 1 within 1e-6.
    func checkSum(_ shares: [Double], _ node: ConfigNode?, _ path: String, what: String) {
        let total = shares.reduce(0, +)
        if abs(total - 1) > 1e-6 {
            report(node, path, "\(what) must sum to 1, they sum to \(Self.format(total))")
        }
    }

    static func show(_ node: ConfigNode) -> String {
        switch node {
        case .scalar(let text, _, _): "'\(ScenarioProblem.quoted(text))'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .null: "nothing"
        }
    }

    static func format(_ value: Double) -> String {
        // Rounding to 9 decimals hides binary noise; beyond 1e15 there are no decimals to round
        // (and value × 1e9 would overflow to inf above 1.8e299).
        guard abs(value) < 1e15 else { return "\(value)" }
        let rounded = (value * 1e9).rounded() / 1e9
        return "\(rounded)"
    }
}
