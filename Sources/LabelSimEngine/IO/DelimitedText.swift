/// A byte-level splitter of text files into lines and fields, shared by the annotation and gold
/// readers: strips a UTF-8 byte-order mark and `\r` before `\n`, skips blank lines, and keeps the
/// fields of the current line in one reused buffer, so reading allocates nothing per line.
///
/// It reads through a raw buffer: valid only inside the `withUnsafeBufferPointer` of the bytes it
/// was made from (``scan(_:fileName:_:)``). A line is split in one pass over its bytes (finding the
/// line end and the separators together), which is what makes a 64 MB file a fraction of a second.
struct DelimitedText {
    /// How fields are separated.
    enum Separator {
        /// Commas, with RFC 4180 double quotes.
        case comma
        /// Runs of spaces and tabs.
        case whitespace
    }

    /// One field: a byte range of the text, whether it was quoted, and whether it holds doubled
    /// quotes (`""` for `"`, only when quoted).
    struct Field {
        let start: Int
        let end: Int
        let quoted: Bool
        let escaped: Bool

        /// An unquoted field with no bytes (`""` quoted is a value, the empty text).
        var isEmpty: Bool { end <= start && !quoted }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let fileName: String
    /// Byte offset of the next line.
    private(set) var position: Int
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Byte range of the line last returned (without its line end).
    private(set) var lastLineRange: Range<Int> = 0..<0
    /// Number of fields of the line last returned (all of them, also those past ``limit``).
    private(set) var fieldCount = 0
    /// The first `min(fieldCount, limit)` fields of the line last returned.
    private(set) var fields: [Field]
    /// How many fields are kept per line (the rest are only counted).
    var limit: Int {
        didSet {
            // Grown, never shrunk: the current line's kept fields stay valid.
            if limit > fields.count {
                fields += [Field](repeating: Field(start: 0, end: 0, quoted: false, escaped: false), count: limit - fields.count)
            }
        }
    }

    /// Runs `body` over a splitter of `bytes` (the splitter must not escape it).
    static func scan<Result, Failure: Error>(
        _ bytes: [UInt8], fileName: String, _ body: (inout DelimitedText) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
            var text = DelimitedText(bytes: buffer, fileName: fileName)
            return try body(&text)
        }
    }

    /// Moves past `lines` lines that a caller consumed itself from ``position`` (a fast lane for
    /// plain lines), to `offset`, the start of the next line.
    mutating func skip(to offset: Int, lines: Int) {
        position = offset
        lineNumber += lines
    }

