/// The labels of one run as they are bought, in flat arrays: a slot per label, grouped by item
/// without an array per item, and nothing copied or moved when a ban throws labels away.
///
/// Layout. With fixed redundancy r, or whenever banning is on (adaptive redundancy then reserves
/// its maximum M), item i owns the slots `i × s ..< (i + 1) × s` (s = r or M): a label thrown away
/// after a ban leaves a hole (label −1) in place, the item's top-up fills its holes, and a slot's
/// item is the slot ÷ s. Without banning there are no top-ups, so adaptive redundancy lets each
/// item take the consecutive slots it ends up with (``itemStart``). With banning on, each slot also
/// holds the previous slot of the same worker, so that a ban walks its worker's labels: 12 bytes a
/// slot with banning, 8 without, and the slots become the annotation matrix in place.
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
    private var previousOfWorker: [Int32] = []
    private var lastOfWorker: [Int32]
    /// Items started so far (in pool order).
    private(set) var started = 0

    /// Storage for `workers` workers; `stride` as described above, `tracksWorkers` when banning is on
    /// (which needs a stride).
    init(workers: Int, stride: Int?, tracksWorkers: Bool) {
        precondition(!tracksWorkers || stride != nil, "banning needs a fixed number of slots per item")
        self.stride = stride.map { max(1, $0) }
        self.tracksWorkers = tracksWorkers
        lastOfWorker = Array(repeating: -1, count: tracksWorkers ? workers : 0)
    }

    /// Reserves room for about `items` items of `labels` labels in all.
    mutating func reserve(labels: Int, items: Int) {
        let slots = stride.map { $0 * items } ?? labels
        worker.reserveCapacity(slots)
        label.reserveCapacity(slots)
        if tracksWorkers { previousOfWorker.reserveCapacity(slots) }
        if stride == nil { itemStart.reserveCapacity(items + 1) }
    }

    /// Starts the next item (items start in pool order).
    mutating func start() {
        started += 1
        if let stride {
            worker.append(contentsOf: repeatElement(-1, count: stride))
            label.append(contentsOf: repeatElement(-1, count: stride))
            if tracksWorkers { previousOfWorker.append(contentsOf: repeatElement(-1, count: stride)) }
        } else {
            itemStart.append(worker.count)
        }
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
        if tracksWorkers {
            previousOfWorker[slot] = lastOfWorker[who]
            lastOfWorker[who] = Int32(truncatingIfNeeded: slot)
        }
    }

    /// Throws away every label of `who` (their slots become holes); appends to `touched` the
    /// items below `finished` they were on, most recent first.
    mutating func throwAway(_ who: Int, finishedBelow finished: Int, into touched: inout [Int]) {
        guard let stride else { return }
        var entry = lastOfWorker[who]
        while entry >= 0 {
            let slot = Int(entry)
            label[slot] = -1
            let item = slot / stride
            if item < finished { touched.append(item) }
            entry = previousOfWorker[slot]
        }
        lastOfWorker[who] = -1
    }

    /// The kept labels of items `0..<items` as a matrix: the slots themselves, holes squeezed out
    /// in place (the per-worker links are released; the store is left empty).
    mutating func matrix(items: Int, workers: Int, classes: Int) -> AnnotationMatrix {
        previousOfWorker = []
        lastOfWorker = []
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
