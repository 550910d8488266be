import LabelSimGSL

/// Seeded text mutations for scenario, profile and annotation inputs: extreme and wrong-typed
/// values, unicode and control bytes, anchors and aliases, truncation, duplicate and unknown keys.
struct Mutator {
    let rng: GSLRandom

    /// Values that have broken parsers: extremes, wrong types, special floats, control bytes.
    static let values = [
        "-1", "0", "1", "2", "0.5", "1.5", "1e308", "-1e308", "1e-320", "nan", ".nan", ".inf", "-.inf", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "18446744073709551616", "99999999999", "1e15", "~", "null", "[]",
        "{}", "[1, 2]", "[~]", "[0, 0, 0]", "{beta: [0, 0]}", "{beta: [1e308, 1e-308]}", "{beta: [1]}", "\"\"", "yes", "true",
        "0x10", "1_000", "1:9:2", "0:0.5:0.25", "from_features", "{from_features: 1e308}", "{lognormal: [50, 10]}",
        "{lognormal: [1e308, 1]}", "{zipf: 1e308}", "{zipf: 0}", "{dirichlet: 1e-300}", "{min: 5, max: 2, agreement: 2}",
        "\"\u{1B}[31mred\"", "\"a\\u0000b\"", "\"\\r\\n\"", "é", "🙂", "\u{202E}rtl", "mace", "dawid-skene", "ordinal", "spammer",
        "adversarial", "constant", "{general: 1}", "{general: 0.5, medical: 0.5}", "{vendor: nobody, below_agreement: 0.5}",
        "scale-like", "../etc/passwd", "*a", "&a 1", "!!binary aGk=", "!!str 3", "{? a}", "|\n  text", "'quoted'",
    ]

    /// Keys to insert: unknown, misspelt and real ones in the wrong place.
    static let keys = [
        "unknown", "classes", "clases", "budget", "vendors", "dollars", "items", "redundancy", "gold_fraction", "workers",
        "types", "name", "use", "per_label", "per_hour", "seed", "replications", "features", "dimensions", "<<", "\u{0}",
    ]

    func pick<T>(_ items: [T]) -> T { items[rng.uniformInt(items.count)] }

    func chance(_ p: Double) -> Bool { rng.uniform() < p }

    /// A long or odd text value.
    func oddValue() -> String {
        switch rng.uniformInt(5) {
        case 0: return String(repeating: "x", count: 1 + rng.uniformInt(20_000))
        case 1: return String(repeating: "9", count: 1 + rng.uniformInt(400))
        case 2: return "\"" + String(repeating: "\\u001b", count: 1 + rng.uniformInt(50)) + "\""
        case 3: return String((0..<(1 + rng.uniformInt(12))).map { _ in Character(Unicode.Scalar(UInt8(rng.uniformInt(128)))) })
        default: return pick(Self.values)
        }
    }

    /// One to three mutations of YAML `text`.
    func mutateYAML(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<(1 + rng.uniformInt(3)) {
            guard !lines.isEmpty else { break }
            let index = rng.uniformInt(lines.count)
            let line = lines[index]
            let indent = String(line.prefix { $0 == " " || $0 == "-" }).replacingOccurrences(of: "-", with: " ")
            switch rng.uniformInt(12) {
            case 0, 1, 2:
                // Replace a value.
                if let colon = line.range(of: ": ") {
                    lines[index] = String(line[..<colon.upperBound]) + (chance(0.8) ? pick(Self.values) : oddValue())
                }
            case 3: lines.remove(at: index)
            case 4: lines.insert(line, at: index)
            case 5: lines.insert(indent + pick(Self.keys) + ": " + pick(Self.values), at: index)
            case 6:
                // An anchor here, an alias further on.
                lines[index] = line.replacingOccurrences(of: ": ", with: ": &a ", options: [], range: line.range(of: ": "))
                let later = index + rng.uniformInt(lines.count - index)
                lines[later] = lines[later].replacingOccurrences(of: ": ", with: ": *a #", options: [], range: lines[later].range(of: ": "))
            case 7: lines[index] = (chance(0.5) ? "  " : "") + String(line.dropFirst(chance(0.5) ? 2 : 0))
            case 8:
                var scalars = Array(line.unicodeScalars)
                let byte = pick([0x00, 0x07, 0x08, 0x0D, 0x1B, 0x7F, 0x85, 0x2028, 0xFEFF, 0x1F642])
                scalars.insert(Unicode.Scalar(UInt32(byte)) ?? " ", at: rng.uniformInt(scalars.count + 1))
                lines[index] = String(String.UnicodeScalarView(scalars))
            case 9:
                // A key misspelt by one character.
                if let colon = line.firstIndex(of: ":"), colon > line.startIndex {
                    var key = Array(line[..<colon])
                    key[rng.uniformInt(key.count)] = pick(["x", "_", "é", " "])
                    lines[index] = String(key) + line[colon...]
                }
            case 10:
                let joined = lines.joined(separator: "\n")
                let cut = rng.uniformInt(joined.utf8.count + 1)
                return String(decoding: joined.utf8.prefix(cut), as: UTF8.self)
            default:
                lines.insert(indent + "- " + pick(Self.values), at: index)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One to three byte-level mutations of delimited text (annotation and gold files).
    func mutateDelimited(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<(1 + rng.uniformInt(3)) {
            let position = rng.uniformInt(bytes.count + 1)
            switch rng.uniformInt(9) {
            case 0: bytes.insert(pick([0x00, 0x0D, 0x1B, 0x7F, 0x22, 0x2C, 0x09, 0x20, 0x0A, 0xFF, 0xC3]), at: position)
            case 1: if position < bytes.count { bytes.remove(at: position) }
            case 2: bytes = Array(bytes.prefix(position))
            case 3: bytes.insert(contentsOf: Array(String(repeating: "y", count: rng.uniformInt(5_000)).utf8), at: position)
            case 4: bytes = bytes.map { $0 == 0x0A ? 0x0D : $0 }
            case 5: bytes.insert(contentsOf: Array("\"unclosed,".utf8), at: position)
            case 6: bytes.insert(contentsOf: Array(",,,".utf8), at: position)
            case 7:
                // New workers and labels on every row.
                for row in 0..<rng.uniformInt(300) { bytes += Array("i\(row % 7),w\(row),l\(row)\n".utf8) }
            default: bytes.insert(contentsOf: Array(pick(Self.values).utf8), at: position)
            }
        }
        return bytes
    }
}
