import LabelSimCore

/// How many items and labels a vendor's budget buys in one replication (cost and time follow
/// from the labels; see ``Replication``).
struct PurchasePlan: Sendable, Equatable {
    /// Items labelled.
    public var items: Int
    /// Labels bought (items × redundancy).
    public var labels: Int

    /// The plan for `vendor` under `budget`, with at most `poolSize` items available.
    ///
    /// A dollar budget buys ⌊budget ÷ (redundancy × price × (1 + overhead))⌋ items (a relative
    /// 1e-12 slack absorbs rounding in the division), capped at the pool; an item budget buys
    /// exactly that many. This is the fixed-redundancy plan without quality control; the
    /// ``LabelingProcess`` spends the same way one label at a time.
    init(vendor: VendorSpec, budget: Budget, poolSize: Int) {
        let redundancy = vendor.quality.redundancy.minimum
        let markup = 1 + vendor.quality.overhead
        let itemCost = Double(redundancy) * vendor.pricing.dollarsPerLabel * markup
        switch budget {
        case .dollars(let dollars):
            let affordable = (dollars / itemCost * (1 + 1e-12)).rounded(.down)
            items = Int(min(affordable, Double(poolSize)))
        case .items(let count):
            items = min(count, poolSize)
        }
        labels = items * redundancy
    }
}
