/// The labels of one run as they are bought, in flat arrays: a slot per label, grouped by item
/// without an array per item, and nothing copied or moved when a ban throws labels away.
///
/// Layout. With fixed redundancy r, or whenever banning is on (adaptive redundancy then reserves
/// its maximum M), item i owns the slots `i × s ..< (i + 1) × s` (s = r or M): a label thrown away
/// after a ban leaves a hole (label −1) in place, the item's top-up fills its holes, and a slot's
/// item is the slot ÷ s. Without banning there are no top-ups, so adaptive redundancy lets each
/// item take the consecutive slots it ends up with (``itemStart``). With banning on, each worker
/// also has the list of the slots they hold, so that a ban finds its worker's labels: the list is
/// kept in blocks of 15 slot numbers and a link (64 bytes), so a ban waits for one cache miss per
/// 15 labels rather than one per label (a chain through the slots), and the slots it clears are
/// independent writes the processor overlaps. About 12.3 bytes a slot with banning, 8 without;
/// the slots become the annotation matrix in place.
struct DeliveredLabels {
    /// Slots per item; nil for consecutive slots of any length (adaptive redundancy, no banning).
    let stride: Int?
    private let tracksWorkers: Bool
    /// The worker of each slot.
    private(set) var worker: [Int32] = []
    /// The label of each slot; `-1` for a hole (not bought yet, or thrown away).
    private(set) var label: [Int32] = []
    /// First slot of each started item (consecutive layout only).
    private var itemStart: [Int] = []
    /// Per-worker slot lists: blocks of ``blockLength`` entries, the slot numbers first and the
    /// index of the worker's previous block (−1: none) last; freed blocks are chained through the
    /// same last entry from ``freeBlock``. Raw memory (``SlotColumn``, written through `blocks`,
    /// reloaded when it grows): a label's entry is stored without a uniqueness or bounds check, and
    /// a new block is one call, not 16 appends.
    private let blockColumn = SlotColumn()
    private var blocks: UnsafeMutablePointer<Int32>
    /// Per worker, in their ``WorkerRecord`` (owned by `records`): their newest block (−1: none)
    /// and how many of its entries are used.
    private let records: WorkerRecords
    private let newest: UnsafeMutablePointer<WorkerRecord>
    private var freeBlock: Int32 = -1
    static let blockLength = 16
    /// Items started so far (in pool order).
    private(set) var started = 0

    /// Storage for `workers` workers; `stride` as described above, `tracksWorkers` when banning is on
    /// (which needs a stride). The heads of the workers' slot lists go into `records` (the run's,
    /// shared with its other parts), or into records of its own.
    init(workers: Int, stride: Int?, tracksWorkers: Bool, records: WorkerRecords? = nil) {
        precondition(!tracksWorkers || stride != nil, "banning needs a fixed number of slots per item")
        precondition(records.map { $0.count == workers } ?? true)
        self.stride = stride.map { max(1, $0) }
        self.tracksWorkers = tracksWorkers
        let records = records ?? WorkerRecords(count: workers)
        self.records = records
        newest = records.base
        blocks = blockColumn.base
        for worker in 0..<workers {
            newest[worker].newestBlock = -1
            newest[worker].newestUsed = 0
        }
    }

    /// Reserves room for about `items` items of `labels` labels in all.
    mutating func reserve(labels: Int, items: Int) {
        let slots = stride.map { $0 * items } ?? labels
        worker.reserveCapacity(slots)
        label.reserveCapacity(slots)
        if tracksWorkers {
            blockColumn.reserve((slots / (Self.blockLength - 1) + records.count) * Self.blockLength)
            blocks = blockColumn.base
        }
        if stride == nil { itemStart.reserveCapacity(items + 1) }
    }

    /// Starts the next item (items start in pool order).
    @inline(__always)
    mutating func start() {
        started &+= 1
        if let stride {
            // Holes for many items at once: one append per 1,024 items, not one per item (slots
            // past the started items are unused holes, cut off by ``matrix(items:workers:classes:)``).
            let end = started &* stride
            if end > label.count { grow(to: end, stride: stride) }
        } else {
            itemStart.append(worker.count)
        }
    }

    private mutating func grow(to end: Int, stride: Int) {
        let needed = end - label.count
        let chunk = max(needed, 1_024 * stride)
        // Within the reserved capacity when it has room: a chunk past it would double the buffers.
        let room = label.capacity - label.count
        let more = room >= needed ? min(chunk, room) : chunk
        worker.append(contentsOf: repeatElement(-1, count: more))
        label.append(contentsOf: repeatElement(-1, count: more))
    }

    /// Prefetches the cache lines of `item`'s slots ahead of a top-up.
    @inline(__always)
    func prefetch(_ item: Int) {
        guard let stride else { return }
        let first = item &* stride
        // The block may end on the next cache line.
        let last = first &+ stride &- 1
        Prefetch.write(label, first)
        Prefetch.write(worker, first)
        Prefetch.write(label, last)
        Prefetch.write(worker, last)
    }

