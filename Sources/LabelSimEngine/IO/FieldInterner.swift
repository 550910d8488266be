/// Maps field values to dense ids in order of first appearance. Plain non-negative integers
/// (no sign, no leading zero, at most 18 digits) are looked up by value without building a
/// string, which keeps reading a million-line file fast.
struct FieldInterner {
    /// Ids of small plain integers, indexed by value (`-1`: not seen): item and worker numbers in
    /// real files are mostly dense, and an array lookup is several times cheaper than hashing.
    private var dense: [Int32] = []
    private var numeric: [Int: Int32] = [:]
    private var text: [String: Int32] = [:]
    /// The value of each id.
    private(set) var names: [String] = []

    /// Number of distinct values.
    var count: Int { names.count }

    /// The id of `field`, adding it when new.
    mutating func id(of field: DelimitedText.Field, in source: DelimitedText) -> Int32 {
        if let value = Self.plainInteger(source.bytes, field) {
            if value < dense.count, dense[value] >= 0 { return dense[value] }
            if !numeric.isEmpty, let id = numeric[value] { return id }
            let id = Int32(names.count)
            names.append(String(value))
            // The table stays within a constant factor of the distinct values seen.
            if value < min(Self.denseLimit, max(1 << 16, 16 * names.count)) {
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
        let string = source.string(field)
        if let id = text[string] { return id }
        let id = Int32(names.count)
        text[string] = id
        names.append(string)
        return id
    }

    /// No value at or above this goes to the dense table (at most 64 MB).
    private static let denseLimit = 1 << 24

    /// The id of `name` if it was seen.
    func existingID(of name: String) -> Int32? {
        if let value = Int(name), String(value) == name {
            if value >= 0, value < dense.count, dense[value] >= 0 { return dense[value] }
            if let id = numeric[value] { return id }
        }
        return text[name]
    }

    private static func plainInteger(_ bytes: [UInt8], _ field: DelimitedText.Field) -> Int? {
        let length = field.end - field.start
        guard !field.quoted, length > 0, length <= 18 else { return nil }
        if length > 1 && bytes[field.start] == 0x30 { return nil }
        var value = 0
        for index in field.start..<field.end {
            let digit = Int(bytes[index]) - 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
