/// What one value of a scenario file may be: a node of the declarative scenario schema
/// (``ScenarioSchema``), which drives validation, the README's key table and `labelsim schema`.
public indirect enum SchemaNode: Sendable {
    /// A whole number in a range (written `12`, `1_000` or `1e3`).
    case integer(ClosedRange<Int>)
    /// A finite number within bounds.
    case number(NumberBounds)
    /// Any scalar, read as text.
    case text
    /// One of a fixed set of words.
    case choice([String])
    /// A list whose items all have one shape.
    case list(of: SchemaNode, count: ClosedRange<Int>)
    /// A list of fixed length whose positions have their own shapes (`[mu, sigma]`).
    case tuple([SchemaNode])
    /// A mapping with declared keys.
    case object(SchemaObject)
    /// A mapping from free names (domains, sweep keys) to values of one shape.
    case names(of: SchemaNode)
    /// Any of several shapes (`0.8` or `{beta: [8, 2]}`).
    case anyOf([SchemaNode])
    /// Anything (sweep values are checked when applied).
    case any

    /// A probability in [0, 1].
    public static let probability = SchemaNode.number(NumberBounds(minimum: 0, maximum: 1))
    /// A number above 0.
    public static let positive = SchemaNode.number(NumberBounds(minimum: 0, minimumIsExclusive: true))
    /// A number at least 0.
    public static let nonNegative = SchemaNode.number(NumberBounds(minimum: 0))

    /// An object node with `keys`.
    public static func object(_ keys: [SchemaKey], exactlyOne: [[String]] = [], namedBy: String? = nil) -> SchemaNode {
        .object(SchemaObject(keys: keys, exactlyOne: exactlyOne, namedBy: namedBy))
    }

    /// A list of at least `minimum` items.
    public static func list(of item: SchemaNode, atLeast minimum: Int = 0) -> SchemaNode {
        .list(of: item, count: minimum...Int.max)
    }

    /// The same shape as a part that merges over a profile: objects reached through object-valued
    /// keys become partial (lists and alternatives replace the profile's value, so they stay whole).
    public var partial: SchemaNode {
        guard case .object(var object) = self else { return self }
        object.isPartial = true
        object.keys = object.keys.map { key in
            var partialKey = key
            partialKey.value = key.value.partial
            return partialKey
        }
        return .object(object)
    }

    /// The expected value in words, for messages (`a whole number in [2, 1000]`).
    public var expectation: String {
        switch self {
        case .integer(let range):
            if range.upperBound == Int.max { return "a whole number at least \(range.lowerBound)" }
            return "a whole number in [\(range.lowerBound), \(range.upperBound)]"
        case .number(let bounds): return bounds.expectation
        case .text: return "a text value"
        case .choice(let words): return "one of: \(words.joined(separator: ", "))"
        case .list, .tuple: return "a list"
        case .object(let object): return "a mapping of keys (\(object.keys.map(\.name).joined(separator: ", ")))"
        case .names: return "a mapping of name: value"
        case .anyOf(let options): return options.map(\.expectation).joined(separator: ", or ")
        case .any: return "a value"
        }
    }
}

/// The bounds of a number: inclusive or exclusive minimum and maximum.
public struct NumberBounds: Sendable, Equatable {
    /// The lower bound, if any.
    public var minimum: Double?
    /// Whether the lower bound itself is refused.
    var minimumIsExclusive: Bool
    /// The upper bound, if any.
    public var maximum: Double?
    /// Whether the upper bound itself is refused.
    var maximumIsExclusive: Bool

    /// Creates bounds; both ends inclusive unless said otherwise.
    init(minimum: Double? = nil, minimumIsExclusive: Bool = false, maximum: Double? = nil, maximumIsExclusive: Bool = false) {
        self.minimum = minimum
        self.minimumIsExclusive = minimumIsExclusive
        self.maximum = maximum
        self.maximumIsExclusive = maximumIsExclusive
    }

    /// Whether `value` lies within the bounds.
    public func contains(_ value: Double) -> Bool {
        if let minimum, minimumIsExclusive ? value <= minimum : value < minimum { return false }
        if let maximum, maximumIsExclusive ? value >= maximum : value > maximum { return false }
        return true
    }

    /// `a number in [0, 1]`, `a positive number`, ...
    public var expectation: String {
        switch (minimum, maximum) {
        case (0?, nil) where minimumIsExclusive: return "a positive number"
        case (let low?, nil): return minimumIsExclusive ? "a number above \(Self.show(low))" : "a number at least \(Self.show(low))"
        case (nil, let high?): return maximumIsExclusive ? "a number below \(Self.show(high))" : "a number at most \(Self.show(high))"
        case (let low?, let high?):
            let open = minimumIsExclusive ? "(" : "["
            let close = maximumIsExclusive ? ")" : "]"
            return "a number in \(open)\(Self.show(low)), \(Self.show(high))\(close)"
        case (nil, nil): return "a number"
        }
    }

    static func show(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}

/// A mapping with declared keys and "exactly one of" rules.
public struct SchemaObject: Sendable {
    /// The keys, in the order the README lists them.
    public var keys: [SchemaKey]
    /// Groups of keys of which exactly one must be given (`budget.dollars` or `budget.items`).
    var exactlyOne: [[String]]
    /// In a list, items are named in key paths by this key's value (`vendors.crowd`), not by index.
    var namedBy: String?
    /// A part merged over a vendor profile: required keys may be left out and "exactly one of"
    /// means "at most one of" (the rest may come from the profile).
    var isPartial = false

    /// The key called `name`.
    public func key(_ name: String) -> SchemaKey? {
        keys.first { $0.name == name }
    }
}

/// One declared key: its value's shape, whether it is required, its default and meaning.
public struct SchemaKey: Sendable {
    /// The key as written in YAML.
    public var name: String
    /// What its value may be.
    public var value: SchemaNode
    /// Whether it must be given. A vendor's required keys may come from its `use:` profile.
    var isRequired: Bool
    /// The default as the README states it (`nil`: none).
    var defaultText: String?
    /// One line for the README and the JSON Schema's description.
    public var meaning: String

    /// Declares a key.
    init(_ name: String, _ value: SchemaNode, required: Bool = false, default defaultText: String? = nil, _ meaning: String) {
        self.name = name
        self.value = value
        self.isRequired = required
        self.defaultText = defaultText
        self.meaning = meaning
    }
}
