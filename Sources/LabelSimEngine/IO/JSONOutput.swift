import Foundation

/// Writes labelsim's JSON documents through `JSONEncoder`, and reads them back.
///
/// Keys are the documents' property names in snake case (`goldItems` → `gold_items`), so no
/// document spells out a `CodingKeys` table. The conversion applies to the keys of types only:
/// `JSONEncoder` and `JSONDecoder` pass the keys of a `[String: …]` dictionary (metric names such
/// as `label_accuracy.<domain>`, which hold user text) through unchanged; a test checks it. Keys
/// are sorted: `JSONEncoder` on Linux keeps no key order (it differs from one process to the
/// next), so without sorting the same result would not give the same bytes. Slashes stay
/// unescaped so that file paths read as typed.
public enum JSONOutput {
    /// `value` as JSON text ending in a newline: one line, or indented for files people read.
    public static func text<Document: Encodable>(_ value: Document, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Reads a document ``text(_:pretty:)`` wrote.
    public static func read<Document: Decodable>(_ type: Document.Type, from data: Data) throws -> Document {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    /// A key as the reader hands it over (`costDollars`) back in the snake case of the file
    /// (`cost_dollars`): for messages and for keys that are data (metric names).
    static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { name, character in
            name += character.isUppercase ? "_" + character.lowercased() : String(character)
        }
    }
}

/// A number in a JSON document: `null` when it is not finite (JSON has no NaN or infinity), read
/// back as NaN.
public struct JSONNumber: Codable, Sendable, Equatable {
    /// The number (NaN for `null`).
    public var value: Double

    /// Wraps `value`.
    public init(_ value: Double) { self.value = value }

    /// Wraps `value`, `null` when it is nil.
    public init(_ value: Double?) { self.value = value ?? .nan }

    /// Reads a number or `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? .nan : try container.decode(Double.self)
    }

    /// Writes the number, or `null` when it is not finite.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
    }

    /// Equal numbers, or both undefined.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN)
    }
}

/// An optional value written as `null` rather than leaving its key out (what a synthesised
/// `Encodable` does with an optional), so that a document always has the same keys.
public struct JSONNullable<Wrapped: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The value, or nil for `null`.
    public var value: Wrapped?

    /// Wraps `value`.
    public init(_ value: Wrapped?) { self.value = value }

    /// Reads a value or `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? nil : try container.decode(Wrapped.self)
    }

    /// Writes the value or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
