import Foundation

/// Writes aggregated labels as CSV: `item,label,p_<class>...`, one row per item in file order;
/// posteriors in the shortest text that reads back to the same double.
///
/// The text goes to a temporary file beside the target, which is then renamed over it, so a
/// reader never sees half a file and a failed run leaves no partial output. Rows are formatted
/// into bytes in item blocks, the blocks in parallel on large files; the blocks are joined in
/// order, so the bytes do not depend on the thread count.
public enum AggregatedLabelsWriter {
    /// The CSV text for `result` over `annotations`.
    public static func csv(_ result: AggregationResult, for annotations: AnnotationFile) -> String {
        String(decoding: bytes(result, for: annotations), as: UTF8.self)
    }

    /// The CSV bytes for `result` over `annotations`.
    public static func bytes(_ result: AggregationResult, for annotations: AnnotationFile) -> [UInt8] {
        let parts = parts(result, for: annotations)
        var joined: [UInt8] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { joined += part }
        return joined
    }

    /// The CSV bytes in order, in pieces (the header, then one per block of items): written to a
    /// file one after the other, they are never joined (a 40 MB copy and its page faults saved).
    static func parts(_ result: AggregationResult, for annotations: AnnotationFile) -> [[UInt8]] {
        let classes = annotations.classNames.count
        let classFields = annotations.classNames.map { Array(quoted($0).utf8) }
        let header = Array(("item,label" + annotations.classNames.map { "," + quoted("p_" + $0) }.joined() + "\n").utf8)
        let items = annotations.itemNames.count
        let blockSize = 65_536
        let blocks = (items + blockSize - 1) / blockSize
        let parts = ManagedParts(count: blocks)
        let body: @Sendable (Int) -> Void = { block in
            let range = (block * blockSize)..<min(items, (block + 1) * blockSize)
            parts.store(
                block, rows(range, result: result, names: annotations.itemNames, classFields: classFields, classes: classes))
        }
        if blocks > 1 {
            DispatchQueue.concurrentPerform(iterations: blocks, execute: body)
        } else if blocks == 1 {
            body(0)
        }
        return [header] + parts.values
    }

    /// The rows of the items in `range`.
    private static func rows(
        _ range: Range<Int>, result: AggregationResult, names: [String], classFields: [[UInt8]], classes: Int
    ) -> [UInt8] {
        let longestClass = classFields.map(\.count).max() ?? 0
        var capacity = 0
        for item in range { capacity += 2 * names[item].utf8.count + 4 + longestClass + classes * (ShortestDouble.maximumLength + 1) }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var position = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                for byte in bytes {
                    buffer[position] = byte
                    position += 1
                }
            }
            result.posteriors.withUnsafeBufferPointer { posteriors in
                guard let base = buffer.baseAddress else { return }
                for item in range {
                    let name = names[item]
                    if needsQuotes(name) {
                        Array(quoted(name).utf8).withUnsafeBufferPointer(put)
                    } else if name.utf8.withContiguousStorageIfAvailable(put) == nil {
                        Array(name.utf8).withUnsafeBufferPointer(put)
                    }
                    buffer[position] = 0x2C
                    position += 1
                    let label = result.labels[item]
                    if label >= 0 { classFields[Int(label)].withUnsafeBufferPointer(put) }
                    for k in 0..<classes {
                        buffer[position] = 0x2C
                        position += 1
                        position += ShortestDouble.write(posteriors[item * classes + k], to: base + position)
                    }
                    buffer[position] = 0x0A
                    position += 1
                }
            }
            initialized = position
        }
    }

    /// Writes the CSV to `path` through a temporary file and a rename.
    public static func write(
        _ result: AggregationResult, for annotations: AnnotationFile, to path: String
    ) throws(AnnotationFileError) {
        do {
            try AtomicFile.writeAll([(parts(result, for: annotations), URL(fileURLWithPath: path))])
        } catch {
            throw .unwritable(file: path, reason: error.reason)
        }
    }

    /// Writes several results, all or none (`--method all --out`).
    static func writeAll(
        _ results: [(result: AggregationResult, path: String)], for annotations: AnnotationFile
    ) throws(AnnotationFileError) {
        do {
            try AtomicFile.writeAll(results.map { (parts($0.result, for: annotations), URL(fileURLWithPath: $0.path)) })
        } catch {
            throw .unwritable(file: error.path, reason: error.reason)
        }
    }

    /// Whether a CSV field needs quotes (it holds a comma, quote or line break).
    static func needsQuotes(_ field: String) -> Bool {
        field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func quoted(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

/// One slot per block, filled from several threads (each slot by one thread only).
private final class ManagedParts: @unchecked Sendable {
    private(set) var values: [[UInt8]]
    private let lock = NSLock()

    init(count: Int) { values = [[UInt8]](repeating: [], count: count) }

    func store(_ index: Int, _ part: [UInt8]) {
        lock.lock()
        values[index] = part
        lock.unlock()
    }
}
