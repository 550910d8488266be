import Foundation

/// One varied key of a sweep and the values it takes, kept as the text given on the command line
/// or in the scenario (each value is applied as `--set KEY=VALUE`).
public struct SweepAxis: Sendable, Equatable, Codable {
    /// Dotted key path, vendors by name (`vendors.crowd.quality.redundancy`).
    public var key: String
    /// Values in sweep order.
    public var values: [String]

    /// Creates an axis.
    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }

    /// Parses `KEY=VALUES`, where VALUES is a list (`1,3,5`) or an inclusive range
    /// `start:stop:step` (`1:9:2`, `0.05:0.5:0.05`).
    public static func parse(_ text: String) throws(ScenarioProblems) -> SweepAxis {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw problem(text, "expected KEY=VALUES, e.g. vendors.crowd.quality.redundancy=1,3,5 or budget.dollars=1000:5000:1000")
        }
        let key = String(text[..<equals])
        let valuesText = String(text[text.index(after: equals)...])
        return SweepAxis(key: key, values: try values(valuesText, context: text))
    }

    /// The values of a list or range text.
    public static func values(_ text: String, context: String) throws(ScenarioProblems) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw problem(context, "no values given") }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 3, let start = Double(parts[0]), let stop = Double(parts[1]), let step = Double(parts[2]) {
            return try range(start: start, stop: stop, step: step, integral: parts.allSatisfy { Int($0) != nil }, context: context)
        }
        if parts.count == 2 || parts.count > 3 {
            throw problem(context, "a range is start:stop:step with three numbers, got '\(trimmed)'")
        }
        let items = splitList(trimmed)
        if items.contains(where: \.isEmpty) { throw problem(context, "an empty value in the list '\(trimmed)'") }
        return items
    }

    /// Splits on commas outside brackets and braces, so `[1, 2],[3, 4]` gives two values.
    static func splitList(_ text: String) -> [String] {
        var items: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            if character == "[" || character == "{" { depth += 1 }
            if character == "]" || character == "}" { depth -= 1 }
            if character == ",", depth == 0 {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }

    static func range(start: Double, stop: Double, step: Double, integral: Bool, context: String) throws(ScenarioProblems) -> [String] {
        guard start.isFinite, stop.isFinite, step.isFinite else { throw problem(context, "the range needs finite numbers") }
        guard step > 0 else { throw problem(context, "the step of a range must be positive, got \(step)") }
        guard stop >= start else { throw problem(context, "the range is reversed: stop \(stop) is below start \(start)") }
        let steps = ((stop - start) / step + 1e-9).rounded(.down)
        guard steps.isFinite, steps < 100_000 else {
            throw problem(
                context, "the range has \(steps.isFinite ? String(format: "%.0f", steps + 1) : "too many") values; at most 100000")
        }
        let count = Int(steps) + 1
        return (0..<count).map { index in
            let value = start + Double(index) * step
            if integral { return String(Int(value.rounded())) }
            // Rounding to 12 significant digits keeps 0.1 + 0.2 from printing as 0.30000000000000004.
            let scale = Foundation.pow(10, 11 - Foundation.floor(Foundation.log10(max(abs(value), 1e-300))))
            let rounded = (value * scale).rounded() / scale
            return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : "\(rounded)"
        }
    }

    static func problem(_ text: String, _ message: String) -> ScenarioProblems {
        ScenarioProblems([ScenarioProblem(file: "command line", origin: nil, keyPath: "--vary \(text)", message: message)])
    }
}
