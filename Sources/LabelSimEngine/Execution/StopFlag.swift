import Foundation

/// A flag a signal handler raises to stop a long run between work items.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    /// Creates a lowered flag.
    public init() {}

    /// Raises the flag.
    public func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    /// Whether the flag is raised.
    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
