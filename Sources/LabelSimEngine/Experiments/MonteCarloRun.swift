import Foundation
import LabelSimCore
import LabelSimGSL

/// Runs a scenario's replications on a pool of threads and collects their metric records in
/// replication order, so the result does not depend on the thread count.
public struct MonteCarloRun: Sendable {
    /// The scenario.
    public let scenario: Scenario
    /// Worker threads (at least 1).
    public let threads: Int

    /// Prepares a run; `threads` is clamped to `1...replications`.
    public init(scenario: Scenario, threads: Int) {
        self.scenario = scenario
        self.threads = max(1, min(threads, scenario.replications))
    }

    /// Runs every replication; `progress` is called (from any thread, serialised) after each one.
    public func execute(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RunResult {
        let replication = try Replication(scenario: scenario)
        let total = scenario.replications
        let store = ResultStore(count: total)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let index = store.claim() {
                do {
                    let rows = try replication.runAll(index: index)
                    let done = store.finish(index: index, rows: rows.options, periods: rows.periods)
                    progress?(done, total)
                } catch {
                    store.fail(error)
                }
            }
        }
        if let failure = store.failure { throw failure }
        var result = RunResult(scenario: scenario, catalog: replication.catalog, rows: store.rows, stageSeconds: replication.clock.seconds)
        if scenario.timeline != nil { result.periodRows = store.periods }
        return result
    }
}

/// Hands out replication indices and keeps results by index, under a lock.
private final class ResultStore: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var completed = 0
    private let count: Int
    private(set) var rows: [[MetricRecord<Double>]]
    private(set) var periods: [[[MetricRecord<Double>]]]
    private(set) var failure: (any Error)?

    init(count: Int) {
        self.count = count
        rows = Array(repeating: [], count: count)
        periods = Array(repeating: [], count: count)
    }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count, failure == nil else { return nil }
        next += 1
        return next - 1
    }

    func finish(index: Int, rows vendorRows: [MetricRecord<Double>], periods periodRows: [[MetricRecord<Double>]]) -> Int {
        lock.lock()
        defer { lock.unlock() }
        rows[index] = vendorRows
        periods[index] = periodRows
        completed += 1
        return completed
    }

    func fail(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        failure = failure ?? error
    }
}
