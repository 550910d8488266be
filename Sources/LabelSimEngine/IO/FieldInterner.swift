/// Maps field values to dense ids in order of first appearance, without building a `String` per
/// field: plain non-negative integers (no sign, no leading zero, at most 18 digits) are looked up
/// by value, other text by a hash of its bytes in an open-addressing table; a value's bytes are
/// copied once, when it is new, and its `String` is made only when ``names`` is asked for.
///
/// A quoted and an unquoted field with the same bytes (`"12"` and `12`) are the same value.
struct FieldInterner {
    /// Ids of small plain integers, indexed by value (`-1`: not seen): item and worker numbers in
    /// real files are mostly dense, and an array lookup is several times cheaper than hashing.
    private var dense: [Int32] = []
    /// Ids of plain integers too large for the dense table.
    private var numeric: [Int: Int32] = [:]
    /// Open-addressing table of text ids (`-1`: empty), a power of two long, at most half full.
    private var slots: [Int32] = []
    /// Hash of each text id's bytes (0 for integer ids), to skip most byte comparisons.
    private var hashes: [UInt64] = []
    /// The bytes of every value, back to back, in id order.
    private var nameBytes: [UInt8] = []
    /// End of each id's bytes in ``nameBytes``.
    private var nameEnds: [Int] = []
    private var textCount = 0

    /// Number of distinct values.
    var count: Int { nameEnds.count }

    /// The value of each id.
    var names: [String] {
        nameBytes.withUnsafeBufferPointer { all in
            var start = 0
            return nameEnds.map { end in
                defer { start = end }
                return String(decoding: UnsafeBufferPointer(rebasing: all[start..<end]), as: UTF8.self)
            }
        }
    }

    /// The id of the value `bytes`, adding it when new.
    @inline(__always)
    mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let value = Self.plainInteger(bytes) {
            if value < dense.count {
                let known = dense[value]
                if known >= 0 { return known }
            }
            return newInteger(value, bytes)
        }
        return textID(bytes)
    }

    /// The id of a field already known to be the plain integer `value` (its text is `bytes`):
    /// the readers' fast lane, which parses the digits while it looks for the field's end.
    @inline(__always)
    mutating func id(ofInteger value: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if value < dense.count {
            let known = dense[value]
            if known >= 0 { return known }
        }
        return newInteger(value, bytes)
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
            if hashes[Int(id)] == hash && equals(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The value of `id` as text.
    func name(_ id: Int32) -> String {
        let index = Int(id)
        let start = index == 0 ? 0 : nameEnds[index - 1]
        return nameBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<nameEnds[index]]), as: UTF8.self)
        }
    }

    private mutating func newInteger(_ value: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if !numeric.isEmpty, let id = numeric[value] { return id }
        let id = append(bytes, hash: 0)
        // The table stays within a constant factor of the distinct values seen.
        if value < min(Self.denseLimit, max(1 << 16, 16 * count)) {
            if value >= dense.count {
                let size = min(Self.denseLimit, max(value + 1, dense.count * 2))
                dense += [Int32](repeating: -1, count: size - dense.count)
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
            if hashes[Int(id)] == hash && equals(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = append(bytes, hash: hash)
        textCount += 1
        if 2 * textCount > slots.count {
            grow()
            mask = slots.count - 1
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
        }
        slots[slot] = id
        return id
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let id = Int32(truncatingIfNeeded: nameEnds.count)
        nameBytes.append(contentsOf: bytes)
        nameEnds.append(nameBytes.count)
        hashes.append(hash)
        return id
    }

    /// Doubles the text table, re-placing every text id.
    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in slots where id >= 0 {
            var slot = Int(truncatingIfNeeded: hashes[Int(id)]) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = id
        }
        slots = bigger
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : nameEnds[id - 1]
        let end = nameEnds[id]
        guard end - start == bytes.count else { return false }
        return nameBytes.withUnsafeBufferPointer { all in
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
