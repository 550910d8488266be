/// The three columns of an annotation file as they are read: an interner per column and the ids
/// of every line, plus how often each of the first two columns changes from one line to the next
/// (for ``LayoutEvidence``). Roles (item, worker, label) are fixed by the caller afterwards.
///
/// Lines reach it two ways: split by ``DelimitedText`` (any line, with every check and error), or
/// through ``readPlainLines(_:from:shape:)``, a fast lane that reads runs of plain lines straight
/// from the bytes, parsing integers while it looks for each field's end, and hands any other
/// line back to the splitter.
struct AnnotationColumns {
    var first = FieldInterner()
    var second = FieldInterner()
    var third = FieldInterner()
    var firstIDs: [Int32] = []
    var secondIDs: [Int32] = []
    var thirdIDs: [Int32] = []
    var runs = (0, 0)

    /// What the fast lane accepts: which fields are kept, how many a line has, its separators.
    struct PlainShape {
        /// Field positions of the three columns as read.
        var positions: (Int, Int, Int)
        /// Fields a line needs (kept: the first `needed`).
        var needed: Int
        /// Whether a line must have exactly `needed` fields (whitespace layouts) or at least.
        var exact: Bool
        /// Commas (CSV) rather than single spaces or tabs.
        var comma: Bool
    }

    /// Most fields a line may need for the fast lane (wider headers take the splitter).
    static let plainFieldLimit = 16

    /// Reserves room for `lines` more lines.
    mutating func reserve(lines: Int) {
        firstIDs.reserveCapacity(firstIDs.count + lines)
        secondIDs.reserveCapacity(secondIDs.count + lines)
        thirdIDs.reserveCapacity(thirdIDs.count + lines)
    }

    /// Records one line's ids.
    @inline(__always)
    mutating func append(_ a: Int32, _ b: Int32, _ c: Int32) {
        if a != firstIDs.last { runs.0 += 1 }
        if b != secondIDs.last { runs.1 += 1 }
        firstIDs.append(a)
        secondIDs.append(b)
        thirdIDs.append(c)
    }

    /// Reads plain lines from byte `start` (a line start) and stops at the first line that is not
    /// plain, or at the end; returns where it stopped (a line start) and how many lines it read.
    ///
    /// A line is plain when the splitter would read it as the same fields with no check failing:
    /// no `\r`, every field non-empty, the field count right for `shape`, and for CSV no quote and
    /// no space (spaces are trimmed there); for whitespace layouts the fields are separated by
    /// exactly one space or tab and the line neither starts nor ends with one. Everything else
    /// (blank lines, quoting, errors, which must name their line) is left to the splitter.
    mutating func readPlainLines(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, shape: PlainShape) -> (
        position: Int, lines: Int
    ) {
        guard let base = bytes.baseAddress, shape.needed <= Self.plainFieldLimit else { return (start, 0) }
        let count = bytes.count
        let comma = shape.comma
        let separatorA: UInt8 = comma ? 0x2C : 0x09
        let separatorB: UInt8 = comma ? 0x2C : 0x20
        let (p0, p1, p2) = shape.positions
        let needed = shape.needed
        let exact = shape.exact
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * Self.plainFieldLimit) { scratch in
            guard let starts = scratch.baseAddress else { return (start, 0) }
            let ends = starts + Self.plainFieldLimit
            // A field's integer value, or −1 when it is not a plain integer.
            let values = ends + Self.plainFieldLimit
            var lineStart = start
            var lines = 0
            while lineStart < count {
                var index = lineStart
                var field = 0
                while true {
                    let fieldStart = index
                    var value = 0
                    var digits = true
                    while index < count {
                        let byte = base[index]
                        let digit = UInt(byte) &- 0x30
                        if digit < 10 {
                            value = value &* 10 &+ Int(digit)
                            index &+= 1
                            continue
                        }
                        if byte == separatorA || byte == separatorB || byte == 0x0A { break }
                        if byte == 0x0D || (comma && (byte == 0x22 || byte == 0x20)) { return (lineStart, lines) }
                        digits = false
                        index &+= 1
                    }
                    let length = index &- fieldStart
                    if length == 0 { return (lineStart, lines) }
                    if field < needed {
                        starts[field] = fieldStart
                        ends[field] = index
                        let plain = digits && length <= 18 && (length == 1 || base[fieldStart] != 0x30)
                        values[field] = plain ? value : -1
                    }
                    field &+= 1
                    if index >= count || base[index] == 0x0A { break }
                    index &+= 1
                }
                if field < needed || (exact && field != needed) { return (lineStart, lines) }
                @inline(__always)
                func id(_ interner: inout FieldInterner, _ position: Int) -> Int32 {
                    let text = UnsafeBufferPointer(start: base + starts[position], count: ends[position] &- starts[position])
                    let value = values[position]
                    return value >= 0 ? interner.id(ofInteger: value, bytes: text) : interner.id(of: text)
                }
                let a = id(&first, p0)
                let b = id(&second, p1)
                let c = id(&third, p2)
                append(a, b, c)
                lines &+= 1
                lineStart = index < count ? index &+ 1 : count
            }
            return (lineStart, lines)
        }
    }
}
