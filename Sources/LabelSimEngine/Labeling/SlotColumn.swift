import Foundation

/// A growable column of `Int32` in raw memory (`malloc`/`realloc`, freed in `deinit`), for the
/// label store's per-worker slot lists (``DeliveredLabels``): its holder keeps ``base`` and writes
/// through it with no uniqueness check, bounds check or reference counting (a Swift array field
/// checks its buffer is unique on every write and its bounds on every access).
///
/// Growth doubles the capacity with `realloc`, which for large blocks remaps pages instead of
/// copying them (and never holds two copies resident).
final class SlotColumn {
    /// The first entry; changes when the column grows (holders reload it after ``append(_:count:)``).
    private(set) var base: UnsafeMutablePointer<Int32>
    /// Entries in use.
    private(set) var count = 0
    /// Entries allocated.
    private(set) var capacity: Int

    /// An empty column with room for `capacity` entries.
    init(capacity: Int = 0) {
        self.capacity = max(16, capacity)
        base = Self.allocate(self.capacity)
    }

    deinit { free(base) }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Int32> {
        guard let raw = malloc(count * MemoryLayout<Int32>.stride) else {
            preconditionFailure("out of memory for \(count) label slots")
        }
        return raw.bindMemory(to: Int32.self, capacity: count)
    }

    private func resize(to entries: Int) {
        guard let raw = realloc(base, max(1, entries) * MemoryLayout<Int32>.stride) else {
            preconditionFailure("out of memory for \(entries) label slots")
        }
        base = raw.bindMemory(to: Int32.self, capacity: max(1, entries))
        capacity = max(1, entries)
    }

    /// Makes room for `entries` entries in all without moving the column again until then.
    func reserve(_ entries: Int) {
        if entries > capacity { resize(to: entries) }
    }

    /// Appends `count` copies of `value` (doubling the capacity when it runs out).
    func append(_ value: Int32, count more: Int) {
        let end = count + more
        if end > capacity { resize(to: max(end, 2 * capacity)) }
        (base + count).initialize(repeating: value, count: more)
        count = end
    }

    /// Empties the column and gives back its memory (it keeps room for a few entries).
    func release() {
        resize(to: 16)
        count = 0
    }
}
