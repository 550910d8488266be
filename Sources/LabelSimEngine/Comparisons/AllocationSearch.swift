import Foundation
import LabelSimCore

/// `labelsim optimize`: the best allocation of the scenario's budget — which vendor labels which
/// domain (a routing) or which share of the budget each vendor gets (a split), and at what
/// redundancy each vendor labels — under the scenario's budget and deadline, on the verdict's
/// quality metric (or a named one), with common random numbers.
///
/// The candidates are every routing (one vendor per domain: V^D of them; sending every domain to
/// one vendor is that vendor alone) and every split of the budget over two or more vendors on a
/// grid of ``Space/shareStep``, each with every combination of redundancies for the vendors it
/// uses (each vendor's own setting, plus ``Space/redundancies`` as fixed redundancy). Every
/// candidate sees the same worlds and, vendor by vendor, the same random streams (a vendor at
/// another redundancy keeps its stream), so differences are paired.
///
/// When there are at most `exhaustiveLimit` candidates, all run on every replication. Otherwise
/// the search is successive halving (Jamieson & Talwalkar 2016): all candidates run on r₀
/// replications, the better half by mean goes on with twice as many, and so on until at most
/// `exhaustiveLimit / 4` (at least 2) remain; they and every vendor alone at its own settings then
/// run on all R replications. r₀ = R / 2^k for k halvings, at least 4 (or R when smaller). Every
/// round uses replications 0…r − 1 of the same streams and keeps what earlier rounds computed, so
/// a survivor's numbers in a round are those of its first r replications in the final one.
public struct AllocationSearch: Sendable {
    /// What is searched besides the routings.
    public struct Space: Sendable, Equatable {
        /// Fixed redundancies tried for every vendor beside its own setting (empty: its own only).
        public var redundancies: [Int]
        /// Step of the budget-share grid for splits over two or more vendors (nil: no splits).
        public var shareStep: Double?

        /// A search space.
        public init(redundancies: [Int] = [1, 3, 5], shareStep: Double? = 0.5) {
            self.redundancies = redundancies
            self.shareStep = shareStep
        }
    }

    /// One candidate: a mix and the redundancy of each vendor it uses.
    public struct Allocation: Sendable, Equatable {
        /// How items and money go to vendors.
        public var mix: StrategySpec.Mix
        /// Redundancy per vendor index; nil for vendors the mix does not use.
        public var redundancy: [RedundancySpec?]
        /// A readable, unique name: `crowd`, `general=crowd+medical=mercor`, `crowd 50%+surge 50%`,
        /// followed by `[crowd k=1, …]` when a vendor is not at its own redundancy.
        public var name: String
        /// The vendor, when this is one vendor alone at its own settings.
        var singleVendor: Int?
    }

    /// One evaluation of one candidate in one round.
    public struct Evaluation: Sendable {
        /// Index into ``allocations``.
        public var allocation: Int
        /// The round (0-based; the last is the final round on every replication).
        public var round: Int
        /// Replications it ran on in that round.
        public var replications: Int
        /// The quality metric over the round's replications.
        public var summary: MetricSummary
        /// Whether it went on to the next round (in the final round: every candidate run).
        public var kept: Bool
    }

    /// The search's failures (each is the user's to fix).
    enum SearchError: Error, CustomStringConvertible {
        /// The scenario is not a classification task.
        case notClassification
        /// The share step does not divide 1.
        case shareStep(Double)
        /// A redundancy below 1.
        case redundancy(Int)
        /// Too many candidates to search.
        case tooLarge(count: String)

        /// A one-line message.
        public var description: String {
            switch self {
            case .notClassification: return "optimize searches classification scenarios (task.kind preference has no routing yet)"
            case .shareStep(let step): return "--share-step \(step) must be 1/m for a whole m (0.5, 0.25, 0.2, …), or 0 for no splits"
            case .redundancy(let k): return "--redundancy \(k): a redundancy is a whole number of labels per item, at least 1"
            case .tooLarge(let count):
                return "\(count) candidate allocations is more than \(AllocationSearch.maximumCandidates) to search; "
                    + "narrow it with --redundancy own, a coarser --share-step, or fewer vendors or domains"
            }
        }
    }

