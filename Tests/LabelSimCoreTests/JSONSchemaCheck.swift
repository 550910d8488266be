import Foundation

@testable import LabelSimCore

/// A small JSON Schema (draft 2020-12) evaluator for the keywords `labelsim schema` prints, so that
/// the printed schema is checked in Swift too, not only by `python3 -m jsonschema` when installed.
enum JSONSchemaCheck {
    /// Why `instance` does not satisfy `schema` (empty: it does).
    static func errors(_ instance: Any?, _ schema: Any, path: String = "$") -> [String] {
        if let flag = schema as? Bool { return flag ? [] : ["\(path): not allowed"] }
        guard let schema = schema as? [String: Any] else { return ["\(path): schema is not an object"] }
        var errors: [String] = []
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [(type as? String) ?? ""]
            if !types.contains(where: { matches(instance, type: $0) }) { errors.append("\(path): not of type \(types)") }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal($0, instance) }) {
            errors.append("\(path): not in enum")
        }
        if let number = numeric(instance) {
            if let minimum = numeric(schema["minimum"]), number < minimum { errors.append("\(path): below minimum") }
            if let maximum = numeric(schema["maximum"]), number > maximum { errors.append("\(path): above maximum") }
            if let minimum = numeric(schema["exclusiveMinimum"]), number <= minimum { errors.append("\(path): not above minimum") }
            if let maximum = numeric(schema["exclusiveMaximum"]), number >= maximum { errors.append("\(path): not below maximum") }
        }
        if let object = instance as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                errors.append("\(path): missing \(name)")
            }
            for (key, value) in object {
                if let property = properties[key] {
                    errors += Self.errors(value, property, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    errors += Self.errors(value, additional, path: "\(path).\(key)")
                }
            }
        }
        if let array = instance as? [Any] {
            let prefix = schema["prefixItems"] as? [Any] ?? []
            for (index, value) in array.enumerated() {
                if index < prefix.count {
                    errors += Self.errors(value, prefix[index], path: "\(path)[\(index)]")
                } else if let items = schema["items"] {
                    errors += Self.errors(value, items, path: "\(path)[\(index)]")
                }
            }
            if let minimum = numeric(schema["minItems"]), Double(array.count) < minimum { errors.append("\(path): too few items") }
            if let maximum = numeric(schema["maxItems"]), Double(array.count) > maximum { errors.append("\(path): too many items") }
        }
        if let options = schema["anyOf"] as? [Any], !options.contains(where: { Self.errors(instance, $0, path: path).isEmpty }) {
            errors.append("\(path): matches no anyOf option")
        }
        if let options = schema["oneOf"] as? [Any], options.filter({ Self.errors(instance, $0, path: path).isEmpty }).count != 1 {
            errors.append("\(path): matches not exactly one oneOf option")
        }
        for rule in schema["allOf"] as? [Any] ?? [] { errors += Self.errors(instance, rule, path: path) }
        if let condition = schema["if"], Self.errors(instance, condition, path: path).isEmpty, let then = schema["then"] {
            errors += Self.errors(instance, then, path: path)
        }
        if let negated = schema["not"], Self.errors(instance, negated, path: path).isEmpty { errors.append("\(path): matches not") }
        return errors
    }

    private static func matches(_ instance: Any?, type: String) -> Bool {
        switch type {
        case "null": return instance == nil || instance is NSNull
        case "object": return instance is [String: Any]
        case "array": return instance is [Any]
        case "string": return instance is String
        case "boolean": return instance is Bool
        case "number": return numeric(instance) != nil
        case "integer": return numeric(instance).map { $0 == $0.rounded() } ?? false
        default: return false
        }
    }

    private static func numeric(_ value: Any?) -> Double? {
        if value is Bool { return nil }
        if let value = value as? Int { return Double(value) }
        return value as? Double
    }

    private static func equal(_ a: Any, _ b: Any?) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        return false
    }

    /// A scenario tree as JSON values, resolving scalars as YAML 1.2's core schema does (as the
    /// VS Code YAML extension would): unquoted numbers and booleans become numbers and booleans.
    static func json(_ node: ConfigNode) -> Any? {
        switch node {
        case .null: return nil
        case .sequence(let items, _): return items.map { json($0) ?? NSNull() }
        case .mapping(let entries, _):
            var object: [String: Any] = [:]
            for entry in entries { object[entry.key] = json(entry.value) ?? NSNull() }
            return object
        case .scalar(let text, let quoted, _):
            if quoted { return text }
            if text == "true" || text == "false" { return text == "true" }
            if let integer = Int(text) { return integer }
            if let number = Double(text), number.isFinite, !text.contains(where: \.isLetter) || text.lowercased().contains("e") {
                return number
            }
            return text
        }
    }

    /// The JSON Schema document as Foundation objects.
    static func parse(_ document: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(document.utf8))
    }
}
