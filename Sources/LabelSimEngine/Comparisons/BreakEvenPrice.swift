import Foundation
import LabelSimCore
import LabelSimGSL

/// The price of vendor B at which B's mean quality equals vendor A's, with its uncertainty.
///
/// B's pricing (per label, or the hourly wage) is scaled by a factor f and B re-run on the same
/// replications (common random numbers: same items, same workers, same draws); A is held fixed.
/// With the paired difference D(f) = mean(B(f) − A) and its 95% half-width h(f), the break-even
/// factor solves D(f) = 0, and its interval is where the paired CI still contains zero: the roots
/// of D(f) ± h(f). Roots are found by bisection on log f over [1/1000, 1000] (the curves are
/// monotone in price: a dearer B buys fewer items), to a relative width of 1e-4.
///
/// The metric equalised is ``MetricRegistry/breakEvenMetric(of:budget:)``.
public struct BreakEvenPrice: Sendable {
    /// Vendor whose quality is the target.
    public let a: Int
    /// Vendor whose price moves.
    public let b: Int
    /// The metric equalised.
    public let metric: Metric
    /// B's current dollars per label.
    public let currentPrice: Double
    /// B's break-even dollars per label, or nil when no price in [current/1000, current×1000] gets there.
    public let price: Double?
    /// 95% interval for the break-even price (nil ends when out of range).
    public let ciLow: Double?
    /// Upper end.
    public let ciHigh: Double?
    /// Why there is no price, when there is none.
    public let note: String?
    /// The unit B bills in: `$/h` for an hourly vendor, else `$/label`.
    public let unit: String
    /// Per-label dollars × this = the price in ``unit`` (3600 ÷ the workforce's mean seconds per
    /// label for an hourly vendor, as the simulation charges; 1 otherwise).
    let unitFactor: Double
    /// The pricing key that sets the price in ``unit`` (`per_hour` or `per_label`).
    let pricingKey: String
    /// B's name.
    public let vendorName: String

    /// B's current price in its own unit.
    public var currentInUnit: Double { currentPrice * unitFactor }
    /// The break-even price in B's unit.
    var priceInUnit: Double? { price.map { $0 * unitFactor } }
    /// The interval in B's unit.
    var ciInUnit: (low: Double?, high: Double?) { (ciLow.map { $0 * unitFactor }, ciHigh.map { $0 * unitFactor }) }
    /// The override that tries the break-even price: `vendors.NAME.pricing.per_hour=…` (it
    /// replaces a profile's pricing), or nil without a price.
    public var setting: String? {
        priceInUnit.map { "vendors.\(vendorName).pricing.\(pricingKey)=\(String(format: "%.6g", $0))" }
    }

    /// Finds the break-even price of vendor `b` against vendor `a` of `scenario`, given A's values.
    public init(scenario: Scenario, a: Int, b: Int, metric: Metric, aValues: [Double], threads: Int) throws {
        self.a = a
        self.b = b
        self.metric = metric
        let vendor = scenario.vendors[b]
        let current = vendor.nominalDollarsPerLabel
        currentPrice = current
        vendorName = vendor.name
        switch vendor.pricing {
        case .perHour:
            (unit, unitFactor, pricingKey) = ("$/h", 3600 / vendor.secondsPerLabel, "per_hour")
        case .perLabel:
            (unit, unitFactor, pricingKey) = ("$/label", 1, "per_label")
        }
        guard MetricCatalog(scenario: scenario).contains(metric) else {
            (price, ciLow, ciHigh, note) = (nil, nil, nil, "no metric \(metric)")
            return
        }
        let direction = metric.direction
        let curve = try PriceCurve(scenario: scenario, vendor: b, metric: metric, aValues: aValues, threads: threads)
        // g(f) > 0 when B (at factor f) is better than A; better falls as the price rises.
        let sign: Double = direction == .lower ? -1 : 1
        func root(_ offset: Double) throws -> Double? {
            var low = -3.0 * 2.302585092994046
            var high = 3.0 * 2.302585092994046
            func g(_ logFactor: Double) throws -> Double {
                let difference = try curve.difference(factor: Foundation.exp(logFactor))
                return sign * (difference.mean + offset * difference.half)
            }
            let gLow = try g(low)
            let gHigh = try g(high)
            guard gLow > 0, gHigh < 0 else { return nil }
            while high - low > 1e-4 {
                let middle = (low + high) / 2
                if try g(middle) > 0 { low = middle } else { high = middle }
            }
            return Foundation.exp((low + high) / 2)
        }
        let center = try root(0)
        // The optimistic edge (B better by a half-width) reaches zero at a higher price.
        let upper = try root(sign)
        let lower = try root(-sign)
        price = center.map { $0 * current }
        ciLow = lower.map { $0 * current }
        ciHigh = upper.map { $0 * current }
        let names = (scenario.optionNames[b], scenario.optionNames[a])
        note = center == nil ? "no price within 1000× of the current one makes \(names.0) match \(names.1)" : nil
    }
}

