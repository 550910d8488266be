import LabelSimCore
import LabelSimGSL

/// One replication of the pipeline (DESIGN.md): world, workforce, plan, label, aggregate, record.
///
/// Streams: the world draws from `StreamSeed.derive(seed, replication, .world)`; vendor `v` draws
/// its workers, assignments, labels and tie-breaks from `.vendor(v)`. Adding or removing a vendor
/// therefore leaves the other vendors' numbers unchanged, and all vendors see the same items.
public struct Replication: Sendable {
    /// The scenario being run.
    public let scenario: Scenario
    /// The metric catalogue (one value per name per vendor).
    public let catalog: MetricCatalog

    /// Prepares replications of `scenario`.
    public init(scenario: Scenario) {
        self.scenario = scenario
        self.catalog = MetricCatalog(task: scenario.task)
    }

    /// Runs replication `index`; returns one metric row per vendor, in catalogue order.
    public func run(index: Int) throws(GSLError) -> [[Double]] {
        let task = scenario.task
        let worldRandom = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .world))
        let pool = try ItemPool.draw(task: task, count: scenario.data.trainItems, using: worldRandom)
        var rows: [[Double]] = []
        for (vendorIndex, vendor) in scenario.vendors.enumerated() {
            let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .vendor(vendorIndex)))
            let workforce = try Workforce.draw(spec: vendor.workforce, task: task, using: rng)
            let plan = PurchasePlan(vendor: vendor, budget: scenario.budget, poolSize: pool.count)
            let generator = LabelGenerator(classes: task.classes, redundancy: vendor.quality.redundancy)
            let matrix = generator.generate(items: plan.items, pool: pool, workforce: workforce, using: rng)
            let result = MajorityVote().aggregate(matrix, using: rng)
            rows.append(record(result: result, pool: pool, plan: plan))
        }
        return rows
    }

    private func record(result: AggregationResult, pool: ItemPool, plan: PurchasePlan) -> [Double] {
        let domainCount = scenario.task.domains.count
        var correct = [Int](repeating: 0, count: domainCount)
        var seen = [Int](repeating: 0, count: domainCount)
        for item in 0..<plan.items {
            let domain = Int(pool.domains[item])
            seen[domain] += 1
            if result.labels[item] == pool.classes[item] { correct[domain] += 1 }
        }
        let totalCorrect = correct.reduce(0, +)
        var row = [plan.items > 0 ? Double(totalCorrect) / Double(plan.items) : .nan]
        for domain in 0..<domainCount {
            row.append(seen[domain] > 0 ? Double(correct[domain]) / Double(seen[domain]) : .nan)
        }
        row += [Double(plan.items), Double(plan.labels), plan.dollars, plan.days]
        return row
    }
}
