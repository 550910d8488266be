import LabelSimCore
import LabelSimGSL

/// Expert review: a finished item whose agreement is below the rule's threshold gets the
/// reviewing vendor's label (the majority of its `redundancy` distinct workers), which wins.
struct ReviewStage {
    private let rule: ReviewSpec
    private let reviewer: LabelingProcess.Reviewer
    private let model: ResponseModel
    private var votes: [Int]
    private var chosen: [Int] = []
    /// Reviewer's label per started item, `-1` where the item was not reviewed.
    private(set) var labels: [Int32] = []
    /// Items sent to review.
    private(set) var itemsReviewed = 0

    init?(quality: QualitySpec, reviewer: LabelingProcess.Reviewer?, classes: Int, concentration: Double = 0) {
        guard let rule = quality.review, let reviewer else { return nil }
        self.rule = rule
        self.reviewer = reviewer
        model = ResponseModel(workforce: reviewer.workforce, classes: classes, concentration: concentration)
        votes = Array(repeating: 0, count: classes)
    }

    /// Registers a newly started item (not reviewed yet).
    mutating func start() { labels.append(-1) }

    /// Reviews `item` when its leading label's share `agreement` is below the threshold; the
    /// reviewer's dollars go to `ledger`.
    mutating func review(_ item: Int, agreement: Double, pool: ItemPool, ledger: inout LabelLedger) {
        guard agreement < rule.belowAgreement else { return }
        let count = min(reviewer.vendor.quality.redundancy.minimum, reviewer.workforce.count)
        for k in votes.indices { votes[k] = 0 }
        chosen.removeAll(keepingCapacity: true)
        let rng = reviewer.rng
        while chosen.count < count {
            let worker = rng.uniformInt(reviewer.workforce.count)
            if chosen.contains(worker) { continue }
            let price = LabelLedger.labelPrice(reviewer.vendor.pricing, seconds: reviewer.workforce.secondsPerLabel[worker])
            // The budget is a cap: a review it cannot finish is abandoned (the item keeps its label).
            guard ledger.canAffordReview(price * (1 + reviewer.vendor.quality.overhead)) else { return }
            chosen.append(worker)
            let label = model.label(worker: worker, item: item, in: pool, uniform: rng.uniform(), seeThrough: rng.uniform())
            votes[Int(label)] += 1
            ledger.chargeReview(price * (1 + reviewer.vendor.quality.overhead))
        }
        labels[item] = Int32(MajorityVote.winner(votes, using: rng))
        itemsReviewed += 1
    }
}
