internal import CGSL

/// Cache prefetches of array elements, for the labelling loop's accesses to items it revisits
/// (top-ups after a ban) in an order known ahead.
///
/// A prefetch is a hint that retires at once: unlike a plain load of the same element, nothing
/// waits for it, so a miss to memory overlaps the work in hand instead of holding up the
/// processor's reorder window.
enum Prefetch {
    /// Asks for the cache line of `array[index]` (to be read).
    @inline(__always)
    static func read<Element>(_ array: [Element], _ index: Int) {
        array.withUnsafeBufferPointer { buffer in
            labelsim_prefetch(buffer.baseAddress.map { UnsafeRawPointer($0 + index) })
        }
    }

    /// Asks for the cache line of `array[index]` (to be written).
    @inline(__always)
    static func write<Element>(_ array: [Element], _ index: Int) {
        array.withUnsafeBufferPointer { buffer in
            labelsim_prefetch_for_write(buffer.baseAddress.map { UnsafeRawPointer($0 + index) })
        }
    }

    /// Asks for the cache line holding `pointer` (to be read).
    @inline(__always)
    static func read<Element>(_ pointer: UnsafeMutablePointer<Element>) {
        labelsim_prefetch(UnsafeRawPointer(pointer))
    }
}