    /// The most candidates a search takes on.
    static let maximumCandidates = 20_000

    /// Every candidate, in generation order (routings, then splits; redundancies innermost).
    public let allocations: [Allocation]
    /// Every evaluation, round by round.
    public let evaluations: [Evaluation]
    /// The metric compared (`model_accuracy`, `correct items per dollar`, or the named one).
    public let metric: String
    /// The final round as a run: every vendor alone at its own settings, then the other finalists
    /// as strategies (named as in ``allocations``), over all replications.
    public let result: RunResult
    /// The allocation behind each option of ``result``.
    let finalists: [Int]
    /// The verdict over every option of the final round.
    public let verdict: Verdict
    /// The final round's option index of the best candidate.
    public let bestOption: Int
    /// Best against each other option of the final round (paired, positive = best better).
    public let differences: [(option: Int, difference: PairedDifference)]
    /// Whether every candidate ran on every replication.
    public let isExhaustive: Bool
    /// Halving rounds before the final one.
    public let halvings: Int
    /// Replications of the first round.
    public let firstReplications: Int

    /// Searches `scenario`'s allocations in `space`; `threads` run replications in parallel;
    /// `progress` gets (candidate-replications done, total) after each replication of a round.
    public init(
        scenario input: Scenario, space: Space = Space(), threads: Int, minDifference: Double = 0.5, metric named: Metric? = nil,
        exhaustiveLimit: Int = 32, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws {
        guard input.kind == .classification else { throw SearchError.notClassification }
        let base: Scenario = {
            var plain = input
            plain.timeline = nil
            plain.strategies = []
            return plain
        }()
        let allocations = try Self.candidates(of: base, space: space)
        self.allocations = allocations
        let total = base.replications
        let keepFinal = max(2, exhaustiveLimit / 4)
        isExhaustive = allocations.count <= max(1, exhaustiveLimit)
        var halvings = 0
        if !isExhaustive {
            var count = allocations.count
            while count > keepFinal {
                count = (count + 1) / 2
                halvings += 1
            }
        }
        self.halvings = halvings
        let first = isExhaustive ? total : min(total, max(4, total >> halvings))
        firstReplications = first
        let anchors = base.vendors.indices.compactMap { vendor in allocations.firstIndex { $0.singleVendor == vendor } }

        // The work each round adds (candidates × new replications), for the progress total.
        var schedule: [(alive: Int, replications: Int)] = []
        var aliveCount = allocations.count
        for round in 0..<halvings {
            schedule.append((aliveCount, min(total, first << round)))
            aliveCount = (aliveCount + 1) / 2
        }
        var work = 0
        var previous = 0
        for step in schedule {
            work += step.alive * max(0, step.replications - previous)
            previous = step.replications
        }
        work += (aliveCount + anchors.count) * max(0, total - previous)

        let replication = try Replication(scenario: base)
        let counter = ProgressCounter(total: work, report: progress)
        var records = [[MetricRecord<Double>]](repeating: [], count: allocations.count)
        let sign: Double = named?.direction == .lower ? -1 : 1
        let catalog = replication.catalog
        func quality(_ record: MetricRecord<Double>) -> Double { Verdict.quality(of: record, catalog: catalog, metric: named) }
        func extend(_ alive: [Int], to count: Int) throws {
            let have = alive.map { records[$0].count }
            let from = have.min() ?? count
            guard from < count else { return }
            let jobs = alive.map {
                (allocation: allocations[$0], stream: base.vendors.count + $0, specs: Self.vendors(of: allocations[$0], base))
            }
            let computed = try ParallelExecutor(threads: threads).map(count: count - from) { offset -> [MetricRecord<Double>?] in
                let index = from + offset
                let world = try replication.world(index: index)
                var row: [MetricRecord<Double>?] = []
                for (position, job) in jobs.enumerated() {
                    guard have[position] <= index else {
                        row.append(nil)
                        continue
                    }
                    let deliveries = try replication.deliver(
                        mix: job.allocation.mix, vendors: job.specs, replication: index, items: nil, budget: base.budget,
                        deadline: base.deadlineDays, onboarded: [], world: world)
                    row.append(try replication.record(deliveries, world: world, replication: index, stream: job.stream))
                }
                counter.add(row.count(where: { $0 != nil }))
                return row
            }
            for (position, candidate) in alive.enumerated() {
                for row in computed { if let record = row[position] { records[candidate].append(record) } }
            }
        }

        var evaluations: [Evaluation] = []
        var alive = Array(allocations.indices)
        for round in 0..<halvings {
            let count = min(total, first << round)
            try extend(alive, to: count)
            let means = alive.map { candidate in
                MetricSummary(values: records[candidate].prefix(count).map { quality($0) * sign }).mean
            }
            let ranked = alive.indices.sorted { a, b in
                let (x, y) = (means[a].isNaN ? -.infinity : means[a], means[b].isNaN ? -.infinity : means[b])
                return x > y || (x == y && alive[a] < alive[b])
            }
            let kept = Set(ranked.prefix((alive.count + 1) / 2).map { alive[$0] })
            for candidate in alive {
                evaluations.append(
                    Evaluation(
                        allocation: candidate, round: round, replications: count,
                        summary: MetricSummary(values: records[candidate].prefix(count).map(quality)), kept: kept.contains(candidate)))
            }
            for candidate in alive where !kept.contains(candidate) { records[candidate] = [] }
            alive = alive.filter(kept.contains)
        }
        let finalRound = Set(alive).union(anchors).sorted()
        try extend(finalRound, to: total)
        for candidate in finalRound {
            evaluations.append(
                Evaluation(
                    allocation: candidate, round: halvings, replications: total,
                    summary: MetricSummary(values: records[candidate].prefix(total).map(quality)),
                    kept: true))
        }
        self.evaluations = evaluations

        // The final round as a run: the vendors alone first (as in every run), then the rest.
        let others = finalRound.filter { !anchors.contains($0) }
        let order = anchors + others
        finalists = order
        var final = base
        final.strategies = others.map { StrategySpec(name: allocations[$0].name, mix: allocations[$0].mix) }
        let rows = (0..<total).map { index in order.map { records[$0][index] } }
        result = RunResult(scenario: final, catalog: catalog, rows: rows, stageSeconds: replication.clock.seconds)
        verdict = Verdict(result: result, minDifference: minDifference, metric: named)
        metric = verdict.metric
        let best = verdict.best ?? 0
        bestOption = best
        let values = order.indices.map { option in rows.map { quality($0[option]) * sign } }
        differences = order.indices.filter { $0 != best }.map { option in
            (option, PairedDifference(a: values[best], b: values[option], direction: .higher))
        }
    }

    /// The candidates of `scenario` in `space`.
    static func candidates(of scenario: Scenario, space: Space) throws -> [Allocation] {
        let vendors = scenario.vendors
        let domains = scenario.task.domains
        for k in space.redundancies where k < 1 { throw SearchError.redundancy(k) }
        let options: [[RedundancySpec]] = vendors.map { vendor in
            let own = vendor.quality.redundancy
            var list = [own]
            // A redundancy above the vendor's workers is one the scenario itself would refuse.
            for k in space.redundancies where k <= vendor.workforce.workers && !list.contains(.fixed(k)) { list.append(.fixed(k)) }
            return list
        }
        let routings = pow(Double(vendors.count), Double(domains.count))
        guard routings <= Double(maximumCandidates) else { throw SearchError.tooLarge(count: String(format: "%.0f", routings)) }
        var mixes: [StrategySpec.Mix] = []
        var routes: [[Int]] = [[]]
        for _ in domains { routes = routes.flatMap { prefix in vendors.indices.map { prefix + [$0] } } }
        mixes += routes.map { .route(vendorByDomain: $0) }
        if let step = space.shareStep, step > 0, step < 1 {
            let parts = Int((1 / step).rounded())
            guard abs(Double(parts) * step - 1) < 1e-9 else { throw SearchError.shareStep(step) }
            for composition in compositions(of: parts, into: vendors.count) where composition.count(where: { $0 > 0 }) >= 2 {
                mixes.append(
                    .split(
                        composition.indices.filter { composition[$0] > 0 }.map {
                            StrategySpec.Share(vendor: $0, share: Double(composition[$0]) / Double(parts))
                        }))
            }
        } else if let step = space.shareStep, step != 0, step != 1 {
            throw SearchError.shareStep(step)
        }
        var allocations: [Allocation] = []
        for mix in mixes {
            let used = StrategySpec(name: "", mix: mix).vendors
            var settings: [[RedundancySpec?]] = [[RedundancySpec?](repeating: nil, count: vendors.count)]
            for vendor in used {
                settings = settings.flatMap { setting in
                    options[vendor].map { option in
                        var next = setting
                        next[vendor] = option
                        return next
                    }
                }
            }
            guard allocations.count + settings.count <= maximumCandidates else {
                throw SearchError.tooLarge(count: "more than \(allocations.count + settings.count)")
            }
            for setting in settings {
                allocations.append(allocation(mix, setting, used: used, in: scenario))
            }
        }
        return allocations
    }

    /// The candidate of `mix` at `redundancy`, named.
    static func allocation(_ mix: StrategySpec.Mix, _ redundancy: [RedundancySpec?], used: [Int], in scenario: Scenario) -> Allocation {
        let vendors = scenario.vendors
        let isOwn = used.allSatisfy { redundancy[$0] == vendors[$0].quality.redundancy }
        var name: String
        switch mix {
        case .route(let byDomain):
            if used.count == 1 {
                name = vendors[used[0]].name
            } else {
                name = zip(scenario.task.domains, byDomain).map { "\($0.name)=\(vendors[$1].name)" }.joined(separator: "+")
            }
        case .split(let shares):
            name = shares.map { "\(vendors[$0.vendor].name) \(String(format: "%.0f", $0.share * 100))%" }.joined(separator: "+")
        }
        if !isOwn {
            name +=
                " ["
                + used.sorted().compactMap { vendor in redundancy[vendor].map { "\(vendors[vendor].name) \(label($0))" } }
                .joined(separator: ", ") + "]"
        }
        return Allocation(mix: mix, redundancy: redundancy, name: name, singleVendor: used.count == 1 && isOwn ? used[0] : nil)
    }

    /// `k=3`, or `k=3–7` for adaptive redundancy.
    static func label(_ redundancy: RedundancySpec) -> String {
        switch redundancy {
        case .fixed(let k): return "k=\(k)"
        case .adaptive(let low, let high, _): return "k=\(low)–\(high)"
        }
    }

    /// The scenario's vendors with `allocation`'s redundancies.
    static func vendors(of allocation: Allocation, _ scenario: Scenario) -> [VendorSpec] {
        scenario.vendors.indices.map { index in
            var vendor = scenario.vendors[index]
            if let redundancy = allocation.redundancy[index] { vendor.quality.redundancy = redundancy }
            return vendor
        }
    }

    /// Every way to write `total` as `parts` non-negative whole numbers, in lexicographic order.
    static func compositions(of total: Int, into parts: Int) -> [[Int]] {
        guard parts > 1 else { return [[total]] }
        return (0...total).flatMap { first in compositions(of: total - first, into: parts - 1).map { [first] + $0 } }
    }

    /// What the best allocation is, in words: its vendors' domains or shares and redundancies.
    public func describe(option: Int) -> String {
        let allocation = allocations[finalists[option]]
        let vendors = result.scenario.vendors
        let parts: [String]
        switch allocation.mix {
        case .route(let byDomain):
            let used = StrategySpec(name: "", mix: allocation.mix).vendors
            parts = used.map { vendor in
                let domains = result.scenario.task.domains.indices.filter { byDomain[$0] == vendor }.map {
                    result.scenario.task.domains[$0].name
                }
                return
                    "\(vendors[vendor].name) labels \(domains.count == byDomain.count ? "every domain" : domains.joined(separator: ", "))"
                    + " at \(Self.describe(allocation.redundancy[vendor], own: vendors[vendor].quality.redundancy))"
            }
        case .split(let shares):
            parts = shares.map { share in
                "\(vendors[share.vendor].name) gets \(String(format: "%.0f", share.share * 100))% of the budget at "
                    + Self.describe(allocation.redundancy[share.vendor], own: vendors[share.vendor].quality.redundancy)
            }
        }
        return parts.joined(separator: "; ")
    }

    static func describe(_ redundancy: RedundancySpec?, own: RedundancySpec) -> String {
        guard let redundancy else { return "–" }
        let text: String
        switch redundancy {
        case .fixed(let k): text = "\(k) label\(k == 1 ? "" : "s") per item"
        case .adaptive(let low, let high, let agreement):
            text = "\(low)–\(high) labels per item (adaptive, \(String(format: "%.0f", agreement * 100))% agreement)"
        }
        return redundancy == own ? text + " (its own setting)" : text
    }

    /// The best option's paired differences against the others, as a text table.
    func differenceTable() -> String {
        let names = result.optionNames
        var rows: [[String]] = [["best − option", "\(metric) difference [95% CI]", "best wins"]]
        for (option, difference) in differences.sorted(by: { $0.difference.mean < $1.difference.mean }) {
            rows.append([
                "− \(names[option])\(allocations[finalists[option]].singleVendor != nil ? " (vendor alone)" : "")",
                "\(NumberText.human(difference.mean)) [\(NumberText.human(difference.ciLow)), \(NumberText.human(difference.ciHigh))]",
                String(format: "%.1f%%", difference.aWins * 100),
            ])
        }
        return TextTable.render(rows)
    }

    /// `search.csv`: tidy, one row per candidate and round it was evaluated in: its kind, route
    /// per domain or share per vendor, redundancy per vendor used, the round, replications, the
    /// metric's mean, 95% CI of the mean, and whether it went on.
    public func csv() -> String {
        let scenario = result.scenario
        let vendorNames = scenario.vendors.map(\.name)
        let header =
            ["candidate", "kind"] + scenario.task.domains.map { "route.\($0.name)" } + vendorNames.map { "share.\($0)" }
            + vendorNames.map { "redundancy.\($0)" } + ["round", "replications", "metric", "mean", "ci_low", "ci_high", "kept"]
        var lines = [header.map(NumberText.csvField).joined(separator: ",")]
        for evaluation in evaluations {
            let allocation = allocations[evaluation.allocation]
            var route = [String](repeating: "", count: scenario.task.domains.count)
            var shares = [String](repeating: "", count: vendorNames.count)
            let kind: String
            switch allocation.mix {
            case .route(let byDomain):
                kind = allocation.singleVendor != nil || Set(byDomain).count == 1 ? "vendor" : "route"
                route = byDomain.map { vendorNames[$0] }
            case .split(let parts):
                kind = "split"
                for part in parts { shares[part.vendor] = NumberText.csv(part.share) }
            }
            let redundancy = allocation.redundancy.map { spec -> String in
                switch spec {
                case .none: return ""
                case .fixed(let k): return String(k)
                case .adaptive(let low, let high, _): return "\(low)-\(high)"
                }
            }
            let s = evaluation.summary
            let fields =
                [allocation.name, kind] + route + shares + redundancy
                + [String(evaluation.round + 1), String(evaluation.replications), metric] + [s.mean, s.ciLow, s.ciHigh].map(NumberText.csv)
                + [evaluation.kept ? "1" : "0"]
            lines.append(fields.map(NumberText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Counts finished work from many threads and reports it.
private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func add(_ count: Int) {
        lock.lock()
        done += count
        let now = done
        lock.unlock()
        report?(now, total)
    }
}
