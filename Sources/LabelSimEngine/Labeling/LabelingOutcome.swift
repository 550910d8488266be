/// What one vendor delivered in one replication, before aggregation.
public struct LabelingOutcome: Sendable {
    /// The kept labels of the finished items `0..<matrix.itemCount` (items are labelled in pool order).
    public var matrix: AnnotationMatrix
    /// Labels paid for: kept, thrown away after bans, and gold answers (review labels not included).
    public var labelsBought: Int
    /// Gold questions answered.
    public var goldLabels: Int
    /// Workers banned by the gold rule.
    public var workersBanned: Int
    /// Reviewer's label per finished item, `-1` where the item was not reviewed; empty when the
    /// vendor has no review.
    var reviewLabels: [Int32]
    /// Items sent to review.
    var itemsReviewed: Int
    /// Dollars paid to the vendor's workers (before overhead).
    var laborDollars: Double
    /// Dollars paid to the reviewing vendor.
    var reviewDollars: Double
    /// Whether labelling stopped because the deadline's capacity ran out.
    var deadlineHit: Bool
    /// Seconds of work of the busiest worker (all labels they were paid for, gold included).
    var busiestWorkerSeconds: Double = 0
    /// Whether the one-pass generator drew these labels (else the general process did).
    public var fromGenerator = false

    /// Creates an outcome.
    public init(
        matrix: AnnotationMatrix, labelsBought: Int, goldLabels: Int = 0, workersBanned: Int = 0, reviewLabels: [Int32] = [],
        itemsReviewed: Int = 0, laborDollars: Double, reviewDollars: Double = 0, deadlineHit: Bool = false
    ) {
        self.matrix = matrix
        self.labelsBought = labelsBought
        self.goldLabels = goldLabels
        self.workersBanned = workersBanned
        self.reviewLabels = reviewLabels
        self.itemsReviewed = itemsReviewed
        self.laborDollars = laborDollars
        self.reviewDollars = reviewDollars
        self.deadlineHit = deadlineHit
    }
}
