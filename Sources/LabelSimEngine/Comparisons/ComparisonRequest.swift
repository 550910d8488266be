import Foundation
import LabelSimCore

/// `labelsim compare`: which vendors to compare and on what footing, checked before anything
/// runs, and the run that answers it.
public struct ComparisonRequest: Sendable {
    /// What is held equal across vendors.
    public enum Mode: String, Sendable, CaseIterable {
        /// The scenario's budget.
        case budget
        /// The same number of items for every vendor.
        case items
    }

    /// Why a request cannot run: one line per problem, naming the option or the file.
    public struct Problem: Error, Sendable {
        /// The lines to print.
        public let lines: [String]
    }

    /// The scenario, with `budget.items` set in ``Mode/items`` mode.
    public let document: ScenarioDocument
    /// The mode.
    public let mode: Mode
    /// Indices of the options compared, at least two distinct ones.
    public let vendors: [Int]

    /// Checks a request. In ``Mode/items`` mode every vendor labels `items` items (default: the
    /// scenario's `budget.items`, else `data.train_items`); `vendors` names the options to compare
    /// (default: all).
    public init(document: ScenarioDocument, mode: Mode, items: Int?, vendors: [String]?) throws(Problem) {
        if items != nil, mode != .items {
            throw Problem(lines: ["--items applies to --mode items; add --mode items or drop --items"])
        }
        // A timeline's plans spend each period's budget: a fixed item count does not apply to them.
        if mode == .items, document.scenario.timeline != nil {
            throw Problem(lines: [
                "--mode items does not apply to a timeline's plans (each period spends its budget); compare them in budget mode"
            ])
        }
        var document = document
        if mode == .items {
            var count = items ?? document.scenario.data.trainItems
            if items == nil, case .items(let fixed) = document.scenario.budget { count = fixed }
            do {
                document = try document.with(overrides: ["budget.items=\(count)"])
            } catch {
                throw Problem(lines: error.problems.map(\.description))
            }
        }
        let names = document.scenario.optionNames
        var chosen = Array(names.indices)
        if let vendors {
            let wanted = vendors.map { $0.trimmingCharacters(in: .whitespaces) }
            guard !wanted.contains("") else {
                throw Problem(lines: [
                    "--vendors: an empty vendor name (a doubled, leading or trailing comma); give names separated by single commas"
                ])
            }
            let unknown = wanted.filter { !names.contains($0) }
            guard unknown.isEmpty else {
                throw Problem(
                    lines: unknown.map {
                        "--vendors: no vendor named '\($0)' in \(document.path) (have: \(names.joined(separator: ", ")))"
                    })
            }
            chosen = wanted.compactMap { names.firstIndex(of: $0) }
        }
        guard Set(chosen).count >= 2 else {
            throw Problem(lines: ["compare needs at least two distinct vendors; \(document.path) gives \(Set(chosen).count)"])
        }
        self.document = document
        self.mode = mode
        self.vendors = chosen
    }

    /// The results folder's name before its date.
    public var folderName: String { "\(document.scenario.name)-compare" }

    /// What a comparison produced.
    public struct Outcome: Sendable {
        /// The run all vendors shared.
        public let result: RunResult
        /// The paired comparison of the chosen vendors.
        public let comparison: VendorComparison
        /// Break-even prices, one per pair (empty when skipped).
        public let breakEvens: [BreakEvenPrice]
        /// The request's mode.
        public let mode: Mode

        /// The renderings, with the verdict's threshold `minDifference` (points).
        public func formatter(minDifference: Double) -> ComparisonFormatter {
            ComparisonFormatter(comparison: comparison, breakEvens: breakEvens, mode: mode.rawValue, minDifference: minDifference)
        }

        /// The results folder's files: `manifest.json`, `replications.csv`, `summary.csv`,
        /// `comparison.json` and the report.
        public func files(manifest: Manifest, minDifference: Double) throws -> [(name: String, contents: String)] {
            let formatter = formatter(minDifference: minDifference)
            let run = RunFormatter(result: result)
            return [
                ("manifest.json", try manifest.json()),
                ("replications.csv", run.replicationsCSV()),
                ("summary.csv", run.summaryCSV()),
                ("comparison.json", try formatter.json(pretty: true)),
            ] + formatter.report()
        }
    }

    /// Runs the scenario once (every vendor sees the same items), compares the chosen vendors and,
    /// unless `breakEven` is false, finds their break-even prices; `starting` hears of each search.
    public func run(
        threads: Int, breakEven: Bool = true, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
        starting: ((_ vendor: Int, _ against: Int) -> Void)? = nil
    ) throws -> Outcome {
        let result = try MonteCarloRun(scenario: document.scenario, threads: threads).execute(progress: progress)
        let comparison = VendorComparison(result: result, vendors: vendors)
        let breakEvens = breakEven ? try BreakEvenPrice.all(for: comparison, threads: threads, starting: starting) : []
        return Outcome(result: result, comparison: comparison, breakEvens: breakEvens, mode: mode)
    }
}
