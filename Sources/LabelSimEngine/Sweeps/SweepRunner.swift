import Foundation
import LabelSimCore
import LabelSimGSL

/// Runs the unfinished work items of a sweep (or of one shard) on a pool of threads, writing a
/// checkpoint as soon as all of a grid point's items are done.
public struct SweepRunner: Sendable {
    /// Progress after each work item.
    public struct Progress: Sendable {
        /// Grid points finished (including those finished before a resume).
        public var pointsDone: Int
        /// Grid points of this run.
        public var pointsTotal: Int
        /// Work items finished in this process.
        public var itemsDone: Int
        /// Work items this process has to do.
        public var itemsTotal: Int
    }

    /// The sweep.
    public let plan: SweepPlan
    /// The slice to run, or nil for all.
    public let shard: Shard?
    /// Worker threads.
    public let threads: Int
    /// Where checkpoints go.
    public let store: SweepStore

    /// Creates a runner.
    init(plan: SweepPlan, shard: Shard?, threads: Int, store: SweepStore) {
        self.plan = plan
        self.shard = shard
        self.threads = max(1, threads)
        self.store = store
    }

    /// Runs what is left; returns false when `stop` was raised before the end.
    public func execute(stop: StopFlag, progress: (@Sendable (Progress) -> Void)? = nil) throws -> Bool {
        let finished = store.finishedPoints()
        let all = plan.tasks(shard: shard)
        let pointsInShard = Set(all.map(\.point))
        let tasks = all.filter { !finished.contains($0.point) }
        var remaining: [Int: Int] = [:]
        for task in tasks { remaining[task.point, default: 0] += 1 }
        var replications = try plan.points.map { try Replication(scenario: $0.scenario) }
        let state = RunState(itemsTotal: tasks.count, remaining: remaining, donePoints: pointsInShard.intersection(finished).count)
        let vendors = plan.vendorNames
        let metrics = plan.metricNames
        let total = pointsInShard.count
        let executor = ParallelExecutor(threads: threads)
        let finish: @Sendable ((point: Int, replication: Int), [[Double]]) throws -> Void = { task, rows in
            if let finishedRows = state.finish(task: task, rows: rows) {
                try store.writeCheckpoint(point: task.point, rows: finishedRows, vendors: vendors, metrics: metrics)
                state.pointWritten()
            }
            progress?(state.progress(pointsTotal: total))
        }
        // As a run does (``MonteCarloRun``): a point with softmax fits and more than one
        // replication first runs its replication 0, whose fits become where its other
        // replications' fits start, so that a point's rows equal its one-by-one run whatever the
        // shard or thread count. A shard without its point's replication 0 runs it for the
        // starts only and keeps none of its rows.
        let started = Set(tasks.map(\.point)).sorted().filter { replications[$0].startsFromFirstReplication }
        for point in started { replications[point].fitStarts = FitStarts() }
        let firstInShard = Set(tasks.filter { $0.replication == 0 }.map(\.point))
        guard
            try executor.forEach(
                count: started.count, stop: stop,
                { [replications] index in
                    let point = started[index]
                    let rows = try replications[point].run(index: 0).map(\.values)
                    replications[point].fitStarts?.freeze()
                    if firstInShard.contains(point) { try finish((point, 0), rows) }
                })
        else { return false }
        let startedSet = Set(started)
        let rest = tasks.filter { !($0.replication == 0 && startedSet.contains($0.point)) }
        return try executor.forEach(count: rest.count, stop: stop) { [replications] index in
            let task = rest[index]
            try finish(task, try replications[task.point].run(index: task.replication).map(\.values))
        }
    }
}

/// Rows of the grid points in progress, and the counts progress reports, under a lock.
private final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private let itemsTotal: Int
    private var itemsDone = 0
    private var remaining: [Int: Int]
    private var rows: [Int: [(replication: Int, values: [[Double]])]] = [:]
    private var donePoints: Int

    init(itemsTotal: Int, remaining: [Int: Int], donePoints: Int) {
        self.itemsTotal = itemsTotal
        self.remaining = remaining
        self.donePoints = donePoints
    }

    /// Stores a result; returns the point's rows when it was the point's last item.
    func finish(task: (point: Int, replication: Int), rows values: [[Double]]) -> [(replication: Int, values: [[Double]])]? {
        lock.lock()
        defer { lock.unlock() }
        itemsDone += 1
        rows[task.point, default: []].append((task.replication, values))
        remaining[task.point, default: 1] -= 1
        guard remaining[task.point] == 0 else { return nil }
        return rows.removeValue(forKey: task.point)
    }

    func pointWritten() {
        lock.lock()
        donePoints += 1
        lock.unlock()
    }

    func progress(pointsTotal: Int) -> SweepRunner.Progress {
        lock.lock()
        defer { lock.unlock() }
        return SweepRunner.Progress(pointsDone: donePoints, pointsTotal: pointsTotal, itemsDone: itemsDone, itemsTotal: itemsTotal)
    }
}
