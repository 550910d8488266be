/// A benchmark that cannot run as asked (a peer script failed, or returned what was not asked
/// for); the CLI reports it as an option error.
public struct BenchmarkError: Error, CustomStringConvertible {
    /// One line saying what went wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
