import ArgumentParser
import Foundation
import LabelSimCore

/// Options shared by the commands that load a scenario.
struct ScenarioOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Override a scenario key (repeatable), e.g. vendors.crowd.quality.redundancy=7.", valueName: "KEY=VALUE"))
    var set: [String] = []

    // `.unconditional`: `--replications -1` is a bad count, not a missing value.
    @Option(name: .long, parsing: .unconditional, help: "Replications (overrides the scenario's `replications`).")
    var replications: Int?

    @Option(name: .long, parsing: .unconditional, help: "Master seed (overrides the scenario's `seed`).")
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
    @Option(name: .long, parsing: .unconditional, help: "Worker threads (default: all cores; capped at the parallel work there is).")
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

/// Checks of an output folder option, made before any work so that a run never ends in an error
/// about where to write.
enum OutputOption {
    /// Longest path accepted, in bytes (Linux's PATH_MAX is 4096; the results folder's own name
    /// and the staging suffix come on top).
    static let maximumPathBytes = 3_800
    /// Longest name of one folder, in bytes (NAME_MAX is 255; the staging prefix and suffix come on top).
    static let maximumComponentBytes = 200

    /// Exits with status 2 unless `path` is, or can be created as, a writable folder. Creates
    /// nothing: the nearest existing ancestor is probed with a folder that is removed at once.
    static func check(_ path: String, option: String = "--out") throws {
        if let problem = problem(path) {
            CommandLineErrors.report(["\(option) \(ScenarioProblem.quoted(path)): \(problem)"])
            throw ExitCode(2)
        }
    }

    /// Exits with status 2 unless `path` can be written as a file: not a folder, in a folder that
    /// exists and accepts new entries (files are written to a temporary name and renamed, so the
    /// folder is never created for them). Creates nothing.
    static func checkFile(_ path: String, option: String) throws {
        if let problem = fileProblem(path) {
            CommandLineErrors.report(["\(option) \(ScenarioProblem.quoted(path, limit: 200)): \(problem)"])
            throw ExitCode(2)
        }
    }

    /// Exits with status 2 when the output `path` (given with `option`) names the same file as one
    /// of `others` (each with how the user gave it: "the annotation file", "--truth", …): writing
    /// it would replace what the command reads or another file it writes. Compared by file
    /// identity where both exist (so links and `./` spellings count), else by resolved path.
    static func checkDistinct(_ path: String, option: String, from others: [(path: String, name: String)]) throws {
        for other in others where sameFile(path, other.path) {
            CommandLineErrors.report([
                "\(option) \(ScenarioProblem.quoted(path, limit: 200)) is \(other.name) \(ScenarioProblem.quoted(other.path, limit: 200)): "
                    + "writing it would replace that file; choose another path"
            ])
            throw ExitCode(2)
        }
    }

    /// Whether two paths name one file: the same device and inode where both exist, else the same
    /// resolved absolute path.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        let manager = FileManager.default
        if let a = try? manager.attributesOfItem(atPath: first), let b = try? manager.attributesOfItem(atPath: second),
            let deviceA = a[.systemNumber] as? NSNumber, let deviceB = b[.systemNumber] as? NSNumber,
            let nodeA = a[.systemFileNumber] as? NSNumber, let nodeB = b[.systemFileNumber] as? NSNumber
        {
            return deviceA == deviceB && nodeA == nodeB
        }
        let resolve = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolve(first) == resolve(second)
    }

    /// What is wrong with `path` as an output file, or nil; folders are named as the user wrote them.
    static func fileProblem(_ path: String) -> String? {
        if let problem = textProblem(path) { return problem }
        let manager = FileManager.default
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue { return "is a folder, not a file" }
        let parent = url.deletingLastPathComponent()
        let written = (path as NSString).deletingLastPathComponent
        let shown = ScenarioProblem.quoted(written.isEmpty ? "." : written, limit: 200)
        guard manager.fileExists(atPath: parent.path, isDirectory: &isFolder) else { return "the folder \(shown) does not exist" }
        guard isFolder.boolValue else { return "\(shown) is a file, not a folder" }
        return canCreateEntry(in: parent) ? nil : "cannot create a file in \(shown)"
    }

    /// What is wrong with `path` as text of a path (empty, too long, a NUL byte), or nil.
    private static func textProblem(_ path: String) -> String? {
        if path.isEmpty { return "an empty path" }
        if path.utf8.count > maximumPathBytes { return "the path is longer than \(maximumPathBytes) bytes" }
        if path.contains("\0") { return "the path contains a NUL byte" }
        let components = path.split(separator: "/")
        if let long = components.first(where: { $0.utf8.count > maximumComponentBytes }) {
            return "'\(ScenarioProblem.quoted(String(long), limit: 40))' is longer than \(maximumComponentBytes) bytes"
        }
        return nil
    }

    /// Whether a new entry can be made in the existing folder `folder`: one is made and removed at once.
    private static func canCreateEntry(in folder: URL) -> Bool {
        let probe = folder.appendingPathComponent(".labelsim-probe-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: probe, withIntermediateDirectories: false)
            try FileManager.default.removeItem(at: probe)
        } catch {
            return false
        }
        return true
    }

    /// What is wrong with `path` as an output folder, or nil.
    static func problem(_ path: String) -> String? {
        if let problem = textProblem(path) { return problem }
        let manager = FileManager.default
        var ancestor = URL(fileURLWithPath: path).standardizedFileURL
        while !manager.fileExists(atPath: ancestor.path) {
            let parent = ancestor.deletingLastPathComponent()
            if parent.path == ancestor.path { break }
            ancestor = parent
        }
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: ancestor.path, isDirectory: &isFolder), isFolder.boolValue else {
            return ancestor.path == URL(fileURLWithPath: path).standardizedFileURL.path
                ? "is a file, not a folder" : "\(ScenarioProblem.quoted(ancestor.path)) is a file, not a folder"
        }
        return canCreateEntry(in: ancestor) ? nil : "cannot create a folder in \(ScenarioProblem.quoted(ancestor.path))"
    }
}
