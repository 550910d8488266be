import Foundation
import LabelSimCore
import LabelSimGSL

/// The labels a run's vendors delivered, as crowd-kit reads them: per replication and vendor a
/// `task,worker,label` CSV, and per replication a `task,truth` CSV of the items' true classes.
///
/// Each replication is redrawn from its own streams exactly as ``Replication/run(index:)`` draws
/// it, so the files hold the labels the run scored. Items are named by their pool index, workers
/// by their index in the vendor's workforce, classes by 0 … K − 1.
public enum LabelExport {
    /// The files for `replications` of `scenario`: `labels-VENDOR-rN.csv` and `truth-rN.csv`.
    public static func files(scenario: Scenario, replications: [Int]) throws -> [(name: String, contents: String)] {
        let replication = try Replication(scenario: scenario)
        var files: [(name: String, contents: String)] = []
        for index in replications {
            let world = try replication.world(index: index)
            var labelled = 0
            for vendorIndex in scenario.vendors.indices {
                let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .vendor(vendorIndex)))
                let outcome = try replication.label(vendorIndex: vendorIndex, replication: index, pool: world.pool, using: rng)
                let matrix = outcome.matrix
                labelled = max(labelled, matrix.itemCount)
                var text = "task,worker,label\n"
                text.reserveCapacity(matrix.labelCount * 16)
                for item in 0..<matrix.itemCount {
                    for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                        text += "\(item),\(matrix.workers[entry]),\(matrix.labels[entry])\n"
                    }
                }
                let name = String(
                    scenario.vendors[vendorIndex].name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
                files.append(("labels-\(name)-r\(index).csv", text))
            }
            var truth = "task,truth\n"
            for item in 0..<labelled { truth += "\(item),\(world.pool.classes[item])\n" }
            files.append(("truth-r\(index).csv", truth))
        }
        return files
    }

    /// Parses `0,5` (replication indices, each below `count`); nil with a message when malformed.
    public static func replications(_ text: String, count: Int) -> Result<[Int], ExportListError> {
        var result: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value >= 0, value < count else {
                return .failure(ExportListError(message: "--export-labels: '\(part)' is not a replication index in 0…\(count - 1)"))
            }
            if !result.contains(value) { result.append(value) }
        }
        return result.isEmpty ? .failure(ExportListError(message: "--export-labels: no replication named")) : .success(result)
    }
}

/// A malformed `--export-labels` list.
public struct ExportListError: Error, Sendable {
    /// What is wrong.
    public let message: String
}
