/// What one vendor delivered in one replication after aggregation, on pool positions: the unit
/// a strategy pools (a vendor alone is a strategy with one delivery).
struct Delivery: Sendable {
    /// The vendor (index into the scenario's vendors).
    var vendor: Int
    /// Pool positions of the labelled items, ascending.
    var items: [Int]
    /// Final label per item (the reviewer's when reviewed, else the aggregate).
    var labels: [Int32]
    /// Item-major posteriors (one-hot where reviewed).
    var posteriors: [Double]
    /// Labels paid for (kept, thrown away and gold).
    var labelsBought: Int
    /// Dollars: labour × (1 + overhead) plus review.
    var cost: Double
    /// Calendar days from the start of the strategy until the last label.
    var days: Double
    /// The busiest worker's days of work.
    var workerDays: Double
    /// Gold questions answered.
    var goldLabels: Int
    /// Workers banned.
    var workersBanned: Int
    /// Items reviewed by another vendor.
    var itemsReviewed: Int
    /// Whether the deadline stopped labelling.
    var deadlineHit: Bool
}
