import LabelSimCore

/// What a vendor is paid for in one replication: items, labels, dollars and calendar time.
public struct PurchasePlan: Sendable, Equatable {
    /// Items labelled.
    public var items: Int
    /// Labels bought (items × redundancy).
    public var labels: Int
    /// Dollars spent (labels × price per label).
    public var dollars: Double
    /// Calendar days (labels ÷ the vendor's labels per hour ÷ 24).
    public var days: Double

    /// The plan for `vendor` under `budget`, with at most `poolSize` items available.
    ///
    /// A dollar budget buys ⌊budget ÷ (redundancy × price)⌋ items (a relative 1e-12 slack absorbs
    /// rounding in the division), capped at the pool; an item budget buys exactly that many.
    public init(vendor: VendorSpec, budget: Budget, poolSize: Int) {
        let redundancy = vendor.quality.redundancy
        let itemCost = Double(redundancy) * vendor.pricing.dollarsPerLabel
        switch budget {
        case .dollars(let dollars):
            let affordable = (dollars / itemCost * (1 + 1e-12)).rounded(.down)
            items = Int(min(affordable, Double(poolSize)))
        case .items(let count):
            items = min(count, poolSize)
        }
        labels = items * redundancy
        dollars = Double(labels) * vendor.pricing.dollarsPerLabel
        days = Double(labels) / vendor.labelsPerHour / 24
    }
}
