import Foundation

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

    /// The peak resident growth, in bytes, while `body` runs (nil when it cannot be measured),
    /// and what `body` returned.
    static func peakGrowth<T>(_ body: () throws -> T) rethrows -> (bytes: Int?, value: T) {
        let reset = resetPeak()
        let before = current
        let value = try body()
        guard reset, let before, let after = peak else { return (nil, value) }
        return (max(0, after - before), value)
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
