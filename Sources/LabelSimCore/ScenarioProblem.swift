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

    /// Orders problems by file, then line; problems without a line first, ties kept in order.
    static func fileOrder(_ a: ScenarioProblem, _ b: ScenarioProblem) -> Bool {
        let (fileA, lineA) = a.position
        let (fileB, lineB) = b.position
        if fileA != fileB { return fileA < fileB }
        return lineA < lineB
    }

    private var position: (String, Int) {
        switch origin {
        case .line(let line)?: (file, line)
        case .fileLine(let other, let line)?: (other, line)
        case .override?: (file, Int.max)
        case nil: (file, 0)
        }
    }

    /// Longest text of a value a message echoes; longer values are cut with an ellipsis.
    public static let quoteLimit = 60

    /// `text` made safe to print inside a one-line message: control characters, DEL and other
    /// non-printing characters become `\u{..}` escapes, and the result is cut to ``quoteLimit``.
    public static func quoted(_ text: String, limit: Int = quoteLimit) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += "…"
                break
            }
            let printable: Bool
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: printable = false
            default: printable = true
            }
            result += printable ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
            count += 1
        }
        return result
    }

    /// `file:line: key.path: message`, or with `(--set …)` for an override; always one line of
    /// printable characters of bounded length, whatever the file held.
    public var description: String {
        var location = Self.quoted(file, limit: 200)
        switch origin {
        case .line(let line)?: location += ":\(line)"
        case .override(let text)?: location += " (--set \(Self.quoted(text)))"
        case .fileLine(let other, let line)?: location = "\(Self.quoted(other, limit: 200)):\(line)"
        case nil: break
        }
        let text = Self.quoted(message, limit: 400)
        return keyPath.isEmpty ? "\(location): \(text)" : "\(location): \(Self.quoted(keyPath, limit: 120)): \(text)"
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
