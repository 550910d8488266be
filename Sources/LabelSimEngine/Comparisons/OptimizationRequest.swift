import Foundation
import LabelSimCore

/// `labelsim optimize`: what to search and on which metric, checked before anything runs, and the
/// search that answers it (``AllocationSearch``).
public struct OptimizationRequest: Sendable {
    /// Why a request cannot run: one line naming the option.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The line to print.
        public let description: String
    }

    /// The scenario.
    public let document: ScenarioDocument
    /// Redundancies and budget splits searched besides the routings.
    public let space: AllocationSearch.Space
    /// The metric optimised; nil for the verdict's quality metric.
    public let metric: Metric?
    /// Most candidates searched exhaustively; successive halving beyond.
    public let exhaustiveLimit: Int

    /// Checks a request. `redundancies` are tried for every vendor beside its own setting (empty:
    /// its own only); `shareStep` is the grid step of budget shares (0: no splits); `metric` names a
    /// metric the scenario records that has a better direction.
    public init(document: ScenarioDocument, redundancies: [Int], shareStep: Double, metric: String?, exhaustiveLimit: Int) throws(Problem) {
        if let bad = redundancies.first(where: { $0 < 1 }) {
            throw Problem(description: "--redundancy: \(bad) is not a whole number ≥ 1 (give e.g. 1,3,5, or own)")
        }
        if let bad = redundancies.first(where: { $0 > ScenarioParser.maximumRedundancy }) {
            throw Problem(
                description:
                    "--redundancy: \(bad) is above \(ScenarioParser.maximumRedundancy), the most labels per item a scenario may ask for")
        }
        if document.scenario.timeline != nil {
            throw Problem(
                description:
                    "optimize searches routings and splits of one budget; a timeline's plans are not searched (compare them with run or compare)"
            )
        }
        var chosen: Metric?
        if let metric {
            let catalog = MetricCatalog(scenario: document.scenario)
            guard let found = MetricRegistry.metric(named: metric), catalog.contains(found) else {
                let directed = catalog.metrics.filter { $0.direction != .none }.map(\.name)
                throw Problem(
                    description: "--metric: '\(ScenarioProblem.quoted(metric, limit: 60))' is not a metric this scenario records; "
                        + "one of: \(directed.joined(separator: ", "))")
            }
            guard found.direction != .none else {
                throw Problem(description: "--metric: '\(metric)' has no better direction; name one that is better higher or lower")
            }
            chosen = found
        }
        self.document = document
        self.space = AllocationSearch.Space(redundancies: redundancies, shareStep: shareStep == 0 ? nil : shareStep)
        self.metric = chosen
        self.exhaustiveLimit = max(1, exhaustiveLimit)
    }

    /// The results folder's name before its date.
    public var folderName: String { "\(document.scenario.name)-optimize" }

    /// What a search produced.
    public struct Outcome: Sendable {
        /// The search.
        public let search: AllocationSearch
        /// The metric optimised (nil: the verdict's quality metric).
        public let metric: Metric?

        /// What `optimize` prints: the verdict, the search's size and method, the best allocation
        /// and its paired differences; `wallSeconds` is the search's time.
        public func summary(wallSeconds: Double) -> String {
            let names = search.result.optionNames
            let replications = search.result.scenario.replications
            let method =
                search.isExhaustive
                ? "exhaustive: every candidate on all \(replications) replications"
                : "successive halving: \(search.halvings) rounds from \(search.firstReplications) replications, "
                    + "then \(names.count) finalists (with each vendor alone) on all \(replications)"
            return [
                search.verdict.sentence, "",
                "\(search.allocations.count) candidates, \(method); \(String(format: "%.1f", wallSeconds)) s",
                "best: \(names[search.bestOption]) — \(search.describe(option: search.bestOption))\n",
                search.differenceTable(),
            ].joined(separator: "\n")
        }

        /// The results folder's files: `manifest.json`, `search.csv`, `summary.csv`,
        /// `replications.csv` of the final round, and the report.
        public func files(manifest: Manifest, minDifference: Double) throws -> [(name: String, contents: String)] {
            let run = RunFormatter(result: search.result)
            return [
                ("manifest.json", try manifest.json()), ("search.csv", search.csv()), ("summary.csv", run.summaryCSV()),
                ("replications.csv", run.replicationsCSV()),
            ]
                + run.report(
                    wallSeconds: manifest.wallSeconds, command: manifest.commandLine.joined(separator: " "),
                    minDifference: minDifference, metric: metric)
        }
    }

    /// Runs the search on `threads` threads; `progress` gets (candidate runs done, total).
    public func run(threads: Int, minDifference: Double, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Outcome {
        let search = try AllocationSearch(
            scenario: document.scenario, space: space, threads: threads, minDifference: minDifference, metric: metric,
            exhaustiveLimit: exhaustiveLimit, progress: progress)
        return Outcome(search: search, metric: metric)
    }
}
