internal import Yams

/// A parsed YAML document as a small mutable tree that remembers where each value came from,
/// so that every validation error can name its file and line, and `--set` can edit it in place.
public indirect enum ConfigNode: Sendable, Equatable {
    /// A scalar as written (`quoted` when the author quoted it, which keeps it a string).
    case scalar(String, quoted: Bool, origin: Origin)
    /// A mapping in file order.
    case mapping([Entry], origin: Origin)
    /// A sequence.
    case sequence([ConfigNode], origin: Origin)
    /// An empty value (`~`, `null` or nothing).
    case null(origin: Origin)

    /// One key of a mapping with the line the key stood on.
    public struct Entry: Sendable, Equatable {
        /// The key.
        public var key: String
        /// Where the key was written.
        var keyOrigin: Origin
        /// The value.
        public var value: ConfigNode

        /// Creates an entry.
        init(key: String, keyOrigin: Origin, value: ConfigNode) {
            self.key = key
            self.keyOrigin = keyOrigin
            self.value = value
        }
    }

    /// Where a value came from: a line of the scenario file, or a command-line override.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// Line (1-based) of the file.
        case line(Int)
        /// A `--set` option.
        case override(String)
        /// Line (1-based) of another file: a vendor profile pulled in with `use:`.
        case fileLine(String, Int)

        /// `line 12`, `--set KEY=VALUE` or `FILE line 12`.
        public var description: String {
            switch self {
            case .line(let line): "line \(line)"
            case .override(let text): "--set \(text)"
            case .fileLine(let file, let line): "\(file) line \(line)"
            }
        }
    }

    /// Where this value came from.
    public var origin: Origin {
        switch self {
        case .scalar(_, _, let origin), .mapping(_, let origin), .sequence(_, let origin), .null(let origin):
            origin
        }
    }

    /// The same tree with every file line attributed to `file` (for trees read from another file).
    func attributed(to file: String) -> ConfigNode {
        func move(_ origin: Origin) -> Origin {
            if case .line(let line) = origin { return .fileLine(file, line) }
            return origin
        }
        switch self {
        case .scalar(let text, let quoted, let origin): return .scalar(text, quoted: quoted, origin: move(origin))
        case .null(let origin): return .null(origin: move(origin))
        case .sequence(let items, let origin): return .sequence(items.map { $0.attributed(to: file) }, origin: move(origin))
        case .mapping(let entries, let origin):
            return .mapping(
                entries.map { Entry(key: $0.key, keyOrigin: move($0.keyOrigin), value: $0.value.attributed(to: file)) },
                origin: move(origin))
        }
    }

    /// Parses YAML text; throws a ``ScenarioProblem`` naming the line on a syntax error.
    public static func parse(yaml: String, file: String) throws(ScenarioProblems) -> ConfigNode {
        if yaml.utf8.count > maximumBytes {
            throw ScenarioProblems([
                ScenarioProblem(
                    file: file, origin: .line(1), keyPath: "", message: "the file is larger than \(maximumBytes / 1_000_000) MB")
            ])
        }
        do {
            // The parser is kept alive while converting: it owns the anchors the nodes point to
            // weakly, which is how an anchored (or aliased) node is recognised and refused. The
            // basic resolver leaves every scalar a string (the schema types them), which also
            // spares a regular-expression match per scalar.
            let parser = try Yams.Parser(yaml: yaml, resolver: .basic)
            guard let node = try parser.singleRoot() else {
                return .null(origin: .line(1))
            }
            return try withExtendedLifetime(parser) { try convert(node, file: file) }
        } catch let problems as ScenarioProblems {
            throw problems
        } catch let error as YamlError {
            throw ScenarioProblems([Self.problem(from: error, file: file, yaml: yaml)])
        } catch {
            throw ScenarioProblems([ScenarioProblem(file: file, origin: nil, keyPath: "", message: "invalid YAML: \(error)")])
        }
    }

    /// Largest scenario or profile file read, in bytes.
    static let maximumBytes = 1_000_000

    /// Parses a `--set` value: YAML flow syntax, so `7`, `0.5`, `[1, 2]` and `{beta: [2, 5]}` all work.
    public static func parse(overrideValue text: String, origin: Origin) throws(ScenarioProblems) -> ConfigNode {
        do {
            let parser = try Yams.Parser(yaml: text, resolver: .basic)
            guard let node = try parser.singleRoot() else { return .null(origin: origin) }
            return try withExtendedLifetime(parser) { try convert(node, file: "--set", fixedOrigin: origin) }
        } catch let problems as ScenarioProblems {
            throw problems
        } catch {
            throw ScenarioProblems([
                ScenarioProblem(file: "command line", origin: origin, keyPath: "", message: "the value is not valid YAML")
            ])
        }
    }

    private static func convert(_ node: Node, file: String, fixedOrigin: Origin? = nil) throws -> ConfigNode {
        let origin = fixedOrigin ?? .line((node.mark?.line ?? 0))
        // Anchors and aliases are refused, not expanded: a few hundred bytes of nested aliases
        // ("billion laughs") would otherwise expand to gigabytes.
        if let anchor = node.anchorName {
            throw ScenarioProblems([
                ScenarioProblem(
                    file: file, origin: origin, keyPath: "",
                    message:
                        "YAML anchors and aliases (&\(ScenarioProblem.quoted(anchor, limit: 30)), *…) are not supported in scenarios; write the value out"
                )
            ])
        }
        switch node {
        case .scalar(let scalar):
            if !scalar.style.isQuoted, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return .null(origin: origin)
            }
            return .scalar(scalar.string, quoted: scalar.style.isQuoted, origin: origin)
        case .mapping(let mapping):
            var entries: [Entry] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                let keyOrigin = fixedOrigin ?? .line(key.mark?.line ?? 0)
                guard let keyText = key.scalar?.string else {
                    throw ScenarioProblems([
                        ScenarioProblem(file: file, origin: keyOrigin, keyPath: "", message: "a mapping key must be a plain name")
                    ])
                }
                if !seen.insert(keyText).inserted {
                    throw ScenarioProblems([
                        ScenarioProblem(file: file, origin: keyOrigin, keyPath: keyText, message: "the key is given twice")
                    ])
                }
                entries.append(Entry(key: keyText, keyOrigin: keyOrigin, value: try convert(value, file: file, fixedOrigin: fixedOrigin)))
            }
            return .mapping(entries, origin: origin)
        case .sequence(let sequence):
            return .sequence(try sequence.map { try convert($0, file: file, fixedOrigin: fixedOrigin) }, origin: origin)
        case .alias:
            throw ScenarioProblems([
                ScenarioProblem(file: file, origin: origin, keyPath: "", message: "YAML aliases are not supported in scenarios")
            ])
        }
    }

    /// The line of the second `key:` at the column of the first one, from line `start` (1-based)
    /// on: the parser names only the mapping of a repeated key, not the repeat. Nil when there is
    /// no such line (a flow mapping on one line, a quoted key).
    static func repeatLine(of key: String, from start: Int, in yaml: String) -> Int? {
        var column: Int?
        for (offset, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated().dropFirst(max(0, start - 1)) {
            var text = Substring(line)
            var at = 0
            while let first = text.first, first == " " || first == "-" {
                text = text.dropFirst()
                at += 1
            }
            guard text.hasPrefix(key), text.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" else { continue }
            if let column {
                if at == column { return offset + 1 }
            } else {
                column = at
            }
        }
        return nil
    }

    private static func problem(from error: YamlError, file: String, yaml: String) -> ScenarioProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ScenarioProblem(file: file, origin: .line(mark.line), keyPath: "", message: "invalid YAML: \(problem)")
        case .reader(let problem, let offset, _, let yaml):
            // libyaml's reader errors (control characters, bad UTF-8) give a byte offset, not a line.
            var line = 1
            if let offset {
                line += yaml.utf8.prefix(max(0, offset)).filter { $0 == 0x0A }.count
            }
            return ScenarioProblem(file: file, origin: .line(line), keyPath: "", message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let line = duplicates.first.flatMap { repeatLine(of: $0, from: context.mark.line, in: yaml) } ?? context.mark.line
            return ScenarioProblem(
                file: file, origin: .line(line), keyPath: duplicates.joined(separator: ", "), message: "the key is given twice")
        default:
            return ScenarioProblem(file: file, origin: .line(1), keyPath: "", message: "invalid YAML")
        }
    }
}

extension Node {
    /// The anchor of an anchored node (an alias resolves to the anchored node itself).
    fileprivate var anchorName: String? {
        switch self {
        case .scalar(let scalar): scalar.anchor?.rawValue
        case .mapping(let mapping): mapping.anchor?.rawValue
        case .sequence(let sequence): sequence.anchor?.rawValue
        case .alias(let alias): alias.anchor.rawValue
        }
    }
}

extension Node.Scalar.Style {
    fileprivate var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }
}
