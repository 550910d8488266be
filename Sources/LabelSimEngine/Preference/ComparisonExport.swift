import Foundation
import LabelSimCore

/// Writes one vendor's raw comparisons of one replication as crowd-kit's pairwise aggregators
/// read them: `worker,left,right,label` with `label` the preferred response (ties left out), and
/// optionally the Bradley–Terry scores of the responses (`item,score`).
public struct ComparisonExport: Sendable {
    /// The CSV text of the comparisons.
    public let comparisons: String
    /// The CSV text of the Bradley–Terry scores (`item,score`), one row per response compared.
    public let scores: String
    /// Comparisons written (ties excluded).
    public let count: Int
    /// The vendor whose comparisons they are.
    public let vendorName: String

    /// `labelsim comparisons`: checks the request against the scenario at `path` (a vendor by
    /// name, default the first; a preference task; a replication in range), then draws it.
    public init(scenario: Scenario, path: String, vendorName: String?, replication: Int, bradleyTerryIterations: Int) throws {
        let names = scenario.vendors.map(\.name)
        if let vendorName, !names.contains(vendorName) {
            throw ExportError(message: "--vendor: no vendor named '\(vendorName)' in \(path) (have: \(names.joined(separator: ", ")))")
        }
        guard scenario.kind == .preference else {
            throw ExportError(message: "\(path): task.kind: comparisons need a preference scenario")
        }
        guard replication >= 0, replication < scenario.replications else {
            throw ExportError(
                message: "--replication must lie in 0…\(scenario.replications - 1) (the scenario's replications), got \(replication)")
        }
        guard (1...1_000_000).contains(bradleyTerryIterations) else {
            throw ExportError(message: "--bt-iterations must lie in 1…1000000, got \(bradleyTerryIterations)")
        }
        try self.init(
            scenario: scenario, vendor: vendorName.flatMap { names.firstIndex(of: $0) } ?? 0, replication: replication,
            bradleyTerryIterations: bradleyTerryIterations)
    }

    /// Draws replication `replication` of `scenario` for vendor `vendor`.
    public init(scenario: Scenario, vendor: Int, replication: Int, bradleyTerryIterations: Int = 1000) throws {
        guard let pipeline = try PreferencePipeline(scenario: scenario) else {
            throw ExportError(message: "comparisons need task.kind: preference")
        }
        let world = try pipeline.world(index: replication)
        let (drawn, _) = try pipeline.comparisons(index: replication, vendor: vendor, world: world)
        var text = "worker,left,right,label\n"
        var left: [Int32] = []
        var right: [Int32] = []
        var leftWins: [Bool] = []
        for k in drawn.outcomes.indices where drawn.outcomes[k] >= 0 {
            let pair = Int(drawn.pairs[k])
            let (a, b) = (world.pool.left[pair], world.pool.right[pair])
            text += "w\(drawn.raters[k]),r\(a),r\(b),r\(drawn.outcomes[k] == 1 ? a : b)\n"
            left.append(a)
            right.append(b)
            leftWins.append(drawn.outcomes[k] == 1)
        }
        comparisons = text
        count = left.count
        vendorName = scenario.vendors[vendor].name
        let itemCount = Int((left + right).max() ?? -1) + 1
        let method = BradleyTerry(maxIterations: bradleyTerryIterations)
        let fitted = method.scores(itemCount: itemCount, left: left, right: right, leftWins: leftWins).scores
        let used = Set(left + right).sorted()
        scores = "item,score\n" + used.map { "r\($0),\(fitted[Int($0)])\n" }.joined()
    }

    /// A problem with the export request.
    public struct ExportError: Error, CustomStringConvertible {
        /// What went wrong.
        public let message: String
        /// The message.
        public var description: String { message }
    }
}
