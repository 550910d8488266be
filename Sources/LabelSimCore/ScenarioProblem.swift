/// One thing wrong with a scenario, located by file, line (or `--set` option) and key path.
public struct ScenarioProblem: Sendable, Equatable, CustomStringConvertible {
    /// The scenario file as the user named it.
    public var file: String
    /// Where the offending value was written, when known.
    public var origin: ConfigNode.Origin?
    /// Dotted key path, vendors named by their `name` (`vendors.crowd.quality.redundancy`).
    public var keyPath: String
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates a problem report.
    public init(file: String, origin: ConfigNode.Origin?, keyPath: String, message: String) {
        self.file = file
        self.origin = origin
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line: key.path: message`, or with `(--set …)` for an override.
    public var description: String {
        var location = file
        switch origin {
        case .line(let line)?: location += ":\(line)"
        case .override(let text)?: location += " (--set \(text))"
        case .fileLine(let other, let line)?: location = "\(other):\(line)"
        case nil: break
        }
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// Every problem found in one scenario; thrown so that a user sees all of them at once.
public struct ScenarioProblems: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [ScenarioProblem]

    /// Wraps a list of problems.
    public init(_ problems: [ScenarioProblem]) {
        self.problems = problems
    }

    /// One problem a line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
