import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The process's resident memory as Linux reports it in `/proc/self/status`, and its peak since a
/// reset, so that one stage's resident growth can be measured inside a longer run.
///
/// Writing `5` to `/proc/self/clear_refs` sets the peak (`VmHWM`) back to the current resident
/// size (Linux ≥ 4.0); the growth of the peak over a stage is then what the stage made resident
/// at its worst moment. Elsewhere every reading is nil.
public enum ResidentMemory {
    /// Current resident bytes (`VmRSS`), nil when not available.
    public static var current: Int? { field("VmRSS") }

    /// Peak resident bytes since the last ``resetPeak()`` or the start (`VmHWM`), nil when not available.
    public static var peak: Int? { field("VmHWM") }

    /// Sets the peak back to the current resident size; false when the system does not allow it.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// Makes the allocator map every block of 64 KiB or more on its own and unmap it when freed
    /// (glibc otherwise raises that threshold as blocks are freed and keeps them for reuse), so a
    /// stage's growth is not hidden by memory an earlier stage freed.
    public static func returnLargeBlocks() {
        setMmapThreshold(64 * 1024)
    }

    /// Lets the allocator keep freed blocks of up to 32 MiB for reuse (glibc's limit of its own
    /// adaptive rule), as it does for most of a long run, so that timed code does not pay a fresh
    /// mapping for every large array.
    public static func keepLargeBlocks() {
        setMmapThreshold(32 * 1024 * 1024)
    }

    /// The peak resident growth, in bytes, while `body` runs (nil when it cannot be measured),
    /// and what `body` returned.
    static func peakGrowth<T>(_ body: () throws -> T) rethrows -> (bytes: Int?, value: T) {
        let reset = resetPeak()
        let before = current
        let value = try body()
        guard reset, let before, let after = peak else { return (nil, value) }
        return (max(0, after - before), value)
    }

    /// glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`, looked up at run time (`malloc.h` is not part
    /// of the Glibc module); does nothing where there is no such function.
    private static func setMmapThreshold(_ bytes: Int32) {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in malloc.h
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, bytes)
        #endif
    }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
