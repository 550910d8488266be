import Foundation

/// Per-case time budget and crash reporting for the in-process fuzzer: a thread that stops the
/// process when a case runs longer than its budget (a hang), and signal handlers that print the
/// case that crashed before the process dies, so that it can be replayed.
public final class FuzzWatchdog: @unchecked Sendable {
    /// The one watchdog of the process.
    public static let shared = FuzzWatchdog()

    private let lock = NSLock()
    private var started: Date?
    private var index = 0
    private var budget = 10.0
    private var running = false

    /// Starts watching: a case longer than `seconds` stops the process with status 3.
    public func start(secondsPerCase seconds: Double) {
        lock.lock()
        budget = seconds
        let launch = !running
        running = true
        lock.unlock()
        FuzzCrashReport.install()
        guard launch else { return }
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.25)
                lock.lock()
                let overdue = started.map { Date().timeIntervalSince($0) > budget } ?? false
                let current = index
                lock.unlock()
                if overdue {
                    FileHandle.standardError.write(Data("labelsim-fuzz: case \(current) ran over \(budget) s (a hang)\n".utf8))
                    exit(3)
                }
            }
        }
        thread.start()
    }

    func begin(_ index: Int) {
        FuzzCrashReport.set(case: index)
        lock.lock()
        self.index = index
        started = Date()
        lock.unlock()
    }

    func end() {
        lock.lock()
        started = nil
        lock.unlock()
    }

    /// The process's resident memory in megabytes (from /proc/self/statm; 0 where unavailable).
    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}

/// What a crash prints: the message is formatted before each case, so that the signal handler only
/// calls write(2), which is safe there.
enum FuzzCrashReport {
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
    nonisolated(unsafe) static var length = 0

    static func set(case index: Int) {
        let bytes = Array("\nlabelsim-fuzz: crashed in case \(index)\n".utf8.prefix(128))
        for (offset, byte) in bytes.enumerated() { buffer[offset] = byte }
        length = bytes.count
    }

    static func install() {
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            _ = Foundation.signal(signal) { number in
                _ = write(2, FuzzCrashReport.buffer, FuzzCrashReport.length)
                _ = Foundation.signal(number, SIG_DFL)
                _ = raise(number)
            }
        }
    }
}
