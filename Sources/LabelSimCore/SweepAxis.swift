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
        if parts.count == 3, let start = Int(parts[0]), let stop = Int(parts[1]), let step = Int(parts[2]) {
            return try integerRange(start: start, stop: stop, step: step, context: context)
        }
        if parts.count == 3, let start = Double(parts[0]), let stop = Double(parts[1]), let step = Double(parts[2]) {
            return try range(start: start, stop: stop, step: step, context: context)
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

    /// Most values one axis may have.
    static let maximumValues = 100_000

    /// Whole-number ranges are counted in integers, so bounds near Int.max neither overflow nor
    /// lose precision in a Double.
    static func integerRange(start: Int, stop: Int, step: Int, context: String) throws(ScenarioProblems) -> [String] {
        guard step > 0 else { throw problem(context, "the step of a range must be positive, got \(step)") }
        guard stop >= start else { throw problem(context, "the range is reversed: stop \(stop) is below start \(start)") }
        let (span, overflow) = stop.subtractingReportingOverflow(start)
        let steps = overflow ? Int.max : span / step
        guard steps < maximumValues else {
            throw problem(context, "the range has more than \(maximumValues) values (at most \(maximumValues) per axis)")
        }
        return (0...steps).map { String(start + $0 * step) }
    }

    static func range(start: Double, stop: Double, step: Double, context: String) throws(ScenarioProblems) -> [String] {
        guard start.isFinite, stop.isFinite, step.isFinite else { throw problem(context, "the range needs finite numbers") }
        guard step > 0 else { throw problem(context, "the step of a range must be positive, got \(step)") }
        guard stop >= start else { throw problem(context, "the range is reversed: stop \(stop) is below start \(start)") }
        let steps = ((stop - start) / step + 1e-9).rounded(.down)
        guard steps.isFinite, steps < Double(maximumValues) else {
            throw problem(context, "the range has more than \(maximumValues) values (at most \(maximumValues) per axis)")
        }
        let count = Int(steps) + 1
        return (0..<count).map { index in
            let value = start + Double(index) * step
            // 12 significant digits keep 0.1 + 0.2 from printing as 0.30000000000000004 (and 0 as 0).
            let rounded = Double(String(format: "%.12g", value)) ?? value
            return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : "\(rounded)"
        }
    }

    static func problem(_ text: String, _ message: String) -> ScenarioProblems {
        ScenarioProblems([
            ScenarioProblem(file: "command line", origin: nil, keyPath: "--vary \(ScenarioProblem.quoted(text))", message: message)
        ])
    }
}
