/// The shortest text that reads back to the same double — exactly what `Double.description`
/// prints — written straight into a byte buffer.
///
/// Why not `description`: it builds a `String` per value (a heap allocation for the 17–21
/// characters a posterior usually needs), which cost more than the digits themselves when writing
/// millions of posteriors. `Double.write(to:)` formats into a stack buffer and hands the bytes to
/// the stream's `_writeASCII` (a public requirement of `TextOutputStream`); should a future
/// standard library pass a `String` instead, ``Sink/write(_:)`` takes it, slower but the same
/// bytes. NaN goes through `description` (`write(to:)` shows NaN payloads). A test checks the
/// bytes against `description`.
enum ShortestDouble {
    /// Longest text written: sign, 17 digits, point, exponent (`-2.2250738585072014e-308`).
    static let maximumLength = 32

    /// Writes `value` at `pointer` (room for ``maximumLength`` bytes); returns the bytes written.
    @inline(__always)
    static func write(_ value: Double, to pointer: UnsafeMutablePointer<UInt8>) -> Int {
        var sink = Sink(base: pointer)
        if value.isNaN {
            sink.write(value.description)
        } else {
            value.write(to: &sink)
        }
        return sink.count
    }

    /// A text stream into raw memory.
    struct Sink: TextOutputStream {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func write(_ string: String) {
            for byte in string.utf8.prefix(ShortestDouble.maximumLength - count) {
                base[count] = byte
                count += 1
            }
        }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            for byte in buffer.prefix(ShortestDouble.maximumLength - count) {
                base[count] = byte
                count += 1
            }
        }
    }
}
