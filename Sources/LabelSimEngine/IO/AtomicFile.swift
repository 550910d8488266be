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

    /// Writes every file or none: all temporary files first, then the renames, so that a failure
    /// (a later file cannot be written) leaves none of the targets behind.
    static func writeAll(_ files: [(data: Data, url: URL)]) throws(Failure) {
        var written: [URL] = []
        func temporary(_ url: URL) -> URL {
            url.deletingLastPathComponent().appendingPathComponent(".tmp-\(url.lastPathComponent)-\(getpid())")
        }
        for file in files {
            do {
                try file.data.write(to: temporary(file.url))
                written.append(temporary(file.url))
            } catch {
                for url in written { try? FileManager.default.removeItem(at: url) }
                throw Failure(path: file.url.path, reason: error.localizedDescription)
            }
        }
        for (index, file) in files.enumerated() where rename(temporary(file.url).path, file.url.path) != 0 {
            let reason = String(cString: strerror(errno))
            for later in files[index...] { try? FileManager.default.removeItem(at: temporary(later.url)) }
            for earlier in files[..<index] { try? FileManager.default.removeItem(at: earlier.url) }
            throw Failure(path: file.url.path, reason: reason)
        }
    }
}
