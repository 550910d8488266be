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
    /// Ids per line of each column: the first ``lineCount`` entries are the lines read, the rest
    /// room reserved ahead (``finish()`` cuts it), so that the fast lane writes through pointers
    /// with no per-line capacity or uniqueness check.
    private(set) var firstIDs: [Int32] = []
    private(set) var secondIDs: [Int32] = []
    private(set) var thirdIDs: [Int32] = []
    private(set) var lineCount = 0
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

    /// Lets each column's dense integer table reach `entries` values at once (see
    /// ``FieldInterner/denseRoom``).
    mutating func allowDense(_ entries: Int) {
        first.denseRoom = entries
        second.denseRoom = entries
        third.denseRoom = entries
    }

    /// Reserves room for `lines` more lines.
    mutating func reserve(lines: Int) {
        let wanted = lineCount + lines
        guard wanted > firstIDs.count else { return }
        // Only the lines read are kept (the rest is zeros to be overwritten).
        let kept = lineCount
        firstIDs = LargeArray.zeroed(count: wanted, keeping: firstIDs, first: kept)
        secondIDs = LargeArray.zeroed(count: wanted, keeping: secondIDs, first: kept)
        thirdIDs = LargeArray.zeroed(count: wanted, keeping: thirdIDs, first: kept)
    }

    /// Cuts the reserved room past the lines read (call once, when every line is in).
    mutating func finish() {
        firstIDs.removeLast(firstIDs.count - lineCount)
        secondIDs.removeLast(secondIDs.count - lineCount)
        thirdIDs.removeLast(thirdIDs.count - lineCount)
    }

    /// Records one line's ids.
    @inline(__always)
    mutating func append(_ a: Int32, _ b: Int32, _ c: Int32) {
        if lineCount == firstIDs.count { reserve(lines: max(1024, lineCount)) }
        if lineCount == 0 || a != firstIDs[lineCount - 1] { runs.0 += 1 }
        if lineCount == 0 || b != secondIDs[lineCount - 1] { runs.1 += 1 }
        firstIDs[lineCount] = a
        secondIDs[lineCount] = b
        thirdIDs[lineCount] = c
        lineCount += 1
    }

    /// Appends the lines of `later`, read from the bytes right after this one's: its values go
    /// through this one's interners in the order they first appear there, which gives every value
    /// the id a single pass over both parts would have given it; its ids are rewritten to those,
    /// and a run that continues across the boundary is counted once.
    mutating func append(_ later: AnnotationColumns) {
        guard later.lineCount > 0 else { return }
        let maps = (first.absorb(later.first), second.absorb(later.second), third.absorb(later.third))
        let start = lineCount
        reserve(lines: later.lineCount)
        if start > 0 && maps.0[Int(later.firstIDs[0])] == firstIDs[start - 1] { runs.0 -= 1 }
        if start > 0 && maps.1[Int(later.secondIDs[0])] == secondIDs[start - 1] { runs.1 -= 1 }
        runs.0 += later.runs.0
        runs.1 += later.runs.1
        func rewrite(_ target: inout [Int32], _ source: [Int32], _ map: [Int32]) {
            target.withUnsafeMutableBufferPointer { target in
                source.withUnsafeBufferPointer { source in
                    map.withUnsafeBufferPointer { map in
                        for index in 0..<later.lineCount { target[start + index] = map[Int(source[index])] }
                    }
                }
            }
        }
        rewrite(&firstIDs, later.firstIDs, maps.0)
        rewrite(&secondIDs, later.secondIDs, maps.1)
        rewrite(&thirdIDs, later.thirdIDs, maps.2)
        lineCount += later.lineCount
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
        guard bytes.baseAddress != nil, shape.needed <= Self.plainFieldLimit else { return (start, 0) }
        // The id arrays leave `self` while the lane writes through their pointers (the
        // interners stay, and are mutated per line), then come back: no copy, one uniqueness
        // check per run of lines instead of three per line.
        var ids = (firstIDs, secondIDs, thirdIDs)
        (firstIDs, secondIDs, thirdIDs) = ([], [], [])
        let room = ids.0.count
        defer { (firstIDs, secondIDs, thirdIDs) = ids }
        return ids.0.withUnsafeMutableBufferPointer { a in
            ids.1.withUnsafeMutableBufferPointer { b in
                ids.2.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return (start, 0) }
                    return plainLines(bytes, from: start, shape: shape, into: (a, b, c), room: room)
                }
            }
        }
    }

    /// The fast lane's loop (see ``readPlainLines(_:from:shape:)``), writing the ids of line
    /// ``lineCount`` + n at offset ``lineCount`` + n of `ids`, which hold `room` entries.
    private mutating func plainLines(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, shape: PlainShape,
        into ids: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>), room: Int
    ) -> (position: Int, lines: Int) {
        guard let base = bytes.baseAddress else { return (start, 0) }
        let count = bytes.count
        let comma = shape.comma
        let separatorA: UInt8 = comma ? 0x2C : 0x09
        let separatorB: UInt8 = comma ? 0x2C : 0x20
        let (p0, p1, p2) = shape.positions
        let needed = shape.needed
        let exact = shape.exact
        var filled = lineCount
        var lastA: Int32 = filled > 0 ? ids.0[filled - 1] : -1
        var lastB: Int32 = filled > 0 ? ids.1[filled - 1] : -1
        var runA = 0
        var runB = 0
        defer {
            lineCount = filled
            runs.0 += runA
            runs.1 += runB
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * Self.plainFieldLimit) { scratch in
            guard let starts = scratch.baseAddress else { return (start, 0) }
            let ends = starts + Self.plainFieldLimit
            // A field's integer value, or −1 when it is not a plain integer.
            let values = ends + Self.plainFieldLimit
            var lineStart = start
            var lines = 0
            while lineStart < count && filled < room {
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
                    return value >= 0 ? interner.id(ofInteger: value) : interner.id(of: text)
                }
                let a = id(&first, p0)
                let b = id(&second, p1)
                let c = id(&third, p2)
                if a != lastA { runA &+= 1 }
                if b != lastB { runB &+= 1 }
                lastA = a
                lastB = b
                ids.0[filled] = a
                ids.1[filled] = b
                ids.2[filled] = c
                filled &+= 1
                lines &+= 1
                lineStart = index < count ? index &+ 1 : count
            }
            return (lineStart, lines)
        }
    }
}
