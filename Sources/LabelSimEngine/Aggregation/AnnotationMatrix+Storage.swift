/// Raw read-only views of a matrix's compressed rows, for the aggregators' hot loops
/// (`UnsafeBufferPointer` subscripts are unchecked in release builds).
///
/// Valid only inside ``AnnotationMatrix/withStorage(_:)``.
struct LabelStorage {
    /// Number of items.
    let itemCount: Int
    /// Number of workers.
    let workerCount: Int
    /// Number of classes.
    let classCount: Int
    /// Row starts, `itemCount + 1` entries.
    let starts: UnsafeBufferPointer<Int>
    /// Worker of each label.
    let workers: UnsafeBufferPointer<Int32>
    /// Class of each label.
    let labels: UnsafeBufferPointer<Int32>
}

extension AnnotationMatrix {
    /// Runs `body` with views of the matrix's arrays (no copies).
    func withStorage<Result>(_ body: (LabelStorage) -> Result) -> Result {
        itemStart.withUnsafeBufferPointer { starts in
            workers.withUnsafeBufferPointer { workers in
                labels.withUnsafeBufferPointer { labels in
                    body(
                        LabelStorage(
                            itemCount: itemCount, workerCount: workerCount, classCount: classCount, starts: starts,
                            workers: workers, labels: labels))
                }
            }
        }
    }
}

/// A zero-filled scratch buffer of doubles owned by one fit, freed by `deinit`.
final class Scratch {
    /// The storage.
    let buffer: UnsafeMutableBufferPointer<Double>

    /// Allocates `count` zeros (or copies `values`).
    init(count: Int, repeating value: Double = 0) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: value)
    }

    /// Allocates a copy of `values`.
    init(_ values: [Double]) {
        buffer = .allocate(capacity: values.count)
        _ = buffer.initialize(from: values)
    }

    deinit { buffer.deallocate() }

    /// Sets every entry to `value`.
    func fill(_ value: Double) {
        for index in buffer.indices { buffer[index] = value }
    }

    /// A copy as an array.
    var array: [Double] { Array(buffer) }
}
