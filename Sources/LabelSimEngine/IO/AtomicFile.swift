import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

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

    /// The system's reason for a failed Foundation write: the POSIX error under it where there is
    /// one ("No space left on device"), else its description.
    public static func reason(_ error: any Error) -> String {
        if let code = posixCode(error) { return String(cString: strerror(code)) }
        let cocoa = error as NSError
        if cocoa.domain == NSCocoaErrorDomain && cocoa.code == CocoaError.fileWriteOutOfSpace.rawValue {
            return String(cString: strerror(ENOSPC))
        }
        return cocoa.localizedDescription
    }

    /// The POSIX error code of `error` or of the error under it, if any.
    private static func posixCode(_ error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let cocoa = error as NSError
        if cocoa.domain == NSPOSIXErrorDomain { return Int32(cocoa.code) }
        return (cocoa.userInfo[NSUnderlyingErrorKey] as? any Error).flatMap(posixCode)
    }

    /// Writes `data` to `url`.
    public static func write(_ data: Data, to url: URL) throws(Failure) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".tmp-\(url.lastPathComponent)-\(getpid())")
        do {
            try data.write(to: temporary)
        } catch {
            // A failed write (a full disk) can leave part of the temporary file behind.
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(path: url.path, reason: reason(error))
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
        try writeAll(
            files.map { file in
                (
                    file.url,
                    { (path: URL) throws(Failure) in
                        do {
                            try file.data.write(to: path)
                        } catch {
                            try? FileManager.default.removeItem(at: path)
                            throw Failure(path: file.url.path, reason: reason(error))
                        }
                    }
                )
            })
    }

    /// Writes every file, each given as pieces written one after the other, or none (as the `Data` one does).
    static func writeAll(_ files: [(parts: [[UInt8]], url: URL)]) throws(Failure) {
        try writeAll(
            files.map { file in
                (file.url, { (path: URL) throws(Failure) in try writeParts(file.parts, to: path, naming: file.url) })
            })
    }

    /// Creates `path` (mode 0666 less the umask, like Foundation's writes) holding `parts` in order.
    private static func writeParts(_ parts: [[UInt8]], to path: URL, naming target: URL) throws(Failure) {
        func failure() -> Failure { Failure(path: target.path, reason: String(cString: strerror(errno))) }
        let descriptor = open(path.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure() }
        var failed: Failure?
        for part in parts where failed == nil {
            part.withUnsafeBytes { bytes in
                var done = 0
                while done < bytes.count, let base = bytes.baseAddress {
                    let wrote = systemWrite(descriptor, base + done, bytes.count - done)
                    if wrote < 0 && errno == EINTR { continue }
                    if wrote <= 0 {
                        failed = failure()
                        return
                    }
                    done += wrote
                }
            }
        }
        if close(descriptor) != 0 && failed == nil { failed = failure() }
        if let failed {
            unlink(path.path)
            throw failed
        }
    }

    /// The common part of the two `writeAll`s: each file's writer fills a temporary path.
    private static func writeAll(_ files: [(url: URL, write: (URL) throws(Failure) -> Void)]) throws(Failure) {
        var written: [URL] = []
        func temporary(_ url: URL) -> URL {
            url.deletingLastPathComponent().appendingPathComponent(".tmp-\(url.lastPathComponent)-\(getpid())")
        }
        for file in files {
            do throws(Failure) {
                try file.write(temporary(file.url))
                written.append(temporary(file.url))
            } catch {
                for url in written { try? FileManager.default.removeItem(at: url) }
                throw error
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
