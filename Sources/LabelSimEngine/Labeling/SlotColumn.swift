import Foundation

/// A growable column of `Int32` in raw memory (`malloc`/`realloc`, freed in `deinit`), for the
/// label store's hot loop: its holder keeps ``base`` and writes through it with no uniqueness
/// check, bounds check or reference counting (a Swift array field checks its buffer is unique on
/// every write and its bounds on every access).
///
/// Growth doubles the capacity with `realloc`, which for large blocks remaps pages instead of
/// copying them (and never holds two copies resident). ``moveOut(count:)`` turns the first
/// entries into an array while giving the column's memory back as it goes, so the store becomes
/// the annotation matrix without its size in memory twice.
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

    /// The first `entries` entries as an array; the column is left empty. They are copied from the
    /// end in pieces of 64 K entries (256 KB), the column shrinking after each, so that memory holds little
    /// more than one copy at any time.
    func moveOut(count entries: Int) -> [Int32] {
        precondition(entries <= count)
        let piece = 1 << 16
        let result = [Int32](unsafeUninitializedCapacity: entries) { buffer, initialized in
            guard let target = buffer.baseAddress else {
                initialized = 0
                return
            }
            var end = entries
            while end > 0 {
                let start = max(0, end - piece)
                (target + start).initialize(from: base + start, count: end - start)
                releasePages(from: start, to: capacity)
                end = start
                if end > 0 { resize(to: end) }
            }
            initialized = entries
        }
        resize(to: 16)
        count = 0
        return result
    }

    /// Hands the whole pages of entries `start..<end` back to the system (their contents are no
    /// longer needed). A shrinking `realloc` alone may keep them: a block below the allocator's
    /// mapping threshold stays in its heap, resident.
    private func releasePages(from start: Int, to end: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let first = (Int(bitPattern: base + start) + page - 1) / page * page
        let last = Int(bitPattern: base + end) / page * page
        guard last > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(address, last - first, Int32(MADV_DONTNEED))
    }

    /// The entries in use, as an array (for tests).
    var entries: [Int32] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
