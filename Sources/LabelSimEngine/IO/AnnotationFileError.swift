import LabelSimCore

/// Why an annotation or gold file could not be used. Every case names the file and, where a line
/// is at fault, its 1-based line number.
public enum AnnotationFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file has no data lines (nothing, blank lines, or only a header).
    case empty(file: String)
    /// The header lacks a needed column (`role` is `item`, `worker`, `label` or `truth`).
    case missingColumn(file: String, line: Int, role: String, wanted: [String], header: [String])
    /// A gold file's header without one of its two columns (`--columns` maps the labels file only).
    case missingGoldColumn(file: String, line: Int, role: String, wanted: [String], header: [String])
    /// A line has fewer fields than the format needs.
    case tooFewFields(file: String, line: Int, expected: Int, found: Int)
    /// A whitespace or Get-Another-Label line has more fields than the three it needs.
    case tooManyFields(file: String, line: Int, expected: Int, found: Int)
    /// A quoted CSV field is not closed on its line.
    case unterminatedQuote(file: String, line: Int)
    /// A line that is not UTF-8 text (a binary file, or text in another encoding).
    case notUTF8(file: String, line: Int)
    /// A line whose item, worker or label field is empty.
    case emptyField(file: String, line: Int, role: String)
    /// A gold file gives two different labels to one item.
    case conflictingTruth(file: String, line: Int, item: String, label: String, firstLine: Int, firstLabel: String)
    /// A `--columns` mapping could not be understood.
    case invalidColumnMapping(String)
    /// The output file could not be written.
    case unwritable(file: String, reason: String)

    /// The same error with its line numbers `lines` further on (for a part of a file read on
    /// its own, whose lines were counted from its start).
    func shifted(by lines: Int) -> AnnotationFileError {
        switch self {
        case .missingColumn(let file, let line, let role, let wanted, let header):
            .missingColumn(file: file, line: line + lines, role: role, wanted: wanted, header: header)
        case .missingGoldColumn(let file, let line, let role, let wanted, let header):
            .missingGoldColumn(file: file, line: line + lines, role: role, wanted: wanted, header: header)
        case .tooFewFields(let file, let line, let expected, let found):
            .tooFewFields(file: file, line: line + lines, expected: expected, found: found)
        case .tooManyFields(let file, let line, let expected, let found):
            .tooManyFields(file: file, line: line + lines, expected: expected, found: found)
        case .unterminatedQuote(let file, let line):
            .unterminatedQuote(file: file, line: line + lines)
        case .notUTF8(let file, let line):
            .notUTF8(file: file, line: line + lines)
        case .emptyField(let file, let line, let role):
            .emptyField(file: file, line: line + lines, role: role)
        case .conflictingTruth(let file, let line, let item, let label, let firstLine, let firstLabel):
            .conflictingTruth(
                file: file, line: line + lines, item: item, label: label, firstLine: firstLine + lines, firstLabel: firstLabel)
        case .unreadable, .empty, .invalidColumnMapping, .unwritable:
            self
        }
    }

    /// A message a user can act on: one line of printable characters, values cut to a readable length.
    public var description: String {
        ScenarioProblem.quoted(rawDescription, limit: 400)
    }

    private var rawDescription: String {
        let shorten = { (fields: [String]) in fields.prefix(8).map { ScenarioProblem.quoted($0, limit: 40) } }
        return switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the file (\(reason))"
        case .empty(let file):
            "\(file): no data lines (the file is empty or holds only a header)"
        case .missingColumn(let file, let line, let role, let wanted, let header):
            "\(file):\(line): no \(role) column in the header [\(shorten(header).joined(separator: ", "))]; "
                + "expected one of \(wanted.joined(separator: ", ")) or map it with --columns \(role)=NAME"
        case .missingGoldColumn(let file, let line, let role, let wanted, let header):
            "\(file):\(line): no \(role) column in the gold file's header [\(shorten(header).joined(separator: ", "))]; "
                + "expected one of \(wanted.joined(separator: ", ")) (--columns maps the labels file only: rename the gold file's column)"
        case .tooFewFields(let file, let line, let expected, let found):
            "\(file):\(line): expected \(expected) fields, found \(found)"
        case .tooManyFields(let file, let line, let expected, let found):
            "\(file):\(line): expected \(expected) fields, found \(found) "
                + "(labels with spaces need the CSV format; a CSV field with a comma needs quotes)"
        case .emptyField(let file, let line, let role):
            "\(file):\(line): the \(role) field is empty"
        case .unterminatedQuote(let file, let line):
            "\(file):\(line): a quoted field is not closed on this line"
        case .notUTF8(let file, let line):
            "\(file):\(line): not UTF-8 text (a binary file, or another encoding: convert it to UTF-8)"
        case .conflictingTruth(let file, let line, let item, let label, let firstLine, let firstLabel):
            "\(file):\(line): item \"\(item)\" has gold label \"\(label)\" but line \(firstLine) gave \"\(firstLabel)\""
        case .invalidColumnMapping(let text):
            "invalid column mapping \"\(text)\": use item=NAME,worker=NAME,label=NAME"
        case .unwritable(let file, let reason):
            "\(file): cannot write the file (\(reason))"
        }
    }
}
