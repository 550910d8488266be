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
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("\(python) \(script) failed with status \(process.terminationStatus) (is scikit-learn installed?)")
        }
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
