import Foundation

/// `labelsim merge`: joins the shard folders of one sweep into the folder an unsharded sweep
/// writes (`sweep.json`, `checkpoints/`, outputs), plus a `manifest.json` naming the shards.
///
/// Everything is written into a staging folder beside the target and renamed into place at the
/// end, so a failed merge leaves no partial sweep folder that `--resume` could mistake for a
/// finished one.
public struct ShardMerge: Sendable {
    /// The merged sweep's manifest (no shard).
    public let manifest: SweepManifest
    /// The merged outputs.
    public let outputs: SweepOutputs
    /// `rows[point][replication] = [vendor][metric]`, every work item of the sweep.
    let rows: [Int: [Int: [[Double]]]]
    /// The shard folders, as given.
    public let shards: [String]

    /// Reads and checks the shard folders at `shards` (see ``SweepOutputs/merge(shards:)``).
    public init(shards: [String]) throws {
        let (manifest, rows) = try SweepOutputs.merge(shards: shards.map { URL(fileURLWithPath: $0) })
        self.manifest = manifest
        self.rows = rows
        self.outputs = try SweepOutputs(manifest: manifest, checkpoints: rows)
        self.shards = shards
    }

    /// What the merge's `manifest.json` holds.
    struct Record: Codable, Sendable, Equatable {
        /// labelsim's version.
        var labelsimVersion: String
        /// The command line as typed.
        public var command: [String]
        /// The shard folders merged, as given.
        var mergedShards: [String]
        /// Scenario name.
        public var scenario: String
        /// The scenario file as given to the sweep.
        var scenarioFile: String
        /// The scenario file's text.
        var scenarioText: String
    }

    /// Writes the merged sweep into `parent/NAME-sweep-FINGERPRINT` and returns that folder;
    /// a folder of that name already there is an error (``SweepError/mismatch(_:)``).
    public func write(into parent: URL, commandLine: [String]) throws -> URL {
        let target = parent.appendingPathComponent(manifest.folderName)
        if FileManager.default.fileExists(atPath: target.path) {
            throw SweepError.mismatch("\(target.path) already exists; remove it or choose another --out")
        }
        let staging = parent.appendingPathComponent(".tmp-\(manifest.folderName)-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        do {
            let store = SweepStore(folder: staging)
            try store.create(manifest)
            for (point, pointRows) in rows {
                try store.writeCheckpoint(
                    point: point, rows: pointRows.map { ($0.key, $0.value) }, vendors: manifest.vendors, metrics: manifest.metrics)
            }
            try outputs.write(to: staging)
            let record = Record(
                labelsimVersion: Manifest.version, command: commandLine, mergedShards: shards,
                scenario: manifest.scenario, scenarioFile: manifest.scenarioFile, scenarioText: manifest.scenarioText)
            try AtomicFile.write(Data(try JSONOutput.text(record, pretty: true).utf8), to: staging.appendingPathComponent("manifest.json"))
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return target
    }
}
