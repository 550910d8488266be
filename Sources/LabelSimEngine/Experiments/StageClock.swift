import Dispatch
import Foundation

/// Where a run's time goes: seconds spent in each pipeline stage, summed over replications and
/// threads (so on two threads the total is about twice the wall time).
public final class StageClock: @unchecked Sendable {
    /// Pipeline stages timed.
    public enum Stage: String, CaseIterable, Sendable {
        /// Items, features and the test set.
        case world
        /// Workforces and labels, including quality control.
        case labeling
        /// Aggregation.
        case aggregation
        /// Training and evaluating learners (vendor, oracle, learning curve).
        case training
    }

    private let lock = NSLock()
    private var nanoseconds: [Stage: UInt64] = [:]

    /// A clock at zero.
    public init() {}

    /// Runs `body`, adding its duration to `stage`.
    public func time<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            lock.lock()
            nanoseconds[stage, default: 0] += elapsed
            lock.unlock()
        }
        return try body()
    }

    /// Seconds per stage, in stage order.
    public var seconds: [(stage: Stage, seconds: Double)] {
        lock.lock()
        defer { lock.unlock() }
        return Stage.allCases.map { ($0, Double(nanoseconds[$0] ?? 0) / 1e9) }
    }
}
