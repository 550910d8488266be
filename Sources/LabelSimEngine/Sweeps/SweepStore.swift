import Foundation
import LabelSimCore

/// A sweep's folder: `sweep.json`, one checkpoint per finished grid point under `checkpoints/`
/// (the point's replication rows of this folder's shard), and the final outputs. Every file is
/// written to a temporary name and renamed, so a kill leaves no half-written file.
public struct SweepStore: Sendable {
    /// The folder.
    public let folder: URL

    /// A store at `folder`.
    init(folder: URL) {
        self.folder = folder
    }

    var checkpoints: URL { folder.appendingPathComponent("checkpoints") }

    /// Whether the folder holds a sweep (a `sweep.json`).
    public var exists: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("sweep.json").path) }

    /// The stored manifest.
    public func manifest() throws -> SweepManifest {
        try SweepManifest.read(from: folder.appendingPathComponent("sweep.json"))
    }

    /// Creates the folder and writes the manifest.
    public func create(_ manifest: SweepManifest) throws {
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        try AtomicFile.write(manifest.json(), to: folder.appendingPathComponent("sweep.json"))
    }

    /// Readies the folder for `manifest`'s sweep: creates it, or with `resume` continues the sweep
    /// it holds (removing what a killed run left half-written). Returns whether a sweep was
    /// resumed; a folder that already holds the sweep without `resume` is an error.
    public func prepare(_ manifest: SweepManifest, resume: Bool) throws -> Bool {
        guard exists else {
            try create(manifest)
            return false
        }
        guard resume else {
            throw SweepError.mismatch("\(folder.path) already holds this sweep; add --resume to continue it, or remove the folder")
        }
        removeTemporaryFiles()
        // Read back what the folder holds, so that a damaged manifest, or one of another sweep
        // copied under this name, stops the resume rather than the merge that reads it later.
        let stored = try self.manifest()
        guard stored.fingerprint == manifest.fingerprint, stored.shard == manifest.shard else {
            throw SweepError.mismatch(
                "\(folder.path)/sweep.json belongs to another sweep (fingerprint \(stored.fingerprint)); remove the folder")
        }
        return true
    }

    /// Writes the `manifest.json` of a finished sweep (command line, threads, wall time).
    func writeRunManifest(_ manifest: Manifest) throws {
        try AtomicFile.write(Data(try manifest.json().utf8), to: folder.appendingPathComponent("manifest.json"))
    }

    /// Removes temporary files a killed run may have left.
    func removeTemporaryFiles() {
        for directory in [folder, checkpoints] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names where name.hasPrefix(".tmp-") {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }

    func checkpointURL(point: Int) -> URL {
        checkpoints.appendingPathComponent(String(format: "point-%06d.csv", point))
    }

    /// Grid points with a checkpoint.
    func finishedPoints() -> Set<Int> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
        return Set(
            names.compactMap { name in
                guard name.hasPrefix("point-"), name.hasSuffix(".csv") else { return nil }
                return Int(name.dropFirst(6).dropLast(4))
            })
    }

    /// Writes the rows of `point`: `rows[replication] = [vendor][metric]`.
    func writeCheckpoint(point: Int, rows: [(replication: Int, values: [[Double]])], vendors: [String], metrics: [String]) throws {
        var lines = [(["replication", "vendor"] + metrics).joined(separator: ",")]
        for row in rows.sorted(by: { $0.replication < $1.replication }) {
            for (vendor, values) in row.values.enumerated() {
                lines.append(
                    ([String(row.replication), NumberText.csvField(vendors[vendor])] + values.map(NumberText.csv)).joined(separator: ","))
            }
        }
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: checkpointURL(point: point))
    }

    /// Reads every checkpoint: `[point: [replication: [vendor][metric]]]`.
    func readCheckpoints(vendorCount: Int) throws -> [Int: [Int: [[Double]]]] {
        var result: [Int: [Int: [[Double]]]] = [:]
        for point in finishedPoints() {
            guard let text = try? String(contentsOf: checkpointURL(point: point), encoding: .utf8) else {
                throw SweepError.corrupt(checkpointURL(point: point).path, "cannot read the checkpoint as UTF-8 text")
            }
            var rows: [Int: [[Double]]] = [:]
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().dropFirst() where !line.isEmpty
            {
                let fields = CSVLine.split(String(line))
                guard fields.count >= 2, let replication = Int(fields[0]) else {
                    throw SweepError.corrupt(
                        checkpointURL(point: point).path, "line \(offset + 1): bad row '\(ScenarioProblem.quoted(String(line)))'")
                }
                rows[replication, default: []].append(fields.dropFirst(2).map { NumberText.parse($0) })
            }
            // Checkpoints are renamed into place whole, so an empty one was damaged after the fact.
            if rows.isEmpty {
                throw SweepError.corrupt(
                    checkpointURL(point: point).path, "the checkpoint holds no rows; remove it and run with --resume to redo its point")
            }
            for (replication, values) in rows where values.count != vendorCount {
                throw SweepError.corrupt(checkpointURL(point: point).path, "replication \(replication) has \(values.count) vendor rows")
            }
            result[point] = rows
        }
        return result
    }
}

/// Problems with sweep folders.
public enum SweepError: Error, CustomStringConvertible {
    /// A file that cannot be read back.
    case corrupt(String, String)
    /// Shards that do not belong together, or do not cover the sweep.
    case mismatch(String)

    /// A message naming the file or folders.
    public var description: String {
        switch self {
        case .corrupt(let path, let message): ScenarioProblem.quoted("\(path): \(message)", limit: 400)
        case .mismatch(let message): ScenarioProblem.quoted(message, limit: 400)
        }
    }
}

/// Splits one CSV line with RFC 4180 quoting.
enum CSVLine {
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            current.append("\"")
                        } else {
                            quoted = false
                            if next == "," {
                                fields.append(current)
                                current = ""
                            } else {
                                current.append(next)
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
