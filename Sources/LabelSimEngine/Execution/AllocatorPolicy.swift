import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How glibc's allocator treats the large arrays a simulation frees between batches and
/// replications. Every call sets the process-wide policy; elsewhere than glibc it does nothing.
///
/// Left to itself, glibc maps each block above its mmap threshold on its own and unmaps it when
/// freed, and hands free memory at the top of a heap back to the system once it exceeds the trim
/// threshold. It raises both thresholds only when it frees a mapped block (to that block's size),
/// so whether a labelling batch's arrays (a few megabytes of slot columns, queues and tables) are
/// faulted in and zeroed afresh depends on what ran before it: a three-round `labelsim bench` of
/// the generator and surge-like took 427,000 page faults and labelled 82 M labels/s on the
/// generator, against 7,300 faults and 120 M labels/s with ``keepFreedBlocks()``.
public enum AllocatorPolicy {
    /// Keeps freed blocks for reuse: blocks under 32 MiB (glibc's ceiling for the mmap threshold)
    /// come from the heaps, and a heap keeps up to 64 MiB of free memory at its top (twice that,
    /// as glibc's own rule pairs them). Larger blocks are still mapped and unmapped one by one, so
    /// a big scenario's peak is unchanged; what a run keeps is memory it already used.
    /// The command line sets this at start.
    public static func keepFreedBlocks() {
        set(mmapThreshold: 32 * 1024 * 1024, trimThreshold: 64 * 1024 * 1024)
    }

    /// Maps every block of 64 KiB or more on its own and returns free heap memory above glibc's
    /// default 128 KiB, so that a stage's resident growth is not hidden by memory an earlier
    /// stage freed (the benchmark's memory probe).
    public static func returnFreedBlocks() {
        set(mmapThreshold: 64 * 1024, trimThreshold: 128 * 1024)
    }

    /// glibc's `mallopt` for `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD`, looked up at run time
    /// (`malloc.h` is not part of the Glibc module); does nothing where there is no such function.
    private static func set(mmapThreshold: Int32, trimThreshold: Int32) {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(-3, mmapThreshold)  // M_MMAP_THRESHOLD in malloc.h
            _ = mallopt(-1, trimThreshold)  // M_TRIM_THRESHOLD
        #endif
    }
}
