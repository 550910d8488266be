/// The `labelsim compare --format json` document and `comparison.json` (shape in the README).
public struct ComparisonDocument: Codable, Sendable, Equatable {
    /// One metric's paired difference A − B.
    public struct Difference: Codable, Sendable, Equatable {
        /// Mean paired difference.
        public var difference: JSONNumber
        /// 95% confidence interval of the mean difference.
        public var ciLow: JSONNumber
        /// Upper end of the interval.
        public var ciHigh: JSONNumber
        /// Share of replications A is better in.
        public var aWins: JSONNumber
        /// Share of replications B is better in.
        var bWins: JSONNumber
        /// Share of ties.
        public var ties: JSONNumber
        /// Replications.
        public var n: Int
    }

    /// One pair of vendors.
    public struct Pair: Codable, Sendable, Equatable {
        /// Vendor A.
        public var a: String
        /// Vendor B.
        public var b: String
        /// Difference per metric name.
        public var metrics: [String: Difference]
    }

    /// The winner on one metric.
    public struct Winner: Codable, Sendable, Equatable {
        /// The best vendor, `null` when there is none.
        public var vendor: JSONNullable<String>
        /// `higher` or `lower`.
        public var direction: String
        /// Whether it beats every other vendor significantly.
        public var significant: Bool
        /// `true` when the scenario makes the metric equal for all; absent otherwise.
        public var fixedByDesign: Bool?
    }

    /// A break-even price.
    public struct BreakEven: Codable, Sendable, Equatable {
        /// The vendor whose price moves.
        public var vendor: String
        /// The vendor it has to match.
        public var against: String
        /// The metric equalised.
        public var metric: String
        /// Current dollars per label.
        public var currentPrice: JSONNumber
        /// Break-even dollars per label, `null` when out of range.
        public var price: JSONNumber
        /// 95% interval of the break-even price.
        public var ciLow: JSONNumber
        /// Upper end of the interval.
        public var ciHigh: JSONNumber
        /// The unit the vendor bills in (`$/label` or `$/h`).
        public var unit: String
        /// Current price in ``unit``.
        public var currentInUnit: JSONNumber
        /// Break-even price in ``unit``.
        var priceInUnit: JSONNumber
        /// Interval in ``unit``.
        var ciLowInUnit: JSONNumber
        /// Upper end in ``unit``.
        var ciHighInUnit: JSONNumber
        /// The `--set` override that tries the price.
        public var set: JSONNullable<String>
        /// Why there is no price.
        public var note: JSONNullable<String>
    }

    /// One vendor on the cost–quality plane; the cost is keyed by its metric's name
    /// (`cost_dollars`, or `days` when the budget fixes the cost).
    public struct FrontierPoint: Codable, Sendable, Equatable {
        /// The vendor.
        public var vendor: String
        /// The cost metric's name (the key of ``cost``).
        public var costMetric: String
        /// Mean cost.
        public var cost: JSONNumber
        /// Mean quality.
        public var quality: JSONNumber
        /// Whether it is Pareto-optimal.
        public var pareto: Bool

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        private static let fixedKeys: Set<String> = ["vendor", "quality", "pareto"]

        /// Creates a point.
        init(vendor: String, costMetric: String, cost: JSONNumber, quality: JSONNumber, pareto: Bool) {
            self.vendor = vendor
            self.costMetric = costMetric
            self.cost = cost
            self.quality = quality
            self.pareto = pareto
        }

        /// Reads a point; the one key besides `vendor`, `quality` and `pareto` is the cost.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            vendor = try container.decode(String.self, forKey: Key(stringValue: "vendor"))
            quality = try container.decode(JSONNumber.self, forKey: Key(stringValue: "quality"))
            pareto = try container.decode(Bool.self, forKey: Key(stringValue: "pareto"))
            guard let key = container.allKeys.first(where: { !Self.fixedKeys.contains($0.stringValue) }) else {
                throw DecodingError.keyNotFound(
                    Key(stringValue: Metric.costDollars.name), .init(codingPath: decoder.codingPath, debugDescription: "no cost key"))
            }
            // A reader that turns snake-case keys into camel case (``JSONOutput/read(_:from:)``) hands
            // `cost_dollars` over as `costDollars`; metric names are lower snake case, so undo it.
            costMetric = JSONOutput.snakeCase(key.stringValue)
            cost = try container.decode(JSONNumber.self, forKey: key)
        }

