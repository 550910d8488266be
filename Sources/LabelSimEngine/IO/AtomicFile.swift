import Foundation

/// Writes a file whole or not at all: into a temporary file in the same folder, then rename(2),
/// which replaces an existing file atomically (Foundation's replaceItemAt fails on Linux).
public enum AtomicFile {
    /// A write that failed, with the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        /// The file that was not written.
        public let path: String
        /// Why.
        public let reason: String

        /// `PATH: cannot write the file (REASON)`.
        public var description: String { "\(path): cannot write the file (\(reason))" }
    }

    /// Writes `data` to `url`.
    public static func write(_ data: Data, to url: URL) throws(Failure) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".tmp-\(url.lastPathComponent)-\(getpid())")
        do {
            try data.write(to: temporary)
        } catch {
            throw Failure(path: url.path, reason: error.localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(path: url.path, reason: reason)
        }
    }
}
