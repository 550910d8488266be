import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    init(label: String) {
        self.label = label
    }

    /// Redraws the bar for `done` of `total`; `runs` (done, total), when given, sets the rate
    /// (runs per second) and the time left, and is shown beside the bar.
    func update(done: Int, total: Int, runs: (done: Int, total: Int)? = nil) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let elapsed = now.timeIntervalSince(started)
        let work = runs ?? (done, total)
        let rate = elapsed > 0 ? Double(work.done) / elapsed : 0
        let left = rate > 0 ? Double(work.total - work.done) / rate : 0
        let detail = runs.map { " \($0.done)/\($0.total) runs" } ?? ""
        let unit = runs == nil ? label : "runs"
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "\r[%@] %d/%d %@%@  %.1f %@/s  %.0f s left ", bar, done, total, label, detail, rate, unit, left)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
