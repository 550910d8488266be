import Foundation

/// The one thread pool of `run`, `sweep` and `compare` (and its break-even search): work items
/// `0..<count` are claimed in order by `threads` threads and each result is kept at its index, so
/// what comes out does not depend on the thread count or the scheduling.
///
/// The first error stops further claims and is rethrown; a raised ``StopFlag`` stops claims too
/// (the items already claimed finish).
struct ParallelExecutor: Sendable {
    /// Threads used (at least 1).
    public let threads: Int

    /// An executor of `threads` threads (values below 1 mean 1).
    init(threads: Int) {
        self.threads = max(1, threads)
    }

    /// Runs `body` on every index and returns the results in index order. `completed` is called
    /// after each item, from the thread that ran it, with the number of items done so far.
    public func map<Result: Sendable>(
        count: Int, completed: (@Sendable (Int) -> Void)? = nil, _ body: @Sendable (Int) throws -> Result
    ) throws -> [Result] {
        let results = ResultSlots<Result>(count: count)
        try forEach(count: count, stop: nil, completed: completed) { index in results.set(index, try body(index)) }
        return results.values
    }

    /// Runs `body` on every index until `stop` is raised; returns whether every index ran.
    @discardableResult
    func forEach(
        count: Int, stop: StopFlag? = nil, completed: (@Sendable (Int) -> Void)? = nil, _ body: @Sendable (Int) throws -> Void
    ) throws -> Bool {
        let queue = WorkQueue(count: count)
        DispatchQueue.concurrentPerform(iterations: min(threads, max(1, count))) { _ in
            while stop?.isRaised != true, let index = queue.claim() {
                do {
                    try body(index)
                    let done = queue.finish()
                    completed?(done)
                } catch {
                    queue.fail(error)
                }
            }
        }
        if let failure = queue.failure { throw failure }
        return queue.done == count
    }
}

/// Hands out indices in order and counts finished ones, under a lock.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var finished = 0
    private var error: (any Error)?

    init(count: Int) { self.count = count }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count, error == nil else { return nil }
        next += 1
        return next - 1
    }

    /// Counts one more finished item.
    func finish() -> Int {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        return finished
    }

    func fail(_ failure: any Error) {
        lock.lock()
        error = error ?? failure
        lock.unlock()
    }

    var failure: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }

    var done: Int {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }
}

/// One slot per index, written from any thread.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every value, in index order (only called once every slot is written).
    var values: [Value] { slots.compactMap { $0 } }
}
