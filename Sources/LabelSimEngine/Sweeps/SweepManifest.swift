import Foundation
import LabelSimCore

/// `sweep.json`: everything needed to resume a sweep, merge its shards and write its outputs
/// without the scenario file.
public struct SweepManifest: Sendable, Equatable, Codable {
    /// Identifies the sweep (see ``SweepPlan/fingerprint``).
    var fingerprint: String
    /// Scenario name.
    public var scenario: String
    /// Scenario file as given.
    var scenarioFile: String
    /// The scenario file's text.
    var scenarioText: String
    /// The user's `--set` overrides.
    public var overrides: [String]
    /// Varied keys and values.
    public var axes: [SweepAxis]
    /// Each grid point's values.
    public var points: [[String]]
    /// Each grid point's seed.
    public var seeds: [UInt64]
    /// Each grid point's replications.
    public var replications: [Int]
    /// Vendor names.
    public var vendors: [String]
    /// Metric names.
    public var metrics: [String]
    /// The shard this folder holds, or nil for a whole sweep.
    public var shard: Shard?

    /// The folder name: `NAME-sweep-FINGERPRINT`, with `-shard-I-of-N` for a shard.
    public var folderName: String {
        let safe = String(scenario.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        let base = "\(safe)-sweep-\(fingerprint)"
        guard let shard else { return base }
        return "\(base)-shard-\(shard.index)-of-\(shard.count)"
    }

    /// Deterministic JSON with snake-case keys (``JSONOutput``), like every other document.
    public func json() throws -> Data {
        Data(try JSONOutput.text(self, pretty: true).utf8)
    }

    /// Reads a manifest: snake-case keys, or the camel-case keys (`scenarioFile`, `scenarioText`)
    /// that earlier versions wrote, so that their sweep folders still resume and merge (the
    /// decoder turns `scenario_file` into `scenarioFile` and leaves a key without underscores as
    /// it is). Errors name the file and say what is wrong in one line, not Swift's `DecodingError` dump.
    public static func read(from url: URL) throws(SweepError) -> SweepManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .corrupt(url.path, "cannot read the file")
        }
        do {
            return try JSONOutput.read(SweepManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .corrupt(url.path, "not a sweep manifest written by labelsim: no '\(JSONOutput.snakeCase(key.stringValue))'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            throw .corrupt(url.path, "not a sweep manifest written by labelsim: '\(path)' has the wrong type")
        } catch {
            throw .corrupt(url.path, "not a sweep manifest written by labelsim (damaged JSON)")
        }
    }
}
