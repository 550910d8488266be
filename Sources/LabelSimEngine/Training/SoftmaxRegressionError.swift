/// A rejected softmax-regression input or a failed fit.
public enum SoftmaxRegressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A constructor parameter is out of range.
    case invalidParameter(name: String, value: String, expected: String)
    /// An array has the wrong number of values.
    case shapeMismatch(what: String, expected: Int, actual: Int)
    /// A label, target or feature value is unusable (out of range, negative, not finite).
    case invalidValue(what: String, index: Int, value: String)
    /// The minimiser failed (for example the objective overflowed).
    case optimizationFailed(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "softmax regression: \(name) = \(value), expected \(expected)"
        case .shapeMismatch(let what, let expected, let actual):
            return "softmax regression: \(what) has \(actual) values, expected \(expected)"
        case .invalidValue(let what, let index, let value):
            return "softmax regression: \(what)[\(index)] = \(value) is not usable"
        case .optimizationFailed(let message):
            return "softmax regression: fitting failed: \(message)"
        }
    }
}
