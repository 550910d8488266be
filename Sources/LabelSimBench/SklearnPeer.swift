import Foundation

/// The scikit-learn side of the learner benchmarks: the shared feature CSV and one Python run.
enum SklearnPeer {
    /// Runs `python script arguments…`, with the BLAS thread count pinned when `threads` is given,
    /// and decodes the JSON report the script prints.
    static func run<Report: Decodable>(python: String, script: String, arguments: [String], threads: Int?) throws -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + arguments
        if let threads {
            var environment = ProcessInfo.processInfo.environment
            for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] { environment[name] = "\(threads)" }
            process.environment = environment
        }
        let output = Pipe()
        process.standardOutput = output
        // The script's stderr goes to a file (a second pipe could fill while stdout is read):
        // on success it is passed on as it was; on failure only its last line goes into the
        // one-line error, not a whole Python traceback.
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labelsim-peer-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max)).err")
        guard FileManager.default.createFile(atPath: errorURL.path, contents: nil), let errorFile = try? FileHandle(forWritingTo: errorURL)
        else { throw BenchmarkError("cannot create a temporary file in \(errorURL.deletingLastPathComponent().path)") }
        defer { try? FileManager.default.removeItem(at: errorURL) }
        process.standardError = errorFile
        do {
            try process.run()
        } catch {
            try? errorFile.close()
            throw BenchmarkError("cannot start \(python) \(script): \(error.localizedDescription)")
        }
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorFile.close()
        let errorText = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let last = errorText.split(whereSeparator: \.isNewline).last.map { ": " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
            throw BenchmarkError(
                "\(python) \(script) failed with status \(process.terminationStatus)\(last.prefix(300)) (is scikit-learn installed?)")
        }
        if !errorText.isEmpty { FileHandle.standardError.write(Data(errorText.utf8)) }
        return try JSONDecoder().decode(Report.self, from: bytes)
    }

    /// Runs `body` with a new temporary folder `labelsim-NAME-PID` for the files handed to the
    /// script, and removes the folder when `body` returns or throws.
    static func withFolder<Result>(_ name: String, _ body: (URL) throws -> Result) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "labelsim-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    /// Writes `label,x0,…` rows; Swift prints the shortest string that round-trips, so Python
    /// reads identical doubles.
    static func writeFeatureCSV(features: [Double], labels: [Int32], dimensions: Int, to url: URL) throws {
        var text = "label," + (0..<dimensions).map { "x\($0)" }.joined(separator: ",") + "\n"
        text.reserveCapacity(labels.count * dimensions * 22)
        for (item, label) in labels.enumerated() {
            text += "\(label)"
            for j in 0..<dimensions { text += ",\(features[item * dimensions + j])" }
            text += "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
