import ArgumentParser
import Foundation
import LabelSimCore

/// Options shared by the commands that load a scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Override a scenario key (repeatable), e.g. vendors.crowd.quality.redundancy=7.", valueName: "KEY=VALUE"))
    var set: [String] = []

    @Option(name: .long, help: "Replications (overrides the scenario's `replications`).")
    var replications: Int?

    @Option(name: .long, help: "Master seed (overrides the scenario's `seed`).")
    var seed: UInt64?

    /// `--set` overrides plus `--seed` / `--replications` expressed as overrides.
    var overrides: [String] {
        var all = set
        if let seed { all.append("seed=\(seed)") }
        if let replications { all.append("replications=\(replications)") }
        return all
    }

    /// Loads `path` with the overrides, printing every problem and exiting with status 2 on failure.
    func load(path: String) throws -> ScenarioDocument {
        do {
            return try ScenarioDocument.load(path: path, overrides: overrides, profileDirectories: [ShippedScenarios.vendorProfiles])
        } catch {
            CommandLineErrors.report(error.problems.map(\.description))
            throw ExitCode(2)
        }
    }
}

/// Where the shipped scenarios live: `Scenarios/` in the working directory, beside the
/// executable's package, or in the source checkout it was built from.
enum ShippedScenarios {
    /// The shipped `Scenarios/` folder.
    static let folder: String = {
        let candidates = [
            "Scenarios",
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("../../Scenarios").standardized.path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios").standardized.path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/default.yaml") } ?? candidates[0]
    }()

    static func defaultScenario() -> String { "\(folder)/default.yaml" }

    /// Shipped vendor profiles (`use: scale-like`).
    static var vendorProfiles: String { "\(folder)/vendors" }
}

/// Error output for problems a user can fix.
enum CommandLineErrors {
    static func report(_ lines: [String]) {
        for line in lines {
            FileHandle.standardError.write(Data("error: \(line)\n".utf8))
        }
    }
}

/// `--threads` and `--out`, shared by the commands that run simulations.
struct ExecutionOptions: ParsableArguments {
    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: .long, help: "Parent folder of the results folder.")
    var out: String = "Results"

    /// The thread count to use; exits with status 2 on a value below 1, or when `--out` names
    /// something other than a folder (checked before any work is done).
    func threadCount() throws -> Int {
        if let threads, threads < 1 {
            CommandLineErrors.report(["--threads must be at least 1, got \(threads)"])
            throw ExitCode(2)
        }
        try OutputOption.check(out)
        return threads ?? ProcessInfo.processInfo.activeProcessorCount
    }
}

/// Checks of an output folder option.
enum OutputOption {
    /// Exits with status 2 when `path` exists and is not a folder.
    static func check(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            CommandLineErrors.report(["--out \(path) is a file, not a folder"])
            throw ExitCode(2)
        }
    }
}
