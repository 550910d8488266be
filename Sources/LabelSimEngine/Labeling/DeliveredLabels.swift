/// The labels of one run as they are bought, in flat arrays: one entry per kept label, grouped
/// by item without an array per item.
///
/// An item's entries are the contiguous range of its first fill, then (rarely) top-up entries
/// bought after a ban threw some of its labels away. With banning on, each entry also records its
/// item and the previous entry of the same worker, so that a ban finds its worker's labels.
struct DeliveredLabels {
    private let tracksWorkers: Bool
    private(set) var worker: [Int32] = []
    /// The label of each entry; `-1` once thrown away.
    private(set) var label: [Int32] = []
    private var item: [Int32] = []
    private var previousOfWorker: [Int32] = []
    private var lastOfWorker: [Int32]
    private var firstStart: [Int] = []
    private var firstEnd: [Int] = []
    private var topUps: [Int: [Int32]] = [:]

    init(workers: Int, tracksWorkers: Bool) {
        self.tracksWorkers = tracksWorkers
        lastOfWorker = Array(repeating: -1, count: tracksWorkers ? workers : 0)
    }

    /// Reserves room for about `labels` entries.
    mutating func reserve(labels: Int, items: Int) {
        worker.reserveCapacity(labels)
        label.reserveCapacity(labels)
        if tracksWorkers {
            item.reserveCapacity(labels)
            previousOfWorker.reserveCapacity(labels)
        }
        firstStart.reserveCapacity(items)
        firstEnd.reserveCapacity(items)
    }

    /// Starts the next item (items start in pool order).
    mutating func start() {
        firstStart.append(worker.count)
        firstEnd.append(worker.count)
    }

    /// Adds a label of `worker` on `item`.
    @inline(__always)
    mutating func append(item index: Int, worker who: Int, label value: Int32) {
        let entry = Int32(truncatingIfNeeded: worker.count)
        if firstEnd[index] == worker.count {
            firstEnd[index] += 1
        } else {
            topUps[index, default: []].append(entry)
        }
        worker.append(Int32(truncatingIfNeeded: who))
        label.append(value)
        if tracksWorkers {
            item.append(Int32(truncatingIfNeeded: index))
            previousOfWorker.append(lastOfWorker[who])
            lastOfWorker[who] = entry
        }
    }

    /// Calls `body(worker, label)` for each kept label of `item`, in the order bought.
    @inline(__always)
    func forEachKept(of index: Int, _ body: (Int32, Int32) -> Void) {
        for entry in firstStart[index]..<firstEnd[index] where label[entry] >= 0 {
            body(worker[entry], label[entry])
        }
        if !topUps.isEmpty, let extra = topUps[index] {
            for entry in extra where label[Int(entry)] >= 0 { body(worker[Int(entry)], label[Int(entry)]) }
        }
    }

    /// Kept labels of `item`.
    @inline(__always)
    func keptCount(of index: Int) -> Int {
        var count = 0
        for entry in firstStart[index]..<firstEnd[index] where label[entry] >= 0 { count &+= 1 }
        if !topUps.isEmpty, let extra = topUps[index] {
            for entry in extra where label[Int(entry)] >= 0 { count &+= 1 }
        }
        return count
    }

    /// Whether `who` has a kept label on `item`.
    @inline(__always)
    func hasKept(_ who: Int, on index: Int) -> Bool {
        let target = Int32(truncatingIfNeeded: who)
        for entry in firstStart[index]..<firstEnd[index] where worker[entry] == target && label[entry] >= 0 { return true }
        if !topUps.isEmpty, let extra = topUps[index] {
            for entry in extra where worker[Int(entry)] == target && label[Int(entry)] >= 0 { return true }
        }
        return false
    }

    /// Throws away every label of `who`; returns the distinct items below `finished` they were on.
    mutating func throwAway(_ who: Int, finishedBelow finished: Int) -> Set<Int> {
        var touched = Set<Int>()
        var entry = lastOfWorker[who]
        while entry >= 0 {
            let slot = Int(entry)
            label[slot] = -1
            if Int(item[slot]) < finished { touched.insert(Int(item[slot])) }
            entry = previousOfWorker[slot]
        }
        lastOfWorker[who] = -1
        return touched
    }

    /// The kept labels of items `0..<items` as a matrix (the log's memory is released after).
    consuming func matrix(items: Int, workers: Int, classes: Int) -> AnnotationMatrix {
        var starts = [Int](repeating: 0, count: items + 1)
        for index in 0..<items { starts[index + 1] = starts[index] + keptCount(of: index) }
        let total = starts[items]
        if topUps.isEmpty, total == worker.count, firstEnd.count >= items, items == 0 || firstEnd[items - 1] == total {
            // Nothing thrown away and nothing out of order: the log already is the matrix.
            return AnnotationMatrix(
                itemCount: items, workerCount: workers, classCount: classes, itemStart: starts, workers: worker, labels: label)
        }
        var outWorkers = [Int32](repeating: 0, count: total)
        var outLabels = [Int32](repeating: 0, count: total)
        var slot = 0
        for index in 0..<items {
            forEachKept(of: index) { who, value in
                outWorkers[slot] = who
                outLabels[slot] = value
                slot += 1
            }
        }
        return AnnotationMatrix(
            itemCount: items, workerCount: workers, classCount: classes, itemStart: starts, workers: outWorkers, labels: outLabels)
    }
}