        /// Writes `vendor`, the cost under its metric's name, `quality` and `pareto`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(vendor, forKey: Key(stringValue: "vendor"))
            try container.encode(cost, forKey: Key(stringValue: costMetric))
            try container.encode(quality, forKey: Key(stringValue: "quality"))
            try container.encode(pareto, forKey: Key(stringValue: "pareto"))
        }
    }

    /// The verdict on the quality metric.
    public var verdict: String
    /// Scenario name.
    public var scenario: String
    /// Master seed.
    public var seed: UInt64
    /// Replications.
    public var replications: Int
    /// `budget` or `items`.
    public var mode: String
    /// The quality metric.
    var qualityMetric: String
    /// The vendors compared.
    public var vendors: [String]
    /// Every pair.
    public var pairs: [Pair]
    /// Winner per metric with a direction.
    public var winners: [String: Winner]
    /// Break-even prices.
    public var breakEven: [BreakEven]
    /// The cost–quality frontier.
    public var frontier: [FrontierPoint]

    /// The document of a comparison, its break-even prices and its verdict.
    public init(comparison: VendorComparison, breakEvens: [BreakEvenPrice], mode: String, verdict: Verdict) {
        let scenario = comparison.result.scenario
        let names = scenario.optionNames
        self.verdict = verdict.sentence
        self.scenario = scenario.name
        seed = scenario.seed
        replications = scenario.replications
        self.mode = mode
        qualityMetric = comparison.qualityMetric.name
        vendors = comparison.vendors.map { names[$0] }
        pairs = comparison.pairs.map { pair in
            var metrics: [String: Difference] = [:]
            for (metric, d) in pair.differences.entries {
                metrics[metric.name] = Difference(
                    difference: JSONNumber(d.mean), ciLow: JSONNumber(d.ciLow), ciHigh: JSONNumber(d.ciHigh),
                    aWins: JSONNumber(d.aWins), bWins: JSONNumber(d.bWins), ties: JSONNumber(d.ties), n: d.n)
            }
            return Pair(a: names[pair.a], b: names[pair.b], metrics: metrics)
        }
        var winners: [String: Winner] = [:]
        for winner in comparison.winners where winner.direction != .none {
            winners[winner.metric.name] = Winner(
                vendor: JSONNullable(winner.vendor.map { names[$0] }), direction: winner.direction.rawValue,
                significant: winner.significant, fixedByDesign: winner.isFixedByDesign ? true : nil)
        }
        self.winners = winners
        breakEven = breakEvens.map { item in
            BreakEven(
                vendor: names[item.b], against: names[item.a], metric: item.metric.name, currentPrice: JSONNumber(item.currentPrice),
                price: JSONNumber(item.price), ciLow: JSONNumber(item.ciLow), ciHigh: JSONNumber(item.ciHigh), unit: item.unit,
                currentInUnit: JSONNumber(item.currentInUnit), priceInUnit: JSONNumber(item.priceInUnit),
                ciLowInUnit: JSONNumber(item.ciInUnit.low), ciHighInUnit: JSONNumber(item.ciInUnit.high), set: JSONNullable(item.setting),
                note: JSONNullable(item.note))
        }
        frontier = comparison.frontier.map { point in
            FrontierPoint(
                vendor: names[point.vendor], costMetric: comparison.frontierCost.name, cost: JSONNumber(point.cost),
                quality: JSONNumber(point.quality), pareto: point.isPareto)
        }
    }
}
