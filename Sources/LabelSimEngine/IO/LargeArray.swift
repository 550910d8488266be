#if canImport(Glibc)
    import Glibc
#endif

/// Zero-filled arrays of many elements whose memory the kernel is asked to back with 2 MB pages
/// (`madvise(MADV_HUGEPAGE)`, Linux): reading a large file touches hundreds of megabytes of fresh
/// memory, and taking it 4 kB at a time cost a quarter of the reading time in page faults. The
/// hint changes no value; where it is refused, or elsewhere, the array is the same.
enum LargeArray {
    /// The huge page size asked for, and the least size worth asking for.
    private static let hugePage = 1 << 21
    private static let worthAsking = 4 << 21

    /// `count` elements: the first `first` copied from `prefix`, the rest zero.
    static func zeroed<Element: FixedWidthInteger>(count: Int, keeping prefix: [Element] = [], first: Int = 0) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            adviseHugePages(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Element>.stride)
            let kept = min(prefix.count, count, first)
            prefix.withUnsafeBufferPointer { source in
                if let from = source.baseAddress, kept > 0 { base.initialize(from: from, count: kept) }
            }
            (base + kept).initialize(repeating: 0, count: count - kept)
            initialized = count
        }
    }

    /// Asks for huge pages over the whole 2 MB pages inside `bytes` bytes from `start`.
    private static func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
            guard bytes >= worthAsking else { return }
            let mask = UInt(hugePage - 1)
            let first = (UInt(bitPattern: start) + mask) & ~mask
            let end = (UInt(bitPattern: start) + UInt(bytes)) & ~mask
            guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
            _ = madvise(pointer, Int(end - first), 14)  // MADV_HUGEPAGE
        #endif
    }
}
