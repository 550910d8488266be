/// A way of buying labels: one vendor, or a mix of vendors under one budget whose labels are
/// pooled (the model trains on their union).
public struct StrategySpec: Sendable, Equatable {
    /// Unique name among vendors and strategies.
    public var name: String
    /// How items and money go to vendors.
    public var mix: Mix

    /// How a strategy splits the work.
    public enum Mix: Sendable, Equatable {
        /// Every item of domain d goes to vendor `vendorByDomain[d]` (indices into
        /// `Scenario.vendors`, one per task domain).
        case route(vendorByDomain: [Int])
        /// The budget is split across vendors by share; items are dealt to them in pool order in
        /// proportion to the items each share buys.
        case split([Share])
    }

    /// A vendor's share of a split budget.
    public struct Share: Sendable, Equatable {
        /// Vendor index into `Scenario.vendors`.
        public var vendor: Int
        /// Share of the budget, in (0, 1].
        public var share: Double

        /// Creates a share.
        public init(vendor: Int, share: Double) {
            self.vendor = vendor
            self.share = share
        }
    }

    /// Creates a strategy.
    public init(name: String, mix: Mix) {
        self.name = name
        self.mix = mix
    }

    /// The vendors the strategy uses, by index, in first-use order.
    public var vendors: [Int] {
        switch mix {
        case .route(let byDomain):
            var seen: [Int] = []
            for vendor in byDomain where !seen.contains(vendor) { seen.append(vendor) }
            return seen
        case .split(let shares): return shares.map(\.vendor)
        }
    }
}