    /// The slots of `item`: with a stride its fixed block; otherwise its range so far (only the
    /// last started item grows).
    @inline(__always)
    func slots(of item: Int) -> Range<Int> {
        if let stride { return (item &* stride)..<(item &* stride &+ stride) }
        return itemStart[item]..<(item &+ 1 < started ? itemStart[item &+ 1] : worker.count)
    }

    /// Calls `body(worker, label)` for each kept label of `item`.
    @inline(__always)
    func forEachKept(of item: Int, _ body: (Int32, Int32) -> Void) {
        for slot in slots(of: item) where label[slot] >= 0 { body(worker[slot], label[slot]) }
    }

    /// Puts a label of `who` on `item` into its next hole at or after `cursor` (advanced past it);
    /// without a stride the label is appended (`item` must be the last started one).
    @inline(__always)
    mutating func put(item: Int, worker who: Int, label value: Int32, cursor: inout Int) {
        let slot: Int
        if stride != nil {
            var next = cursor
            while label[next] >= 0 { next &+= 1 }
            slot = next
            worker[slot] = Int32(truncatingIfNeeded: who)
            label[slot] = value
        } else {
            slot = worker.count
            worker.append(Int32(truncatingIfNeeded: who))
            label.append(value)
        }
        cursor = slot &+ 1
        if tracksWorkers { remember(slot: slot, of: who) }
    }

    /// Adds `slot` to the slot list of `who`.
    @inline(__always)
    private mutating func remember(slot: Int, of who: Int) {
        let length = Self.blockLength
        var block = Int(newest[who].newestBlock)
        var used = Int(newest[who].newestUsed)
        if block < 0 || used == length &- 1 {
            let previous = Int32(truncatingIfNeeded: block)
            if freeBlock >= 0 {
                block = Int(freeBlock)
                freeBlock = blocks[block &* length &+ length &- 1]
            } else {
                block = blockColumn.count / length
                blockColumn.append(-1, count: length)
                blocks = blockColumn.base
            }
            blocks[block &* length &+ length &- 1] = previous
            newest[who].newestBlock = Int32(truncatingIfNeeded: block)
            used = 0
        }
        blocks[block &* length &+ used] = Int32(truncatingIfNeeded: slot)
        newest[who].newestUsed = Int32(truncatingIfNeeded: used &+ 1)
    }

    /// Throws away every label of `who` (their slots become holes); appends to `touched` the
    /// items below `finished` they were on, most recent first. Their list's blocks are freed.
    mutating func throwAway(_ who: Int, finishedBelow finished: Int, into touched: inout [Int]) {
        guard let stride else { return }
        let length = Self.blockLength
        var block = Int(newest[who].newestBlock)
        var used = Int(newest[who].newestUsed)
        while block >= 0 {
            let base = block &* length
            // The list is a chain of blocks, each found in the one before: the next block's
            // fetch from memory starts now and overlaps this block's clearing.
            let previous = Int(blocks[base &+ length &- 1])
            // (Both ends: the column is not aligned to cache lines, so a block may span two.)
            if previous >= 0 {
                Prefetch.read(blocks + previous &* length)
                Prefetch.read(blocks + (previous &* length &+ length &- 1))
            }
            var entry = used
            while entry > 0 {
                entry &-= 1
                let slot = Int(blocks[base &+ entry])
                label[slot] = -1
                let item = slot / stride
                if item < finished { touched.append(item) }
            }
            blocks[base &+ length &- 1] = freeBlock
            freeBlock = Int32(truncatingIfNeeded: block)
            block = previous
            used = length &- 1
        }
        newest[who].newestBlock = -1
        newest[who].newestUsed = 0
    }

    /// The kept labels of items `0..<items` as a matrix: the slots themselves, holes squeezed out
    /// in place (the per-worker links are released; the store is left empty).
    mutating func matrix(items: Int, workers: Int, classes: Int) -> AnnotationMatrix {
        blockColumn.release()
        blocks = blockColumn.base
        // Moved out of the store so that each buffer has one owner and is squeezed in place (a
        // shared buffer would be copied on the first write: 8 more bytes a label at the peak).
        var workerSlots: [Int32] = []
        var labelSlots: [Int32] = []
        swap(&workerSlots, &worker)
        swap(&labelSlots, &label)
        var starts = [Int](repeating: 0, count: items + 1)
        let end: Int
        if let stride {
            var write = 0
            workerSlots.withUnsafeMutableBufferPointer { who in
                labelSlots.withUnsafeMutableBufferPointer { value in
                    for item in 0..<items {
                        let base = item &* stride
                        for slot in base..<(base &+ stride) where value[slot] >= 0 {
                            who[write] = who[slot]
                            value[write] = value[slot]
                            write &+= 1
                        }
                        starts[item &+ 1] = write
                    }
                }
            }
            end = write
        } else {
            for item in 0..<items { starts[item] = itemStart[item] }
            end = items < started ? itemStart[items] : workerSlots.count
            starts[items] = end
        }
        workerSlots.removeSubrange(end...)
        labelSlots.removeSubrange(end...)
        return AnnotationMatrix(
            itemCount: items, workerCount: workers, classCount: classes, itemStart: starts, workers: workerSlots, labels: labelSlots)
    }
}
