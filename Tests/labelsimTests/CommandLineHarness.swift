import Foundation

/// Runs the built `labelsim` executable in a scratch folder and captures what it prints.
struct CommandLineHarness {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let directory: URL
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static var executable: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("labelsim"),
            packageRoot.appendingPathComponent(".build/debug/labelsim"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func write(_ name: String, _ contents: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// A process for the executable with `arguments`, in the scratch folder, not yet started.
    private func process(_ arguments: [String]) throws -> Process {
        guard let executable = Self.executable else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "labelsim executable not built"])
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        return process
    }

    /// Runs the executable with `arguments`, `environment` added to this process's own.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = try process(arguments)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts the executable without waiting (stdout and stderr discarded).
    func start(_ arguments: [String]) throws -> Process {
        let process = try process(arguments)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Files and folders under `Results/` of the scratch folder (hidden ones included).
    func resultsEntries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("Results").path)) ?? []
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}
