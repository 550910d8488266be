import ArgumentParser
import Foundation
import LabelSimEngine

/// `labelsim merge DIR...`: join the shard folders of one sweep into the folder a single run writes.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of one sweep into exactly the files a single run writes."
    )

    @Argument(help: "Shard folders (NAME-sweep-FINGERPRINT-shard-I-of-N).")
    var folders: [String]

    @Option(name: .long, help: "Parent folder of the merged sweep folder.")
    var out: String = "Results"

    func run() throws {
        try OutputOption.check(out)
        let manifest: SweepManifest
        let outputs: SweepOutputs
        let rows: [Int: [Int: [[Double]]]]
        do {
            (manifest, rows) = try SweepOutputs.merge(shards: folders.map { URL(fileURLWithPath: $0) })
            outputs = try SweepOutputs(manifest: manifest, checkpoints: rows)
        } catch {
            CommandLineErrors.report(["\(error)"])
            throw ExitCode(2)
        }
        let parent = URL(fileURLWithPath: out)
        let target = parent.appendingPathComponent(manifest.folderName)
        if FileManager.default.fileExists(atPath: target.path) {
            CommandLineErrors.report(["\(target.path) already exists; remove it or choose another --out"])
            throw ExitCode(2)
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
            let record =
                "{\n  \"labelsim_version\": \(NumberText.jsonString(Manifest.version)),\n  \"command\": ["
                + CommandLine.arguments.map(NumberText.jsonString).joined(separator: ", ") + "],\n  \"merged_shards\": ["
                + folders.map(NumberText.jsonString).joined(separator: ", ")
                + "],\n  \"scenario\": \(NumberText.jsonString(manifest.scenario)),\n"
                + "  \"scenario_file\": \(NumberText.jsonString(manifest.scenarioFile)),\n  \"scenario_text\": \(NumberText.jsonString(manifest.scenarioText))\n}\n"
            try AtomicFile.write(Data(record.utf8), to: staging.appendingPathComponent("manifest.json"))
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        print("merged \(folders.count) shard(s) into \(target.path)")
    }
}
