/// The labels given to a set of items, grouped by item (compressed rows): item `i`'s labels are
/// `workers[itemStart[i]..<itemStart[i + 1]]` and `labels[...]` over the same range.
///
/// Items, workers and classes are dense 0-based indices; files map their names onto them.
public struct AnnotationMatrix: Sendable {
    /// Number of items.
    public let itemCount: Int
    /// Number of workers.
    public let workerCount: Int
    /// Number of classes K.
    public let classCount: Int
    /// Row starts, `itemCount + 1` entries.
    public let itemStart: [Int]
    /// The worker of each label.
    public let workers: [Int32]
    /// The class of each label.
    public let labels: [Int32]

    /// Creates a matrix from compressed rows; the arrays must be consistent.
    public init(itemCount: Int, workerCount: Int, classCount: Int, itemStart: [Int], workers: [Int32], labels: [Int32]) {
        precondition(itemStart.count == itemCount + 1 && workers.count == labels.count)
        self.itemCount = itemCount
        self.workerCount = workerCount
        self.classCount = classCount
        self.itemStart = itemStart
        self.workers = workers
        self.labels = labels
    }

    /// Builds a matrix from (item, worker, label) triples in any order.
    public init(itemCount: Int, workerCount: Int, classCount: Int, triples: [(item: Int, worker: Int, label: Int)]) {
        var counts = [Int](repeating: 0, count: itemCount + 1)
        for triple in triples { counts[triple.item + 1] += 1 }
        for index in 0..<itemCount { counts[index + 1] += counts[index] }
        var next = counts
        var workers = [Int32](repeating: 0, count: triples.count)
        var labels = [Int32](repeating: 0, count: triples.count)
        for triple in triples {
            let slot = next[triple.item]
            workers[slot] = Int32(triple.worker)
            labels[slot] = Int32(triple.label)
            next[triple.item] += 1
        }
        self.init(
            itemCount: itemCount, workerCount: workerCount, classCount: classCount, itemStart: counts, workers: workers,
            labels: labels)
    }

    /// Builds a matrix from parallel arrays of item, worker and label per label, in any order
    /// (each item's labels keep their order).
    public init(itemCount: Int, workerCount: Int, classCount: Int, items: [Int32], workers: [Int32], labels: [Int32]) {
        precondition(items.count == workers.count && items.count == labels.count)
        var counts = [Int](repeating: 0, count: itemCount + 1)
        var grouped = true
        var previous: Int32 = 0
        for item in items {
            counts[Int(item) + 1] += 1
            if item < previous { grouped = false }
            previous = item
        }
        for index in 0..<itemCount { counts[index + 1] += counts[index] }
        // Labels already in item order (files grouped by item) are the rows as they are: no copy.
        if grouped {
            self.init(
                itemCount: itemCount, workerCount: workerCount, classCount: classCount, itemStart: counts, workers: workers,
                labels: labels)
            return
        }
        var next = counts
        var sortedWorkers = [Int32](repeating: 0, count: items.count)
        var sortedLabels = [Int32](repeating: 0, count: items.count)
        for index in items.indices {
            let item = Int(items[index])
            let slot = next[item]
            sortedWorkers[slot] = workers[index]
            sortedLabels[slot] = labels[index]
            next[item] = slot + 1
        }
        self.init(
            itemCount: itemCount, workerCount: workerCount, classCount: classCount, itemStart: counts, workers: sortedWorkers,
            labels: sortedLabels)
    }

    /// Number of labels.
    public var labelCount: Int { labels.count }
}
