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
        let merge: ShardMerge
        let target: URL
        do {
            merge = try ShardMerge(shards: folders)
        } catch {
            CommandLineErrors.report(["\(error)"])
            throw ExitCode(2)
        }
        do {
            target = try merge.write(into: URL(fileURLWithPath: out), commandLine: CommandLine.arguments)
        } catch let error as SweepError {
            CommandLineErrors.report(["\(error)"])
            throw ExitCode(2)
        }
        print("merged \(folders.count) shard(s) into \(target.path)")
    }
}
