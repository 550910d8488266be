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
        /// `differences[metric]`.
        public var differences: [PairedDifference]
    }

    /// The best vendor on a metric.
    public struct Winner: Sendable {
        /// Metric name.
        public var metric: String
        /// Which way is better.
        public var direction: MetricCatalog.Direction
        /// The vendor with the best mean (nil for a direction-less metric).
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
    /// The quality metric of the frontier and break-even (`model_accuracy` when models are trained, else `label_accuracy`).
    public let qualityMetric: String
    /// Frontier points, one per compared vendor.
    public let frontier: [FrontierPoint]

    /// Compares `vendors` (indices into the scenario) of `result`.
    public init(result: RunResult, vendors: [Int]) {
        self.result = result
        self.vendors = vendors
        let names = result.catalog.names
        var pairs: [Pair] = []
        for (position, a) in vendors.enumerated() {
            for b in vendors[(position + 1)...] {
                let differences = names.indices.map { metric in
                    PairedDifference(
                        a: result.values(vendor: a, metric: metric), b: result.values(vendor: b, metric: metric),
                        direction: MetricCatalog.direction(of: names[metric]))
                }
                pairs.append(Pair(a: a, b: b, differences: differences))
            }
        }
        self.pairs = pairs
        let summaries = result.summaries()
        winners = names.enumerated().map { metric, name in
            let direction = MetricCatalog.direction(of: name)
            guard direction != .none else { return Winner(metric: name, direction: direction, vendor: nil, significant: false) }
            let candidates = vendors.filter { !summaries[$0][metric].mean.isNaN }
            let best = candidates.max { x, y in
                let (mx, my) = (summaries[x][metric].mean, summaries[y][metric].mean)
                return direction == .higher ? mx < my : mx > my
            }
            guard let best, candidates.contains(where: { summaries[$0][metric].mean != summaries[best][metric].mean }) else {
                // No vendor is better than the others (or none has a value).
                return Winner(metric: name, direction: direction, vendor: nil, significant: false)
            }
            let significant = vendors.filter { $0 != best }.allSatisfy { other in
                let difference = PairedDifference(
                    a: result.values(vendor: best, metric: metric), b: result.values(vendor: other, metric: metric), direction: direction)
                return direction == .higher ? difference.ciLow > 0 : difference.ciHigh < 0
            }
            return Winner(metric: name, direction: direction, vendor: best, significant: significant && vendors.count > 1)
        }
        qualityMetric = names.contains("model_accuracy") ? "model_accuracy" : "label_accuracy"
        let quality = names.firstIndex(of: qualityMetric) ?? 0
        let cost = names.firstIndex(of: "cost_dollars") ?? 0
        let points = vendors.map { (vendor: $0, cost: summaries[$0][cost].mean, quality: summaries[$0][quality].mean) }
        let optimal = ParetoFrontier.optimal(points.map { ($0.cost, $0.quality) })
        frontier = zip(points, optimal).map { point, isPareto in
            FrontierPoint(vendor: point.vendor, cost: point.cost, quality: point.quality, isPareto: isPareto)
        }
    }
}
