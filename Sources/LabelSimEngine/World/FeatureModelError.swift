/// A rejected feature-model parameter or prior.
public enum FeatureModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A constructor parameter is out of range.
    case invalidParameter(name: String, value: String, expected: String)
    /// A class prior is not a probability vector over the model's classes.
    case invalidPrior([Double], reason: String)
    /// Numerical integration of the Bayes accuracy failed.
    case quadratureFailed(String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "feature model: \(name) = \(value), expected \(expected)"
        case .invalidPrior(let prior, let reason):
            return "feature model: class prior \(prior) is invalid: \(reason)"
        case .quadratureFailed(let message):
            return "feature model: Bayes accuracy integral failed: \(message)"
        }
    }
}
