/// A byte-level splitter of text files into lines and fields, shared by the annotation and gold
/// readers: strips a UTF-8 byte-order mark and `\r` before `\n`, skips blank lines, and reuses
/// one field buffer so reading allocates nothing per line.
struct DelimitedText {
    /// How fields are separated.
    enum Separator {
        /// Commas, with RFC 4180 double quotes.
        case comma
        /// Runs of spaces and tabs.
        case whitespace
    }

    /// One field: a byte range of the text, and whether it was quoted (then `""` means `"`).
    struct Field {
        let start: Int
        let end: Int
        let quoted: Bool
    }

    let bytes: [UInt8]
    let fileName: String
    /// Byte offset of the next line.
    private(set) var position: Int
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    /// Wraps `bytes`, skipping a byte-order mark.
    init(bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Whether the first non-blank line contains `byte` (used only for format detection).
    func firstLineContains(_ byte: UInt8) -> Bool {
        var copy = self
        var fields: [Field] = []
        guard (try? copy.nextLine(into: &fields, separator: .whitespace)) == true else { return false }
        return bytes[copy.lastLineRange].contains(byte)
    }

    /// Byte range of the line last returned (without its line end).
    private(set) var lastLineRange: Range<Int> = 0..<0

    /// Reads the next non-blank line's fields into `fields`; returns `false` at the end.
    mutating func nextLine(into fields: inout [Field], separator: Separator) throws(AnnotationFileError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        while position < count {
            lineNumber += 1
            var end = position
            while end < count && bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            var lineEnd = end
            if lineEnd > position && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let start = position
            position = next
            lastLineRange = start..<lineEnd
            switch separator {
            case .whitespace: splitWhitespace(start, lineEnd, into: &fields)
            case .comma: try splitComma(start, lineEnd, into: &fields)
            }
            if !fields.isEmpty { return true }
        }
        return false
    }

    private func splitWhitespace(_ start: Int, _ end: Int, into fields: inout [Field]) {
        var index = start
        while index < end {
            while index < end && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
            if index == end { break }
            let fieldStart = index
            while index < end && bytes[index] != 0x20 && bytes[index] != 0x09 { index += 1 }
            fields.append(Field(start: fieldStart, end: index, quoted: false))
        }
    }

    private func splitComma(_ start: Int, _ end: Int, into fields: inout [Field]) throws(AnnotationFileError) {
        var blank = true
        for index in start..<end where bytes[index] != 0x20 && bytes[index] != 0x09 {
            blank = false
            break
        }
        if blank { return }
        var index = start
        while true {
            if index < end && bytes[index] == 0x22 {
                var close = index + 1
                while true {
                    guard close < end else { throw .unterminatedQuote(file: fileName, line: lineNumber) }
                    if bytes[close] == 0x22 {
                        if close + 1 < end && bytes[close + 1] == 0x22 {
                            close += 2
                            continue
                        }
                        break
                    }
                    close += 1
                }
                fields.append(Field(start: index + 1, end: close, quoted: true))
                index = close + 1
                while index < end && bytes[index] != 0x2C { index += 1 }
            } else {
                let fieldStart = index
                while index < end && bytes[index] != 0x2C { index += 1 }
                var fieldEnd = index
                var trimmedStart = fieldStart
                while trimmedStart < fieldEnd && bytes[trimmedStart] == 0x20 { trimmedStart += 1 }
                while fieldEnd > trimmedStart && bytes[fieldEnd - 1] == 0x20 { fieldEnd -= 1 }
                fields.append(Field(start: trimmedStart, end: fieldEnd, quoted: false))
            }
            if index >= end { break }
            index += 1
        }
    }

    /// The text of a field.
    func string(_ field: Field) -> String {
        let text = String(decoding: bytes[field.start..<field.end], as: UTF8.self)
        return field.quoted ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}

extension String {
    /// `self` with every `target` replaced by `replacement` (no Foundation needed).
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