    /// Number of `\n` bytes from ``position`` on (an exact bound on the lines left, to size
    /// arrays once), counted eight bytes at a time: a byte of w ⊕ 0x0A… is zero exactly where w
    /// holds `\n`, and ¬(((x & 0x7F…) + 0x7F…) | x) & 0x80… has one bit per zero byte of x.
    func lineEndsLeft() -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let raw = UnsafeRawPointer(base)
        var index = position
        var total = 0
        let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while index &+ 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ newlines
            total &+= (~(((x & low) &+ low) | x) & ~low).nonzeroBitCount
            index &+= 8
        }
        while index < count {
            if base[index] == 0x0A { total &+= 1 }
            index &+= 1
        }
        return total
    }

    /// Wraps `bytes`, skipping a byte-order mark (unless `part`: the bytes are a later part of a
    /// file, split at a line start); keeps up to 64 fields a line until told otherwise.
    init(bytes: UnsafeBufferPointer<UInt8>, fileName: String, part: Bool = false) {
        self.bytes = bytes
        self.fileName = fileName
        position = !part && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        limit = 64
        fields = [Field](repeating: Field(start: 0, end: 0, quoted: false, escaped: false), count: 64)
    }

    /// Whether the first non-blank line contains `byte` (used only for format detection).
    func firstLineContains(_ byte: UInt8) -> Bool {
        var copy = self
        guard (try? copy.nextLine(separator: .whitespace)) == true else { return false }
        return bytes[copy.lastLineRange].contains(byte)
    }

    /// Whether the line last returned is UTF-8 text.
    var lineIsUTF8: Bool { String(validating: bytes[lastLineRange], as: UTF8.self) != nil }

    /// The 1-based number of the first line of `bytes` that is not UTF-8 text (1 when all are:
    /// the caller knows some value is not). For error messages only: it reads every line.
    static func firstNonUTF8Line(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for text in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: text, as: UTF8.self) == nil { return line }
            line += 1
        }
        return 1
    }

    /// The fields of the line last returned that were kept, as an array.
    var keptFields: ArraySlice<Field> { fields[0..<min(fieldCount, limit)] }

    /// Reads the next non-blank line's fields; returns `false` at the end.
    mutating func nextLine(separator: Separator) throws(AnnotationFileError) -> Bool {
        let count = bytes.count
        while position < count {
            lineNumber += 1
            fieldCount = 0
            let start = position
            let end =
                switch separator {
                case .whitespace: splitWhitespace(from: start)
                case .comma: try splitComma(from: start)
                }
            position = end < count ? end + 1 : count
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lastLineRange = start..<lineEnd
            if fieldCount > 0 { return true }
        }
        return false
    }

    /// Keeps a field (or only counts it past the limit).
    @inline(__always)
    private mutating func keep(_ start: Int, _ end: Int, quoted: Bool = false, escaped: Bool = false) {
        if fieldCount < limit { fields[fieldCount] = Field(start: start, end: end, quoted: quoted, escaped: escaped) }
        fieldCount += 1
    }

    /// Splits on runs of spaces and tabs up to the line's `\n`; returns the offset of that `\n`
    /// (or the end of the text). A `\r` before the `\n` is a separator here, never a field byte.
    private mutating func splitWhitespace(from start: Int) -> Int {
        let count = bytes.count
        var index = start
        while true {
            while index < count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x09 || (byte == 0x0D && (index + 1 == count || bytes[index + 1] == 0x0A)) else {
                    break
                }
                index += 1
            }
            if index >= count || bytes[index] == 0x0A { return index }
            let fieldStart = index
            while index < count {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A { break }
                if byte == 0x0D && (index + 1 == count || bytes[index + 1] == 0x0A) { break }
                index += 1
            }
            keep(fieldStart, index)
        }
    }

    /// Splits on commas up to the line's `\n`; returns the offset of that `\n` (or the end of
    /// the text). A line of only spaces and tabs has no fields. Unquoted fields lose their
    /// leading and trailing spaces; a quoted field runs to its closing quote on the same line and
    /// whatever follows it up to the next comma is ignored.
    private mutating func splitComma(from start: Int) throws(AnnotationFileError) -> Int {
        let count = bytes.count
        var index = start
        while true {
            if index < count && bytes[index] == 0x22 {
                var close = index + 1
                var escaped = false
                while true {
                    guard close < count, bytes[close] != 0x0A, !(bytes[close] == 0x0D && (close + 1 == count || bytes[close + 1] == 0x0A))
                    else { throw .unterminatedQuote(file: fileName, line: lineNumber) }
                    if bytes[close] == 0x22 {
                        if close + 1 < count && bytes[close + 1] == 0x22 {
                            escaped = true
                            close += 2
                            continue
                        }
                        break
                    }
                    close += 1
                }
                keep(index + 1, close, quoted: true, escaped: escaped)
                index = close + 1
                while index < count && bytes[index] != 0x2C && bytes[index] != 0x0A { index += 1 }
            } else {
                let fieldStart = index
                while index < count {
                    let byte = bytes[index]
                    if byte == 0x2C || byte == 0x0A { break }
                    index += 1
                }
                var fieldEnd = index
                if index < count ? bytes[index] == 0x0A : true, fieldEnd > fieldStart, bytes[fieldEnd - 1] == 0x0D {
                    fieldEnd -= 1
                }
                var trimmedStart = fieldStart
                while trimmedStart < fieldEnd && bytes[trimmedStart] == 0x20 { trimmedStart += 1 }
                while fieldEnd > trimmedStart && bytes[fieldEnd - 1] == 0x20 { fieldEnd -= 1 }
                if fieldCount == 0, index >= count || bytes[index] == 0x0A, isBlank(fieldStart, fieldEnd) { return index }
                keep(trimmedStart, fieldEnd)
            }
            if index >= count || bytes[index] == 0x0A { return index }
            index += 1
        }
    }

    /// Whether a one-field line holds only spaces and tabs.
    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        for index in start..<end where bytes[index] != 0x20 && bytes[index] != 0x09 { return false }
        return true
    }

    /// Runs `body` on the bytes of a field, with doubled quotes undone (into `scratch`) when it has any.
    @inline(__always)
    func withValue<Result>(
        _ field: Field, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        let raw = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.escaped else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        while index < raw.count {
            scratch.append(raw[index])
            index += raw[index] == 0x22 && index + 1 < raw.count && raw[index + 1] == 0x22 ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer(body)
    }

    /// The text of a field.
    func string(_ field: Field) -> String {
        var scratch: [UInt8] = []
        return withValue(field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
    }
}
