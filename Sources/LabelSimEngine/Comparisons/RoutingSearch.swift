import Foundation
import LabelSimCore

/// `labelsim optimize`: the best routing of domains to vendors under the scenario's budget and
/// deadline, on the verdict's quality metric, with common random numbers.
///
/// Candidates are every routing (one vendor per domain: V^D of them; those sending every domain
/// to one vendor are that vendor alone). When there are at most `exhaustiveLimit`, all run on every
/// replication. Otherwise the search is successive halving (Jamieson & Talwalkar 2016): all
/// candidates run on R/2^k replications, the better half by mean quality goes on with twice the
/// replications, until the survivors run on all R; every round uses replications 0…r − 1 of the
/// same streams, so each round's numbers are those of the final run's first r replications.
public struct RoutingSearch: Sendable {
    /// One candidate's result in the search.
    public struct Candidate: Sendable {
        /// Vendor index per task domain.
        public var route: [Int]
        /// A readable name: the vendor's name, or `domain=vendor+…`.
        public var name: String
        /// Replications it was evaluated on (its last round).
        public var replications: Int
        /// Mean quality over them.
        public var mean: Double
        /// The search round it was last evaluated in (0-based).
        public var round: Int
    }

    /// Every candidate with its last evaluation, best first.
    public let candidates: [Candidate]
    /// The final run: the survivors (best first… in candidate order) as strategies over all replications.
    public let result: RunResult
    /// The verdict over the final run.
    public let verdict: Verdict
    /// The final run's option index of the best candidate.
    public let bestOption: Int
    /// Best against each other option of the final run (paired), by option index.
    public let differences: [(option: Int, difference: PairedDifference)]
    /// Whether the search was exhaustive.
    public let isExhaustive: Bool

    /// Searches `scenario`'s routings; `threads` run replications in parallel.
    public init(scenario base: Scenario, threads: Int, minDifference: Double = 0.5, exhaustiveLimit: Int = 32) throws {
        let domains = base.task.domains
        let vendorCount = base.vendors.count
        var routes: [[Int]] = [[]]
        for _ in domains { routes = routes.flatMap { prefix in (0..<vendorCount).map { prefix + [$0] } } }
        func name(_ route: [Int]) -> String {
            if Set(route).count == 1, let only = route.first { return base.vendors[only].name }
            return zip(domains, route).map { "\($0.name)=\(base.vendors[$1].name)" }.joined(separator: "+")
        }
        func scenario(for routes: [[Int]], replications: Int) -> Scenario {
            var trial = base
            trial.timeline = nil
            trial.replications = replications
            trial.strategies = routes.map { StrategySpec(name: name($0), mix: .route(vendorByDomain: $0)) }
            return trial
        }
        let total = base.replications
        isExhaustive = routes.count <= exhaustiveLimit
        var alive = Array(routes.indices)
        var records = [Candidate?](repeating: nil, count: routes.count)
        var replications = total
        if !isExhaustive {
            // Rounds: halve the candidates until at most `exhaustiveLimit / 4` remain, doubling replications.
            var rounds = 0
            var count = routes.count
            while count > max(2, exhaustiveLimit / 4) {
                count = (count + 1) / 2
                rounds += 1
            }
            replications = max(2, total >> rounds)
        }
        var round = 0
        var final: RunResult
        while true {
            let trial = scenario(for: alive.map { routes[$0] }, replications: min(replications, total))
            final = try MonteCarloRun(scenario: trial, threads: threads).execute()
            let quality = Verdict(result: final, options: Array(vendorCount..<(vendorCount + alive.count)), minDifference: minDifference)
            for (position, candidate) in alive.enumerated() {
                records[candidate] = Candidate(
                    route: routes[candidate], name: name(routes[candidate]), replications: trial.replications,
                    mean: quality.means[position], round: round)
            }
            if replications >= total || alive.count <= 1 { break }
            let ranked = alive.indices.sorted {
                quality.means[$0] > quality.means[$1] || (quality.means[$0] == quality.means[$1] && $0 < $1)
            }
            alive = ranked.prefix((alive.count + 1) / 2).map { alive[$0] }.sorted()
            replications *= 2
            round += 1
        }
        result = final
        let options = Array(vendorCount..<(vendorCount + alive.count))
        verdict = Verdict(result: final, options: options, minDifference: minDifference)
        let best = verdict.best ?? options[0]
        bestOption = best
        let values = Verdict.qualityValues(of: final)
        differences = (0..<(vendorCount + alive.count)).filter { $0 != best }.map { option in
            (option, PairedDifference(a: values[best], b: values[option], direction: .higher))
        }
        candidates = records.compactMap { $0 }.sorted { ($0.round, $0.mean) > ($1.round, $1.mean) }
    }

    /// The best option's paired differences against the others, as a text table.
    public func differenceTable() -> String {
        let names = result.optionNames
        var rows: [[String]] = [["best − option", "\(verdict.metric) difference [95% CI]", "best wins"]]
        for (option, difference) in differences.sorted(by: { $0.difference.mean < $1.difference.mean }) {
            rows.append([
                "− \(names[option])\(option < result.scenario.vendors.count ? " (vendor alone)" : "")",
                "\(NumberText.human(difference.mean)) [\(NumberText.human(difference.ciLow)), \(NumberText.human(difference.ciHigh))]",
                String(format: "%.1f%%", difference.aWins * 100),
            ])
        }
        return TextTable.render(rows)
    }

    /// `search.csv`: one row per candidate and the round it was last evaluated in.
    public func csv() -> String {
        var lines = [
            "candidate," + result.scenario.task.domains.map { NumberText.csvField("route.\($0.name)") }.joined(separator: ",")
                + ",round,replications,quality_metric,mean"
        ]
        for candidate in candidates {
            let route = candidate.route.map { NumberText.csvField(result.scenario.vendors[$0].name) }
            lines.append(
                ([NumberText.csvField(candidate.name)] + route + [
                    String(candidate.round + 1), String(candidate.replications), NumberText.csvField(verdict.metric),
                    NumberText.csv(candidate.mean),
                ]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
