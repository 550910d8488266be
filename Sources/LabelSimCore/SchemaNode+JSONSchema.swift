import Foundation

extension SchemaNode {
    /// This node as a JSON Schema (draft 2020-12) document, for editors (the VS Code YAML
    /// extension) and `python3 -m jsonschema`. A vendor entry that has `use:` may leave out the
    /// keys its profile supplies, which JSON Schema says with an `anyOf`.
    public func jsonSchemaDocument(title: String) -> String {
        guard case .object(var fields) = jsonSchema(isKeyValue: false) else { return "{}" }
        fields["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        fields["title"] = .string(title)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(fields)) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `isKeyValue`: the value of a mapping key, where an empty object value (`task: ~`) is allowed.
    func jsonSchema(isKeyValue: Bool) -> JSONValue {
        switch self {
        case .integer(let range):
            var fields: [String: JSONValue] = ["type": .string("integer"), "minimum": .number(Double(range.lowerBound))]
            if range.upperBound != Int.max { fields["maximum"] = .number(Double(range.upperBound)) }
            return .object(fields)
        case .number(let bounds):
            var fields: [String: JSONValue] = ["type": .string("number")]
            if let minimum = bounds.minimum { fields[bounds.minimumIsExclusive ? "exclusiveMinimum" : "minimum"] = .number(minimum) }
            if let maximum = bounds.maximum { fields[bounds.maximumIsExclusive ? "exclusiveMaximum" : "maximum"] = .number(maximum) }
            return .object(fields)
        case .text:
            return .object(["type": .string("string")])
        case .choice(let words):
            return .object(["enum": .array(words.map(JSONValue.string))])
        case .list(let item, let count):
            var fields: [String: JSONValue] = ["type": .string("array"), "items": item.jsonSchema(isKeyValue: false)]
            if count.lowerBound > 0 { fields["minItems"] = .number(Double(count.lowerBound)) }
            if count.upperBound != Int.max { fields["maxItems"] = .number(Double(count.upperBound)) }
            return .object(fields)
        case .tuple(let positions):
            return .object([
                "type": .string("array"), "prefixItems": .array(positions.map { $0.jsonSchema(isKeyValue: false) }),
                "items": .bool(false), "minItems": .number(Double(positions.count)),
            ])
        case .object(let object):
            return Self.jsonSchema(object, isKeyValue: isKeyValue)
        case .names(let value):
            return .object(["type": .string("object"), "additionalProperties": value.jsonSchema(isKeyValue: true)])
        case .anyOf(let options):
            return .object(["anyOf": .array(options.map { $0.jsonSchema(isKeyValue: isKeyValue) })])
        case .any:
            return .object([:])
        }
    }

    private static func jsonSchema(_ object: SchemaObject, isKeyValue: Bool) -> JSONValue {
        if object.key("use") != nil, !object.isPartial {
            // A vendor entry either is whole or names a profile (`use:`) and gives only what it changes.
            var whole = object
            whole.keys.removeAll { $0.name == "use" }
            guard case .object(let partial) = SchemaNode.object(object).partial else { return .object([:]) }
            return .object([
                "anyOf": .array([
                    properties(whole, isKeyValue: isKeyValue, required: whole.keys.filter(\.isRequired).map(\.name)),
                    properties(partial, isKeyValue: isKeyValue, required: ["name", "use"]),
                ])
            ])
        }
        return properties(object, isKeyValue: isKeyValue, required: object.isPartial ? [] : object.keys.filter(\.isRequired).map(\.name))
    }

    private static func properties(_ object: SchemaObject, isKeyValue: Bool, required: [String]) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for key in object.keys {
            guard case .object(var fields) = key.value.jsonSchema(isKeyValue: true) else { continue }
            var description = key.meaning
            if let defaultText = key.defaultText { description += " (default: \(defaultText.replacingOccurrences(of: "`", with: "")))" }
            fields["description"] = .string(description)
            properties[key.name] = .object(fields)
        }
        var fields: [String: JSONValue] = [
            "type": isKeyValue ? .array([.string("object"), .string("null")]) : .string("object"),
            "properties": .object(properties), "additionalProperties": .bool(false),
        ]
        if !required.isEmpty { fields["required"] = .array(required.map(JSONValue.string)) }
        let rules: [JSONValue] = object.exactlyOne.map { group in
            let both = JSONValue.object(["not": .object(["required": .array(group.map(JSONValue.string))])])
            if object.isPartial { return both }
            return .object(["oneOf": .array(group.map { .object(["required": .array([.string($0)])]) })])
        }
        if !rules.isEmpty {
            // The rules do not apply to an empty value (`budget: ~` is reported as missing instead).
            fields["allOf"] = .array(rules.map { rule in .object(["if": .object(["type": .string("object")]), "then": rule]) })
        }
        return .object(fields)
    }
}

/// A JSON value, encoded through `Codable`.
enum JSONValue: Encodable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
        case .bool(let flag): try container.encode(flag)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        }
    }
}
