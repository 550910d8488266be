import LabelSimCore

/// Paired comparison of vendors from one run: differences with CIs for every pair and metric,
/// the winner per metric, and the cost–quality frontier.
public struct VendorComparison: Sendable {
    /// One pair's differences, metric by metric.
    public struct Pair: Sendable {
        /// Index of vendor A.
        public var a: Int
        /// Index of vendor B.
        public var b: Int
        /// One difference per metric of the run: `differences[.labelAccuracy]`.
        public var differences: MetricRecord<PairedDifference>
    }

    /// The best vendor on a metric.
    public struct Winner: Sendable {
        /// The metric.
        public var metric: Metric
        /// Which way is better.
        public var direction: Metric.Direction { metric.direction }
        /// Whether the scenario's design makes the metric the same for every vendor (then no vendor wins it).
        public var isFixedByDesign: Bool
        /// The vendor with the best mean (nil for a direction-less or fixed metric).
        public var vendor: Int?
        /// Whether its paired CI against every other compared vendor excludes zero.
        public var significant: Bool
    }

    /// A vendor on the cost–quality plane.
    public struct FrontierPoint: Sendable {
        /// Vendor index.
        public var vendor: Int
        /// Mean cost in dollars.
        public var cost: Double
        /// Mean quality.
        public var quality: Double
        /// Whether no other vendor is at least as cheap and at least as good, and better in one.
        public var isPareto: Bool
    }

    /// The run compared.
    public let result: RunResult
    /// The vendors compared, by index.
    public let vendors: [Int]
    /// Every unordered pair, in vendor order.
    public let pairs: [Pair]
    /// One winner per metric.
    public let winners: [Winner]
    /// The quality metric of the frontier (``MetricRegistry/qualityMetric(of:)``).
    let qualityMetric: Metric
    /// Frontier points, one per compared vendor.
    public let frontier: [FrontierPoint]
    /// The frontier's cost axis: `cost_dollars`, or `days` when the design fixes the cost.
    public let frontierCost: Metric

    /// Compares `vendors` (indices into the scenario) of `result`.
    public init(result: RunResult, vendors: [Int]) {
        self.result = result
        self.vendors = vendors
        let catalog = result.catalog
        var pairs: [Pair] = []
        for (position, a) in vendors.enumerated() {
            for b in vendors[(position + 1)...] {
                let differences = catalog.metrics.map { metric in
                    PairedDifference(
                        a: result.values(vendor: a, metric: metric), b: result.values(vendor: b, metric: metric),
                        direction: metric.direction)
                }
                pairs.append(Pair(a: a, b: b, differences: MetricRecord(catalog: catalog, values: differences)))
            }
        }
        self.pairs = pairs
        let summaries = result.summaries()
        let mean = { (vendor: Int, metric: Metric) in summaries[vendor][metric]?.mean ?? .nan }
        winners = catalog.metrics.map { metric in
            let direction = metric.direction
            let fixed = metric.isFixedByDesign(in: result.scenario)
            guard direction != .none, !fixed else { return Winner(metric: metric, isFixedByDesign: fixed, vendor: nil, significant: false) }
            let candidates = vendors.filter { !mean($0, metric).isNaN }
            let best = candidates.max { x, y in
                direction == .higher ? mean(x, metric) < mean(y, metric) : mean(x, metric) > mean(y, metric)
            }
            guard let best, candidates.contains(where: { mean($0, metric) != mean(best, metric) }) else {
                // No vendor is better than the others (or none has a value).
                return Winner(metric: metric, isFixedByDesign: false, vendor: nil, significant: false)
            }
            let significant = vendors.filter { $0 != best }.allSatisfy { other in
                let difference = PairedDifference(
                    a: result.values(vendor: best, metric: metric), b: result.values(vendor: other, metric: metric), direction: direction)
                return direction == .higher ? difference.ciLow > 0 : difference.ciHigh < 0
            }
            return Winner(metric: metric, isFixedByDesign: false, vendor: best, significant: significant && vendors.count > 1)
        }
        qualityMetric = catalog.qualityMetric
        let quality = qualityMetric
        // The frontier plots only what varies: under a budget that fixes the cost, calendar days.
        frontierCost = Metric.costDollars.isFixedByDesign(in: result.scenario) ? .days : .costDollars
        let xMetric = frontierCost
        let points = vendors.map { (vendor: $0, cost: mean($0, xMetric), quality: mean($0, quality)) }
        let optimal = ParetoFrontier.optimal(points.map { ($0.cost, $0.quality) })
        frontier = zip(points, optimal).map { point, isPareto in
            FrontierPoint(vendor: point.vendor, cost: point.cost, quality: point.quality, isPareto: isPareto)
        }
    }
}
