/// Everything one label reads and writes of its worker, in one 64-byte record per worker: the
/// eligibility mark, the ledger's account, the gold tally and the head of the worker's slot list.
///
/// A label drawn for worker w tests w's mark, checks and charges w's account, records w's slot
/// (and on a gold question w's tally): kept in four arrays these were four cache lines per label,
/// each a likely miss on a workforce of thousands; here they are one. The records are raw memory
/// owned by ``WorkerRecords`` (freed in its `deinit`), so the hot loop reads and writes them
/// without reference counting, uniqueness checks or bounds checks; the parts of the run
/// (``LabelLedger``, ``GoldAndBanning``, ``DeliveredLabels``, ``LabelingRun``) hold the same
/// base pointer, each touching its own fields.
struct WorkerRecord {
    /// Per worker, `Int.max` once they can take no more work (banned, or out of time before the
    /// deadline), else the number of the last fill that put a label of theirs on its item
    /// (see ``LabelingRun``).
    var mark = 0
    /// Seconds of work so far.
    var secondsUsed = 0.0
    /// Seconds the worker takes per label.
    var secondsPerLabel = 0.0
    /// Dollars the worker's label costs (per-label price, or their seconds × the hourly wage).
    var price = 0.0
    /// Gold answers, and correct ones.
    var goldAnswered: Int32 = 0
    var goldCorrect: Int32 = 0
    /// The worker's newest block of slot numbers (−1: none) and how many of its entries are used
    /// (``DeliveredLabels``).
    var newestBlock: Int32 = -1
    var newestUsed: Int32 = 0
    /// Padding to one cache line (records are allocated 64-byte aligned).
    private var padding: (Int, Int) = (0, 0)
}

/// The owner of a run's ``WorkerRecord``s.
final class WorkerRecords {
    /// The first record; valid while this object lives.
    let base: UnsafeMutablePointer<WorkerRecord>
    let count: Int

    /// `count` default records.
    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, count) * MemoryLayout<WorkerRecord>.stride, alignment: 64)
        base = raw.bindMemory(to: WorkerRecord.self, capacity: max(1, count))
        base.initialize(repeating: WorkerRecord(), count: max(1, count))
    }

    deinit {
        base.deinitialize(count: max(1, count))
        base.deallocate()
    }
}

/// An array of trivial values in raw memory, freed in `deinit`: holders keep the pointer as well
/// and index it in hot loops without reference counting or uniqueness checks.
final class OwnedBuffer<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
    }

    deinit {
        base.deallocate()
    }
}
