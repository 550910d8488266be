import Foundation

/// Writes a run's files into a new folder under an output directory, atomically: everything goes
/// into a hidden temporary folder that is renamed into place only when complete, so an
/// interrupted or failed run leaves nothing half-written.
public struct OutputFolder: Sendable {
    /// The parent directory (`Results/` by default).
    public let parent: URL
    /// The folder's base name, e.g. `default-20261129-121314`.
    let baseName: String

    /// Prepares a folder named after `name` and `date` under `parent`.
    public init(parent: URL, name: String, date: Date = Date()) {
        self.parent = parent
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        self.baseName = String(safe) + "-" + formatter.string(from: date)
    }

    /// Writes `files` (name → contents) and returns the final folder.
    public func write(_ files: [(name: String, contents: String)]) throws -> URL {
        let manager = FileManager.default
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(baseName).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for file in files {
                do {
                    try Data(file.contents.utf8).write(to: staging.appendingPathComponent(file.name))
                } catch {
                    // Named as the file would be once the folder is complete (the staging folder
                    // is removed below).
                    let shown = parent.appendingPathComponent(baseName).appendingPathComponent(file.name).path
                    throw AtomicFile.Failure(path: shown, reason: AtomicFile.reason(error))
                }
            }
            var target = parent.appendingPathComponent(baseName)
            var suffix = 2
            while manager.fileExists(atPath: target.path) {
                target = parent.appendingPathComponent("\(baseName)-\(suffix)")
                suffix += 1
            }
            try manager.moveItem(at: staging, to: target)
            return target
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }
}
