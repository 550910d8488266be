import Foundation
import LabelSimCore

/// A sweep: the grid of scenario variants (every combination of the axes' values, the first axis
/// slowest) and the work items (grid point × replication), each run exactly as `labelsim run`
/// with the point's values as `--set` overrides would run it.
public struct SweepPlan: Sendable {
    /// One grid point: its values (one per axis) and its validated scenario.
    public struct Point: Sendable {
        /// Values in axis order.
        public var values: [String]
        /// The scenario with the values applied.
        public var scenario: Scenario
    }

    /// The base scenario (with the user's `--set`s).
    public let base: ScenarioDocument
    /// The varied keys.
    public let axes: [SweepAxis]
    /// Grid points in order.
    public let points: [Point]
    /// Identifies the sweep: scenario text, overrides, axes and every point's seed and replications.
    let fingerprint: String

    /// Most grid points a sweep may have (each is a validated scenario held in memory).
    static let maximumPoints = 10_000
    /// Most replications a sweep may run over all its points.
    static let maximumRuns = 10_000_000

    /// The plan of `labelsim sweep`: the `--vary KEY=VALUES` axes, or without any the file's
    /// `sweep: {vary: …}` block; nothing to vary, or a key varied twice, is a problem.
    public init(document: ScenarioDocument, vary: [String]) throws(ScenarioProblems) {
        var axes = try vary.map { text throws(ScenarioProblems) in try SweepAxis.parse(text) }
        if axes.isEmpty { axes = try ScenarioParser.sweepAxes(from: document.effective, file: document.path) }
        if axes.isEmpty {
            throw ScenarioProblems([
                ScenarioProblem(
                    file: document.path, origin: nil, keyPath: "",
                    message: "nothing to sweep: give --vary KEY=VALUES or a sweep: {vary: {KEY: VALUES}} block")
            ])
        }
        var keys = Set<String>()
        for axis in axes where !keys.insert(axis.key).inserted {
            throw ScenarioProblems([ScenarioProblem(file: "command line", origin: nil, keyPath: axis.key, message: "varied twice")])
        }
        for axis in axes {
            var values = Set<String>()
            if let repeated = axis.values.first(where: { !values.insert($0).inserted }) {
                throw ScenarioProblems([
                    ScenarioProblem(
                        file: vary.isEmpty ? document.path : "command line", origin: nil, keyPath: axis.key,
                        message: "the value '\(ScenarioProblem.quoted(repeated))' is listed twice (its grid points would repeat)")
                ])
            }
        }
        try self.init(base: document, axes: axes)
    }

    /// Builds and validates every grid point; throws every problem found.
    public init(base: ScenarioDocument, axes: [SweepAxis]) throws(ScenarioProblems) {
        self.base = base
        self.axes = axes
        let size = axes.reduce(1.0) { $0 * Double($1.values.count) }
        let work = size * Double(base.scenario.replications)
        if size > Double(Self.maximumPoints) || work > Double(Self.maximumRuns) {
            throw ScenarioProblems([
                ScenarioProblem(
                    file: base.path, origin: nil, keyPath: "--vary \(ScenarioProblem.quoted(axes.map(\.key).joined(separator: ", ")))",
                    message: "the grid has \(String(format: "%.0f", size)) points × \(base.scenario.replications) replications; "
                        + "at most \(Self.maximumPoints) points and \(Self.maximumRuns) runs in all (split it into several sweeps)")
            ])
        }
        var combinations: [[String]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [$0] } }
        }
        var points: [Point] = []
        var problems: [ScenarioProblem] = []
        var seen = Set<String>()
        for values in combinations {
            let overrides = zip(axes, values).map { "\($0.key)=\($1)" }
            do {
                points.append(Point(values: values, scenario: try base.with(overrides: overrides).scenario))
            } catch {
                // One line per problem: an unknown key fails the same way at every value.
                for problem in error.problems where seen.insert(problem.keyPath + "\u{0}" + problem.message).inserted {
                    problems.append(problem)
                }
            }
        }
        if let first = points.first {
            let names = first.scenario.optionNames
            let catalog = MetricCatalog(scenario: first.scenario)
            for point in points.dropFirst()
            where point.scenario.optionNames != names || MetricCatalog(scenario: point.scenario) != catalog {
                problems.append(
                    ScenarioProblem(
                        file: base.path, origin: nil, keyPath: axes.map(\.key).joined(separator: ", "),
                        message: "the sweep changes the vendors' names or the task's domains between grid points; sweep those separately"))
                break
            }
        }
        if !problems.isEmpty { throw ScenarioProblems(problems) }
        self.points = points
        fingerprint = Fingerprint.of(
            [base.text] + base.overrides + axes.map { "\($0.key)=\($0.values.joined(separator: ","))" }
                + points.map { "\($0.scenario.seed)/\($0.scenario.replications)" })
    }

    /// Vendor names (the same at every point).
    public var vendorNames: [String] { points.first?.scenario.optionNames ?? [] }

    /// Metric names (the same at every point).
    var metricNames: [String] { points.first.map { MetricCatalog(scenario: $0.scenario).names } ?? [] }

    /// The work items of shard `index` of `count` (1-based): task t = (point, replication) in grid
    /// order, taken when t mod count = index − 1; without a shard, all of them.
    public func tasks(shard: Shard?) -> [(point: Int, replication: Int)] {
        var tasks: [(point: Int, replication: Int)] = []
        var ordinal = 0
        for (point, entry) in points.enumerated() {
            for replication in 0..<entry.scenario.replications {
                if shard.map({ ordinal % $0.count == $0.index - 1 }) ?? true {
                    tasks.append((point, replication))
                }
                ordinal += 1
            }
        }
        return tasks
    }

    /// The manifest stored with every sweep or shard folder.
    public func manifest(shard: Shard?) -> SweepManifest {
        SweepManifest(
            fingerprint: fingerprint, scenario: base.scenario.name, scenarioFile: base.path, scenarioText: base.text,
            overrides: base.overrides, axes: axes, points: points.map(\.values), seeds: points.map(\.scenario.seed),
            replications: points.map(\.scenario.replications), vendors: vendorNames, metrics: metricNames, shard: shard)
    }
}

/// A slice of a sweep: shard `index` of `count`, 1-based.
public struct Shard: Sendable, Equatable, Codable {
    /// 1-based index.
    public var index: Int
    /// Number of shards.
    public var count: Int

    /// Creates a shard; `index` must lie in `1...count`.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    public static func parse(_ text: String) -> Shard? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            return nil
        }
        return Shard(index: index, count: count)
    }
}
