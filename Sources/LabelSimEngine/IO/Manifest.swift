import Foundation
import LabelSimCore

/// `manifest.json`: what was run, with what, by which version, and how long it took.
public struct Manifest: Sendable {
    /// labelsim's version.
    public static let version = "0.1.0"

    /// The scenario document (file text, overrides, effective tree).
    public var document: ScenarioDocument
    /// The command line as typed.
    public var commandLine: [String]
    /// Threads used.
    public var threads: Int
    /// Start time.
    public var started: Date
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// Seconds per pipeline stage, summed over threads.
    var stageSeconds: [(stage: StageClock.Stage, seconds: Double)] = []

    /// Creates a manifest.
    public init(document: ScenarioDocument, commandLine: [String], threads: Int, started: Date, wallSeconds: Double) {
        self.document = document
        self.commandLine = commandLine
        self.threads = threads
        self.started = started
        self.wallSeconds = wallSeconds
    }

    /// The manifest of `result`, run from `document` with `threads` threads (at most one per
    /// replication is used), with its time per pipeline stage.
    public init(result: RunResult, document: ScenarioDocument, commandLine: [String], threads: Int, started: Date, wallSeconds: Double) {
        self.init(
            document: document, commandLine: commandLine, threads: min(threads, result.scenario.replications), started: started,
            wallSeconds: wallSeconds)
        stageSeconds = result.stageSeconds
    }

    /// The JSON text (``Document``), indented.
    public func json() throws -> String {
        try JSONOutput.text(Document(self), pretty: true)
    }

    /// What `manifest.json` holds.
    struct Document: Codable, Sendable, Equatable {
        /// labelsim's version.
        var labelsimVersion: String
        /// The command line as typed.
        public var command: [String]
        /// The scenario file as given.
        var scenarioFile: String
        /// Scenario name.
        public var scenario: String
        /// Master seed.
        public var seed: UInt64
        /// Replications.
        public var replications: Int
        /// Threads used.
        public var threads: Int
        /// Start time, ISO 8601.
        var startedAt: String
        /// Wall-clock seconds.
        public var wallSeconds: JSONNumber
        /// Seconds per pipeline stage, summed over threads.
        var stageSeconds: [String: JSONNumber]
        /// The `--set` overrides.
        public var overrides: [String]
        /// The scenario file's text.
        var scenarioText: String
        /// The effective scenario after overrides and profiles, as YAML.
        var effectiveScenario: String

        /// The document of `manifest`.
        init(_ manifest: Manifest) {
            let scenario = manifest.document.scenario
            labelsimVersion = Manifest.version
            command = manifest.commandLine
            scenarioFile = manifest.document.path
            self.scenario = scenario.name
            seed = scenario.seed
            replications = scenario.replications
            threads = manifest.threads
            startedAt = ISO8601DateFormatter().string(from: manifest.started)
            wallSeconds = JSONNumber(manifest.wallSeconds)
            var stages: [String: JSONNumber] = [:]
            for (stage, seconds) in manifest.stageSeconds { stages[stage.rawValue] = JSONNumber(seconds) }
            stageSeconds = stages
            overrides = manifest.document.overrides
            scenarioText = manifest.document.text
            effectiveScenario = manifest.document.effective.yaml
        }
    }
}
