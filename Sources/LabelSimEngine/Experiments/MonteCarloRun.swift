import Foundation
import LabelSimCore
import LabelSimGSL

/// Runs a scenario's replications on the ``ParallelExecutor`` and collects their metric records
/// in replication order, so the result does not depend on the thread count.
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

    /// Runs every replication; `progress` is called (from any thread) after each one with the
    /// replications done and the total.
    public func execute(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RunResult {
        var replication = try Replication(scenario: scenario)
        let total = scenario.replications
        // With softmax fits and more than one replication, replication 0 runs first, alone, and
        // its fits become where every other replication's fits start (``FitStarts``): the same
        // starts whatever the thread count.
        var runs: [(options: [MetricRecord<Double>], periods: [[MetricRecord<Double>]])] = []
        if replication.startsFromFirstReplication {
            let starts = FitStarts()
            replication.fitStarts = starts
            runs.append(try replication.runAll(index: 0))
            starts.freeze()
            progress?(1, total)
        }
        let first = runs.count
        let rest = try ParallelExecutor(threads: threads).map(count: total - first, completed: { progress?($0 + first, total) }) {
            [replication] index in
            try replication.runAll(index: index + first)
        }
        runs += rest
        var result = RunResult(
            scenario: scenario, catalog: replication.catalog, rows: runs.map(\.options), stageSeconds: replication.clock.seconds)
        if scenario.timeline != nil { result.periodRows = runs.map(\.periods) }
        return result
    }
}