extension BreakEvenPrice {
    /// The break-even price of every pair of `comparison`: the worse vendor of the pair on the
    /// break-even metric is priced until it matches the better. `starting` is called before each pair.
    public static func all(
        for comparison: VendorComparison, threads: Int, starting: ((_ vendor: Int, _ against: Int) -> Void)? = nil
    ) throws -> [BreakEvenPrice] {
        let result = comparison.result
        let metric = MetricRegistry.breakEvenMetric(of: result.catalog, budget: result.scenario.budget)
        guard result.catalog.contains(metric) else { return [] }
        let summaries = result.summaries()
        let mean = { (vendor: Int) in summaries[vendor][metric]?.mean ?? .nan }
        // A price moves only for a single vendor; mixes and plans have none of their own.
        let scenario = result.scenario
        return try comparison.pairs.filter { scenario.isVendor(option: $0.a) && scenario.isVendor(option: $0.b) }.map { pair in
            let aBetter = metric.direction == .lower ? mean(pair.a) < mean(pair.b) : mean(pair.a) > mean(pair.b)
            let (winner, loser) = aBetter ? (pair.a, pair.b) : (pair.b, pair.a)
            starting?(loser, winner)
            return try BreakEvenPrice(
                scenario: result.scenario, a: winner, b: loser, metric: metric, aValues: result.values(vendor: winner, metric: metric),
                threads: threads)
        }
    }
}

/// Vendor B's metric as a function of a price factor, on cached items.
private final class PriceCurve: @unchecked Sendable {
    let scenario: Scenario
    let vendor: Int
    let metric: Metric
    let aValues: [Double]
    let threads: Int
    var cache: [Double: (mean: Double, half: Double)] = [:]
    /// Worlds per replication, drawn once (the world stream does not depend on prices; nor do the
    /// oracle fits they cache).
    let pools: WorldCache

    init(scenario: Scenario, vendor: Int, metric: Metric, aValues: [Double], threads: Int) throws {
        self.scenario = scenario
        self.vendor = vendor
        self.metric = metric
        self.aValues = aValues
        self.threads = threads
        pools = WorldCache(replication: try Replication(scenario: scenario), count: scenario.replications)
    }

    func difference(factor: Double) throws -> (mean: Double, half: Double) {
        if let known = cache[factor] { return known }
        var scaled = scenario
        switch scaled.vendors[vendor].pricing {
        case .perLabel(let dollars): scaled.vendors[vendor].pricing = .perLabel(dollars: dollars * factor)
        case .perHour(let dollars, let seconds):
            scaled.vendors[vendor].pricing = .perHour(dollars: dollars * factor, secondsPerLabel: seconds)
        }
        let replication = try Replication(scenario: scaled)
        let (vendor, metric, pools) = (vendor, metric, pools)
        let values = try ParallelExecutor(threads: threads).map(count: scenario.replications) { index in
            try replication.run(index: index, vendor: vendor, world: try pools.world(index))[metric] ?? .nan
        }
        let summary = MetricSummary(values: zip(values, aValues).map { $0 - $1 })
        let half = summary.ciHigh.isFinite ? (summary.ciHigh - summary.ciLow) / 2 : 0
        let result = (summary.mean, half)
        cache[factor] = result
        return result
    }
}

/// Worlds by replication, drawn on first use; kept only while they fit in about 400 MB.
private final class WorldCache: @unchecked Sendable {
    private let lock = NSLock()
    private let replication: Replication
    private var pools: [Int: Replication.World] = [:]
    private let keep: Bool

    init(replication: Replication, count: Int) {
        self.replication = replication
        let perItem = 16 + 8 * (replication.scenario.data.features?.dimensions ?? 0)
        keep = count * (replication.scenario.data.trainItems + replication.scenario.data.testItems) * perItem <= 400_000_000
    }

    func world(_ index: Int) throws -> Replication.World {
        lock.lock()
        let known = pools[index]
        lock.unlock()
        if let known { return known }
        let drawn = try replication.world(index: index)
        if keep {
            lock.lock()
            pools[index] = drawn
            lock.unlock()
        }
        return drawn
    }
}
