/// Maps field values to dense ids in order of first appearance. Plain non-negative integers
/// (no sign, no leading zero, at most 18 digits) are looked up by value without building a
/// string, which keeps reading a million-line file fast.
struct FieldInterner {
    private var numeric: [Int: Int32] = [:]
    private var text: [String: Int32] = [:]
    /// The value of each id.
    private(set) var names: [String] = []

    /// Number of distinct values.
    var count: Int { names.count }

    /// The id of `field`, adding it when new.
    mutating func id(of field: DelimitedText.Field, in source: DelimitedText) -> Int32 {
        if let value = Self.plainInteger(source.bytes, field) {
            if let id = numeric[value] { return id }
            let id = Int32(names.count)
            numeric[value] = id
            names.append(String(value))
            return id
        }
        let string = source.string(field)
        if let id = text[string] { return id }
        let id = Int32(names.count)
        text[string] = id
        names.append(string)
        return id
    }

    /// The id of `name` if it was seen.
    func existingID(of name: String) -> Int32? {
        if let value = Int(name), String(value) == name, let id = numeric[value] { return id }
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
