import LabelSimCore
import LabelSimGSL

/// Vendors, mixes and timelines as deliveries: each vendor of a strategy labels its own share of
/// the items with its own share of the money, drawing from its own stream (the same stream as the
/// vendor alone, so strategies are compared with common random numbers), and the strategy's
/// metrics are those of the pooled labels.
extension Replication {
    /// What vendor `vendorIndex` delivers on the pool positions `items` (nil: the whole pool).
    /// `onboarded` drops the vendor's lead time (it already works for the project).
    /// `spec` replaces the scenario's definition of the vendor (``AllocationSearch`` tries other
    /// redundancies) without changing its random stream.
    func deliver(
        vendor vendorIndex: Int, spec: VendorSpec? = nil, replication: Int, items: [Int]?, budget: Budget, deadline: Double?,
        onboarded: Bool, world: World
    ) throws -> Delivery {
        var vendor = spec ?? scenario.vendors[vendorIndex]
        if onboarded { vendor.calendar.leadDays = 0 }
        let pool = items.map { world.pool.subset($0) } ?? world.pool
        let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: replication, stream: .vendor(vendorIndex)))
        let outcome = try clock.time(.labeling) {
            try label(
                vendor: vendor, vendorIndex: vendorIndex, replication: replication, pool: pool, budget: budget, deadline: deadline,
                using: rng)
        }
        let result = clock.time(.aggregation) { vendor.quality.aggregation.aggregator.aggregate(outcome.matrix, using: rng) }
        let classes = scenario.task.classes
        let count = outcome.matrix.itemCount
        // The aggregator's arrays as they are when they cover exactly the items (no copy of a
        // per-item array on big runs).
        var labels = result.labels.count == count ? result.labels : Array(result.labels.prefix(count))
        var posteriors =
            result.posteriors.count == count * classes ? result.posteriors : Array(result.posteriors.prefix(count * classes))
        for (item, reviewed) in outcome.reviewLabels.enumerated() where reviewed >= 0 {
            labels[item] = reviewed
            for k in 0..<classes { posteriors[item * classes + k] = k == Int(reviewed) ? 1 : 0 }
        }
        return Delivery(
            vendor: vendorIndex, items: items.map { Array($0.prefix(count)) } ?? Array(0..<count), labels: labels, posteriors: posteriors,
            labelsBought: outcome.labelsBought, cost: outcome.laborDollars * (1 + vendor.quality.overhead) + outcome.reviewDollars,
            days: vendor.calendar.days(toDeliver: Double(outcome.labelsBought)),
            workerDays: outcome.busiestWorkerSeconds / 3600 / vendor.workforce.hoursPerDay, goldLabels: outcome.goldLabels,
            workersBanned: outcome.workersBanned, itemsReviewed: outcome.itemsReviewed, deadlineHit: outcome.deadlineHit)
    }

    /// What option `option` (a vendor index, or `vendors.count + s` for strategy s) delivers on
    /// the pool positions `items` (nil: the whole pool) under `budget`.
    ///
    /// A route gives vendor v the items of its domains and the share of a dollar budget
    /// w_v ÷ Σw, w_v = (share of items in v's domains) × v's nominal cost of an item, so every
    /// vendor can label about the same fraction of its domains; an item budget N gives each
    /// vendor its items among the first N. A split gives vendor v the share s_v of a dollar
    /// budget (of an item budget, by largest remainder) and deals the items in order to the
    /// vendors in proportion to the items their shares buy.
    func deliver(
        option: Int, replication: Int, items: [Int]?, budget: Budget, deadline: Double?, onboarded: Set<Int>, world: World
    ) throws -> [Delivery] {
        let vendors = scenario.vendors
        guard option >= vendors.count else {
            return [
                try deliver(
                    vendor: option, replication: replication, items: items, budget: budget, deadline: deadline,
                    onboarded: onboarded.contains(option), world: world)
            ]
        }
        return try deliver(
            mix: scenario.strategies[option - vendors.count].mix, vendors: vendors, replication: replication, items: items,
            budget: budget, deadline: deadline, onboarded: onboarded, world: world)
    }

    /// What `mix` delivers with the vendors defined by `vendors` (the scenario's, or variants of
    /// them at the same indices and streams); see ``deliver(option:replication:items:budget:deadline:onboarded:world:)``.
    func deliver(
        mix: StrategySpec.Mix, vendors: [VendorSpec], replication: Int, items: [Int]?, budget: Budget, deadline: Double?,
        onboarded: Set<Int>, world: World
    ) throws -> [Delivery] {
        let positions = items ?? Array(0..<world.pool.count)
        let parts: [(vendor: Int, items: [Int], budget: Budget)]
        switch mix {
        case .route(let byDomain):
            let used = StrategySpec(name: "", mix: mix).vendors
            var byVendor = [Int: [Int]]()
            for position in positions { byVendor[byDomain[Int(world.pool.domains[position])], default: []].append(position) }
            switch budget {
            case .dollars(let dollars):
                let weights = used.map { vendor in
                    scenario.task.domains.indices.filter { byDomain[$0] == vendor }.map { scenario.task.domains[$0].share }
                        .reduce(0, +) * Self.itemCost(vendors[vendor])
                }
                let total = weights.reduce(0, +)
                parts = used.indices.map { (used[$0], byVendor[used[$0]] ?? [], .dollars(dollars * weights[$0] / total)) }
            case .items(let count):
                let first = Set(positions.prefix(count))
                parts = used.map { vendor in
                    let mine = byVendor[vendor] ?? []
                    return (vendor, mine, .items(mine.filter { first.contains($0) }.count))
                }
            }
        case .split(let shares):
            let weights: [Double]
            let budgets: [Budget]
            switch budget {
            case .dollars(let dollars):
                budgets = shares.map { .dollars(dollars * $0.share) }
                weights = shares.map { dollars * $0.share / Self.itemCost(vendors[$0.vendor]) }
            case .items(let count):
                budgets = Self.largestRemainder(count, shares: shares.map(\.share)).map { .items($0) }
                weights = shares.map(\.share)
            }
            let dealt = Self.deal(positions, weights: weights)
            parts = shares.indices.map { (shares[$0].vendor, dealt[$0], budgets[$0]) }
        }
        return try parts.map { part in
            try deliver(
                vendor: part.vendor, spec: vendors[part.vendor], replication: replication,
                items: part.items.count == world.pool.count ? nil : part.items,
                budget: part.budget, deadline: deadline, onboarded: onboarded.contains(part.vendor), world: world)
        }
    }

    /// The metric record of the pooled `deliveries`: the label metrics over their union, costs
    /// and counts summed, days and worker-days of the slowest, and the model trained on the union
    /// (`stream` tags the learner's random stream: the vendor for one delivery, else the option).
    func record(_ deliveries: [Delivery], world: World, replication: Int, stream: Int) throws -> MetricRecord<Double> {
        let pool = world.pool
        let classes = scenario.task.classes
        // The union of the deliveries in item order, as flat arrays: one delivery in item order
        // (a vendor alone) is used as it is, without a copy.
        let unionItems: [Int]
        let unionLabels: [Int32]
        let unionPosteriors: [Double]
        if deliveries.count == 1, zip(deliveries[0].items, deliveries[0].items.dropFirst()).allSatisfy({ $0 < $1 }) {
            unionItems = deliveries[0].items
            unionLabels = deliveries[0].labels
            unionPosteriors = deliveries[0].posteriors
        } else {
            var entries: [(item: Int, delivery: Int, offset: Int)] = []
            for (index, delivery) in deliveries.enumerated() {
                for (offset, item) in delivery.items.enumerated() { entries.append((item, index, offset)) }
            }
            entries.sort { $0.item < $1.item }
            unionItems = entries.map(\.item)
            unionLabels = entries.map { deliveries[$0.delivery].labels[$0.offset] }
            unionPosteriors = entries.flatMap { deliveries[$0.delivery].posteriors[($0.offset * classes)..<(($0.offset + 1) * classes)] }
        }
        let domains = scenario.task.domains
        var correct = [Int](repeating: 0, count: domains.count)
        var seen = [Int](repeating: 0, count: domains.count)
        for (item, label) in zip(unionItems, unionLabels) {
            let domain = Int(pool.domains[item])
            seen[domain] += 1
            if label == pool.classes[item] { correct[domain] += 1 }
        }
        let items = unionItems.count
        let totalCorrect = correct.reduce(0, +)
        let cost = deliveries.map(\.cost).reduce(0, +)
        var record = MetricRecord<Double>(catalog: catalog)
        record[.labelAccuracy] = items > 0 ? Double(totalCorrect) / Double(items) : .nan
        for (index, domain) in domains.enumerated() {
            record[.labelAccuracy(domain: domain.name)] = seen[index] > 0 ? Double(correct[index]) / Double(seen[index]) : .nan
        }
        record[.itemsLabeled] = Double(items)
        record[.itemsCorrect] = Double(totalCorrect)
        record[.labelsBought] = Double(deliveries.map(\.labelsBought).reduce(0, +))
        record[.costDollars] = cost
        record[.costPerItem] = items > 0 ? cost / Double(items) : .nan
        record[.costPerCorrectLabel] = totalCorrect > 0 ? cost / Double(totalCorrect) : .nan
        record[.days] = deliveries.map(\.days).max() ?? 0
        record[.workerDays] = deliveries.map(\.workerDays).max() ?? 0
        record[.goldLabels] = Double(deliveries.map(\.goldLabels).reduce(0, +))
        record[.workersBanned] = Double(deliveries.map(\.workersBanned).reduce(0, +))
        record[.itemsReviewed] = Double(deliveries.map(\.itemsReviewed).reduce(0, +))
        record[.deadlineHit] = deliveries.contains(where: \.deadlineHit) ? 1 : 0
        if let modelStage {
            let labels = unionLabels
            let posteriors = unionPosteriors
            // A prefix of the pool shares the replication's oracle fits; any other set fits its own.
            let isPrefix = unionItems.last.map { $0 == items - 1 } ?? true
            let trainPool = isPrefix ? pool : pool.subset(unionItems)
            let learnerStream = deliveries.count == 1 ? deliveries[0].vendor : stream
            try clock.time(.training) {
                try modelStage.evaluate(
                    pool: trainPool, labels: labels, posteriors: posteriors, test: world.test,
                    oracles: isPrefix ? world.oracles : OracleCache(), replication: replication, vendor: learnerStream,
                    evaluation: world.evaluation, starts: fitStarts, into: &record)
            }
        }
        return record
    }

    /// Rows of `plan` after each period of `timeline` (see ``TimelineSpec``).
    func runPlan(
        _ plan: TimelineSpec.Plan, number: Int, timeline: TimelineSpec, replication: Int, world: World
    ) throws -> [MetricRecord<Double>] {
        var rows: [MetricRecord<Double>] = []
        var finished: [Delivery] = []
        var onboarded = Set<Int>()
        var segmentStart = 0
        var current: [Delivery] = []
        var elapsedDays = 0.0
        for period in 0..<timeline.periods {
            let option = plan.options[period]
            if period > 0, option != plan.options[period - 1] {
                finished += current
                elapsedDays = Double(period) * timeline.periodDays
                for vendor in optionVendors(plan.options[period - 1]) { onboarded.insert(vendor) }
                segmentStart = period
            }
            let labelled = Set(finished.flatMap(\.items))
            let remaining = labelled.isEmpty ? nil : (0..<world.pool.count).filter { !labelled.contains($0) }
            let budget = timeline.budgets[segmentStart...period].reduce(0, +)
            current = try deliver(
                option: option, replication: replication, items: remaining, budget: .dollars(budget),
                deadline: Double(period - segmentStart + 1) * timeline.periodDays, onboarded: onboarded, world: world)
            let start = elapsedDays
            current = current.map { delivery -> Delivery in
                var moved = delivery
                moved.days += start
                return moved
            }
            rows.append(
                try record(
                    finished + current, world: world, replication: replication,
                    stream: scenario.vendors.count + scenario.strategies.count + number))
        }
        return rows
    }

    /// The vendors option `option` uses.
    func optionVendors(_ option: Int) -> [Int] {
        option < scenario.vendors.count ? [option] : scenario.strategies[option - scenario.vendors.count].vendors
    }

    /// Nominal dollars of one item at the vendor's minimum redundancy, overhead included.
    static func itemCost(_ vendor: VendorSpec) -> Double {
        Double(vendor.quality.redundancy.minimum) * vendor.nominalDollarsPerLabel * (1 + vendor.quality.overhead)
    }

    /// `positions` dealt in order to parts in proportion to `weights`: each item goes to the part
    /// furthest behind its share (ties to the first).
    static func deal(_ positions: [Int], weights: [Double]) -> [[Int]] {
        let total = weights.reduce(0, +)
        var dealt = [[Int]](repeating: [], count: weights.count)
        for (offset, position) in positions.enumerated() {
            var best = 0
            var bestDeficit = -Double.infinity
            for part in weights.indices {
                let deficit = weights[part] / total * Double(offset + 1) - Double(dealt[part].count)
                if deficit > bestDeficit {
                    best = part
                    bestDeficit = deficit
                }
            }
            dealt[best].append(position)
        }
        return dealt
    }

    /// `count` split by `shares` with largest remainders (ties to the first).
    static func largestRemainder(_ count: Int, shares: [Double]) -> [Int] {
        let total = shares.reduce(0, +)
        let exact = shares.map { Double(count) * $0 / total }
        var parts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(parts[$0])) > (exact[$1] - Double(parts[$1])) }
        for index in order.prefix(count - parts.reduce(0, +)) { parts[index] += 1 }
        return parts
    }
}
