/// A failure reported by GSL, turned into a Swift error instead of GSL's default `abort()`.
public struct GSLError: Error, CustomStringConvertible, Sendable, Equatable {
    /// GSL's status code (`GSL_EDOM`, `GSL_ENOMEM`, …).
    public let status: Int32
    /// What the call was doing, in words a user can act on.
    public let context: String

    /// Creates an error from a GSL status and the operation that produced it.
    public init(status: Int32, context: String) {
        self.status = status
        self.context = context
    }

    /// A one-line description naming the operation and GSL's own message.
    public var description: String {
        "\(context): GSL error \(status) (\(GSLRuntime.message(for: status)))"
    }
}
