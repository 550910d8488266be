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
    public var stageSeconds: [(stage: StageClock.Stage, seconds: Double)] = []

    /// Creates a manifest.
    public init(document: ScenarioDocument, commandLine: [String], threads: Int, started: Date, wallSeconds: Double) {
        self.document = document
        self.commandLine = commandLine
        self.threads = threads
        self.started = started
        self.wallSeconds = wallSeconds
    }

    /// The JSON text.
    public func json() -> String {
        let scenario = document.scenario
        let iso = ISO8601DateFormatter().string(from: started)
        let fields: [(String, String)] = [
            ("labelsim_version", NumberText.jsonString(Self.version)),
            ("command", "[" + commandLine.map(NumberText.jsonString).joined(separator: ", ") + "]"),
            ("scenario_file", NumberText.jsonString(document.path)),
            ("scenario", NumberText.jsonString(scenario.name)),
            ("seed", String(scenario.seed)),
            ("replications", String(scenario.replications)),
            ("threads", String(threads)),
            ("started_at", NumberText.jsonString(iso)),
            ("wall_seconds", NumberText.json(wallSeconds)),
            (
                "stage_seconds",
                "{"
                    + stageSeconds.map { "\(NumberText.jsonString($0.stage.rawValue)): \(NumberText.json($0.seconds))" }.joined(
                        separator: ", ")
                    + "}"
            ),
            ("overrides", "[" + document.overrides.map(NumberText.jsonString).joined(separator: ", ") + "]"),
            ("scenario_text", NumberText.jsonString(document.text)),
            ("effective_scenario", NumberText.jsonString(document.effective.yaml)),
        ]
        return "{\n" + fields.map { "  \(NumberText.jsonString($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }
}
