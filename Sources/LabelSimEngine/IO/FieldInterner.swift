/// Maps field values to dense ids in order of first appearance, without building a `String` per
/// field: plain non-negative integers (no sign, no leading zero, at most 18 digits) are looked up
/// by value and kept as their value alone (their text is the value's decimal digits); other text
/// by a hash of its bytes in an open-addressing table, its bytes copied once, when it is new. A
/// value's `String` is made only when ``names`` is asked for.
///
/// A quoted and an unquoted field with the same bytes (`"12"` and `12`) are the same value.
struct FieldInterner {
    /// Ids of small plain integers, indexed by value (`-1`: not seen): item and worker numbers in
    /// real files are mostly dense, and an array lookup is several times cheaper than hashing.
    private var dense: [Int32] = []
    /// Ids of plain integers too large for the dense table.
    private var numeric: [Int: Int32] = [:]
    /// Per id: the value of a plain integer (≥ 0), or −1 − its number among the text values.
    private var keys: [Int] = []
    /// Open-addressing table of text ids (`-1`: empty), a power of two long, at most half full.
    private var slots: [Int32] = []
    /// Hash of each text value's bytes, to skip most byte comparisons.
    private var hashes: [UInt64] = []
    /// The bytes of every text value, back to back, in order.
    private var textBytes: [UInt8] = []
    /// End of each text value's bytes in ``textBytes``.
    private var textEnds: [Int] = []
    /// Values below this may take the dense table whatever the count (set from the size of the
    /// text read, so that the table stays within a constant factor of it).
    var denseRoom = 0

    /// Number of distinct values.
    var count: Int { keys.count }

    /// The value of each id.
    var names: [String] { keys.map(text(ofKey:)) }

    /// The id of the value `bytes`, adding it when new.
    @inline(__always)
    mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let value = Self.plainInteger(bytes) { return id(ofInteger: value) }
        return textID(bytes)
    }

    /// The id of a field known to be the plain integer `value`: the readers' fast lane, which
    /// parses the digits while it looks for the field's end.
    @inline(__always)
    mutating func id(ofInteger value: Int) -> Int32 {
        if value < dense.count {
            let known = dense[value]
            if known >= 0 { return known }
        }
        return newInteger(value)
    }

    /// The id of the value `bytes` if it was seen, without adding it (gold files look up the
    /// annotation file's items and classes this way, with no `String` per field).
    func existingID(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if let value = Self.plainInteger(bytes) {
            // A value below the dense table's end may still sit in `numeric` (added before the
            // table grew past it).
            if value < dense.count, dense[value] >= 0 { return dense[value] }
            return numeric[value]
        }
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if matches(Int(id), hash, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Adds the values of `other` in its id order (each new one gets the next id, as if its
    /// lines had come after this interner's); returns this interner's id of each of `other`'s.
    mutating func absorb(_ other: FieldInterner) -> [Int32] {
        other.textBytes.withUnsafeBufferPointer { all in
            other.keys.map { key in
                if key >= 0 { return id(ofInteger: key) }
                let text = -1 - key
                let start = text == 0 ? 0 : other.textEnds[text - 1]
                return textID(UnsafeBufferPointer(rebasing: all[start..<other.textEnds[text]]))
            }
        }
    }

    /// Whether every value is UTF-8 text (checked per distinct value, so once per value, not per field).
    var isUTF8: Bool {
        textBytes.withUnsafeBufferPointer { all in
            textEnds.indices.allSatisfy { text in
                let start = text == 0 ? 0 : textEnds[text - 1]
                return String(validating: UnsafeBufferPointer(rebasing: all[start..<textEnds[text]]), as: UTF8.self) != nil
            }
        }
    }

    /// The value of `id` as text.
    func name(_ id: Int32) -> String { text(ofKey: keys[Int(id)]) }

    private func text(ofKey key: Int) -> String {
        if key >= 0 {
            // The decimal digits, written backwards into a small buffer.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var value = key
                var start = 20
                repeat {
                    start -= 1
                    digits[start] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                } while value > 0
                return String(decoding: UnsafeBufferPointer(rebasing: digits[start..<20]), as: UTF8.self)
            }
        }
        let text = -1 - key
        let start = text == 0 ? 0 : textEnds[text - 1]
        return textBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<textEnds[text]]), as: UTF8.self)
        }
    }

    private mutating func newInteger(_ value: Int) -> Int32 {
        if !numeric.isEmpty, let id = numeric[value] { return id }
        let id = Int32(truncatingIfNeeded: keys.count)
        keys.append(value)
        // The table stays within a constant factor of the distinct values seen, or of the text
        // read (``denseRoom``: a part of a file read on its own starts at large values).
        if value < min(Self.denseLimit, max(1 << 16, 16 * count, denseRoom)) {
            if value >= dense.count {
                let size = min(Self.denseLimit, max(value + 1, dense.count * 2))
                dense += repeatElement(-1, count: size - dense.count)
            }
            dense[value] = id
        } else {
            numeric[value] = id
        }
        return id
    }

    private mutating func textID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        if slots.isEmpty { slots = [Int32](repeating: -1, count: 64) }
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if matches(Int(id), hash, bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(truncatingIfNeeded: keys.count)
        keys.append(-1 - hashes.count)
        textBytes.append(contentsOf: bytes)
        textEnds.append(textBytes.count)
        hashes.append(hash)
        if 2 * hashes.count > slots.count {
            grow()
            mask = slots.count - 1
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
        }
        slots[slot] = id
        return id
    }

    /// Doubles the text table, re-placing every text id.
    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in slots where id >= 0 {
            var slot = Int(truncatingIfNeeded: hashes[-1 - keys[Int(id)]]) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = id
        }
        slots = bigger
    }

    /// Whether text id `id` has hash `hash` and the bytes `bytes`.
    private func matches(_ id: Int, _ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = -1 - keys[id]
        guard hashes[text] == hash else { return false }
        let start = text == 0 ? 0 : textEnds[text - 1]
        guard textEnds[text] - start == bytes.count else { return false }
        return textBytes.withUnsafeBufferPointer { all in
            for offset in 0..<bytes.count where all[start + offset] != bytes[offset] { return false }
            return true
        }
    }

    /// No value at or above this goes to the dense table (at most 64 MB).
    private static let denseLimit = 1 << 24

    /// 64-bit FNV-1a of the bytes, then a final mix so the low bits (the table index) spread.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3 }
        hash ^= hash >> 32
        return hash &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    static func plainInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let length = bytes.count
        guard length > 0, length <= 18 else { return nil }
        if length > 1 && bytes[0] == 0x30 { return nil }
        var value = 0
        for byte in bytes {
            let digit = Int(byte) &- 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value &* 10 &+ digit
        }
        return value
    }
}
