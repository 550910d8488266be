import LabelSimCore
import LabelSimGSL

/// The general labelling process, one label at a time, with the quality controls of a real
/// vendor: skewed workloads, gold questions and banning, adaptive redundancy, expert review,
/// per-worker speed and pay, and a deadline.
///
/// Order of events. Items are taken in pool order while the budget lasts. For each assignment a
/// worker is drawn by workload weight among those still eligible (not banned, not on this item,
/// with time left before the deadline). Before the task the worker answers gold questions, each
/// with probability `gold_fraction` (so gold is that share of their stream); each is paid and
/// judged by the response model on a gold item: an item drawn at random from the pool, whose
/// answer the vendor knows. Once a worker has `gold_min` gold answers and a gold accuracy below
/// `ban_below`, they are banned: their kept labels are thrown away and those items topped up by
/// others (paid again) before the next item starts. An item is done when it has its fixed
/// redundancy, or for adaptive redundancy when the leading label's share reaches the agreement or
/// `max` labels. A done item whose agreement is below `review.below_agreement` gets the
/// reviewer's label, which wins.
///
/// Money: a dollar budget is a cap, never exceeded. An item starts only while the rest covers its
/// minimum labels at the vendor's nominal price plus overhead; each label (task, gold question or
/// top-up after a ban) is bought only if its own price plus overhead fits in what is left
/// (per-label price, or the worker's seconds × hourly wage), and a review label likewise. The
/// last item: when the budget cannot pay a label of the item in progress, labelling stops and that
/// item is not delivered (its labels are paid but unused); items being topped up after a ban keep
/// the labels they have, and an item left with none is not used to train the model.
///
/// The state is split into named parts, each in its own file: who labels next
/// (``AssignmentPolicy``), gold questions and bans (``GoldAndBanning``), expert review
/// (``ReviewStage``), money and time (``LabelLedger``), and the labels bought so far
/// (``DeliveredLabels``). Labels come from the workforce's ``ResponseModel``; draws go through a
/// ``BufferedUniforms`` block, in the same order as one-by-one draws.
public struct LabelingProcess {
    let vendor: VendorSpec
    let task: TaskSpec
    let budget: Budget
    let deadlineDays: Double?
    let reviewer: Reviewer?
    /// Whether workers are drawn by the reference rule (rejection only; see ``AssignmentPolicy``).
    var referenceAssignment = false

    /// Another vendor's workforce, used to review low-agreement items.
    public struct Reviewer {
        /// The reviewing vendor.
        public var vendor: VendorSpec
        /// Its workers in this replication.
        public var workforce: Workforce
        /// Its own random stream.
        public var rng: GSLRandom

        /// Creates a reviewer.
        public init(vendor: VendorSpec, workforce: Workforce, rng: GSLRandom) {
            self.vendor = vendor
            self.workforce = workforce
            self.rng = rng
        }
    }

    /// Creates the process for `vendor`.
    public init(vendor: VendorSpec, task: TaskSpec, budget: Budget, deadlineDays: Double?, reviewer: Reviewer?) {
        self.vendor = vendor
        self.task = task
        self.budget = budget
        self.deadlineDays = deadlineDays
        self.reviewer = reviewer
    }

    /// The same process drawing workers by plain rejection from the whole workforce: the rule the
    /// O(1) draw replaced, kept as the reference its distribution is tested against.
    public func withReferenceAssignment() -> LabelingProcess {
        var copy = self
        copy.referenceAssignment = true
        return copy
    }

    /// Runs the process over `pool` with `workforce`, drawing from `rng`.
    public func run(pool: ItemPool, workforce: Workforce, using rng: GSLRandom) throws(GSLError) -> LabelingOutcome {
        let draws = BufferedUniforms(rng)
        defer { draws.finish() }
        var run = try LabelingRun(process: self, pool: pool, workforce: workforce, draws: draws)
        run.labelAll()
        draws.finish()
        return run.outcome()
    }
}

/// The mutable run of one ``LabelingProcess``: its parts, and the loop over items.
///
/// The item being filled keeps its own state (its kept labels and votes, and a mark on each of
/// its workers), loaded once when its fill starts and updated with each label: a ban never
/// removes a label of that item (the worker banned answered gold before touching it), so nothing
/// is recounted.
///
/// Memory order. Items are filled in pool order, so their data streams through the cache; top-ups
/// after a ban revisit items anywhere in the pool, in an order known ahead (``pendingTopUp``), so
/// the items a few places down that list are prefetched while one is filled, and their cache
/// misses overlap instead of coming one after another.
struct LabelingRun {
    let process: LabelingProcess
    let pool: ItemPool
    /// A view of the process's buffer, which `run` holds for the whole run (a reference to the
    /// buffer would be retained and released around the draws of the hot loop).
    let draws: BufferedUniforms.Reader
    let classes: Int
    let workerCount: Int
    let quality: QualitySpec
    let model: ResponseModel
    var assignment: AssignmentPolicy
    var gold: GoldAndBanning
    var review: ReviewStage?
    var ledger: LabelLedger
    var delivered: DeliveredLabels
    let hasDeadline: Bool
    var finished = 0
    var outOfWork = false
    /// The dollar budget cannot pay the next label: labelling stops.
    var budgetSpent = false
    var pendingTopUp: [Int] = []
    var touched: [Int] = []
    /// Puts a banned worker's items in top-up order.
    var topUpOrder = DescendingSort()
    /// The workers' records (``WorkerRecord``), shared with the ledger, gold and label store.
    let records: WorkerRecords
    /// Per worker (`mark[w].mark`), `Int.max` once they can take no more work (banned, or out of
    /// time before the deadline), else the number of the last fill that put a label of theirs on
    /// its item: a worker can be drawn for fill f when their mark is below f (one load and
    /// compare per draw, in the record the label then reads and writes).
    let mark: UnsafeMutablePointer<WorkerRecord>
    /// The number of the fill in progress (each fill of an item, top-ups included, gets the next).
    var fillNumber = 0
    /// The item being filled: its kept labels, per class, and the largest of those counts.
    var keptCount = 0
    /// Per class (raw memory owned by `voteBuffer`).
    let voteBuffer: OwnedBuffer<Int>
    let votes: UnsafeMutablePointer<Int>
    var leading = 0

    init(process: LabelingProcess, pool: ItemPool, workforce: Workforce, draws: BufferedUniforms) throws(GSLError) {
        self.process = process
        self.pool = pool
        self.draws = draws.reader
        classes = process.task.classes
        workerCount = workforce.count
        quality = process.vendor.quality
        model = ResponseModel(workforce: workforce, classes: classes, concentration: process.task.misleading.concentration)
        assignment = try AssignmentPolicy(workforce: workforce, reference: process.referenceAssignment)
        records = WorkerRecords(count: workforce.count)
        mark = records.base
        gold = GoldAndBanning(quality: quality, workers: workforce.count, records: records)
        if gold.goldFraction > 0 { gold.tasksBeforeGold = gold.gap(uniform: draws.uniform()) }
        review = ReviewStage(
            quality: quality, reviewer: process.reviewer, classes: classes, concentration: process.task.misleading.concentration)
        ledger = LabelLedger(
            vendor: process.vendor, workforce: workforce, records: records, deadlineDays: process.deadlineDays, budget: process.budget)
        hasDeadline = process.deadlineDays != nil
        let banning = quality.banBelow != nil
        let stride: Int?
        switch quality.redundancy {
        case .fixed(let count): stride = count
        case .adaptive(_, let high, _): stride = banning ? high : nil
        }
        delivered = DeliveredLabels(workers: workforce.count, stride: stride, tracksWorkers: banning, records: records)
        for worker in 0..<workforce.count { mark[worker].mark = 0 }
        if hasDeadline {
            for worker in 0..<workforce.count where !ledger.hasTime(worker, slack: 1e-12) { mark[worker].mark = .max }
        }
        voteBuffer = OwnedBuffer(repeating: 0, count: classes)
        votes = voteBuffer.base
        let expectedItems: Int
        switch process.budget {
        case .items(let count): expectedItems = min(count, pool.count)
        case .dollars(let dollars):
            let perItem = Double(quality.redundancy.minimum) * process.vendor.nominalDollarsPerLabel * (1 + quality.overhead)
            expectedItems = perItem > 0 ? Int(min(Double(pool.count), (dollars / perItem).rounded(.down))) : pool.count
        }
        delivered.reserve(labels: expectedItems * quality.redundancy.minimum, items: expectedItems)
    }

    // MARK: - Items

    mutating func labelAll() {
        let minimum = quality.redundancy.minimum
        let nominal = process.vendor.nominalDollarsPerLabel * (1 + quality.overhead)
        let tables = model.tables
        for item in 0..<pool.count {
            switch process.budget {
            case .items(let count):
                if item >= count { return }
            case .dollars(let dollars):
                if dollars - ledger.spent < Double(minimum) * nominal * (1 - 1e-12) { return }
            }
            delivered.start()
            review?.start()
            guard fill(item, tables: tables) else { return }
            if review != nil { sendToReview(item) }
            finished = item + 1
            while let again = pendingTopUp.popLast() {
                let ahead = pendingTopUp.count &- Self.prefetchDistance
                if ahead >= 0 { prefetch(pendingTopUp[ahead]) }
                guard fill(again, tables: tables) else { return }
            }
        }
    }

    /// Adds labels to `item` until its rule is met; false when no worker can take more work.
    /// `tables` are the response model's (``ResponseModel/tables``), copied once per run.
    ///
    /// The loop keeps what it reads on every label in locals (the item's entries, the response
    /// tables, its counts): read through the run, each would be loaded again after every store
    /// the loop makes through a raw pointer.
    mutating func fill(_ item: Int, tables: ResponseModel.Tables) -> Bool {
        open(item)
        var cursor = delivered.slots(of: item).lowerBound
        // The item's entries, read once for all its labels.
        let facts = model.item(item, in: pool)
        let votes = votes
        var kept = keptCount
        var top = leading
        defer {
            keptCount = kept
            leading = top
        }
        while needsMore(kept: kept, leading: top) {
            guard let worker = assign() else {
                // No eligible worker is left (time, bans), unless it is the budget that ran out.
                outOfWork = !budgetSpent
                return false
            }
            guard ledger.canAfford(worker) else {
                budgetSpent = true
                return false
            }
            let label = tables.label(worker: worker, item: facts, draws: draws)
            // Before the charge, which marks a worker whose time is up as gone for good.
            mark[worker].mark = fillNumber
            charge(worker)
            delivered.put(item: item, worker: worker, label: label, cursor: &cursor)
            kept &+= 1
            let count = votes[Int(label)] &+ 1
            votes[Int(label)] = count
            top = max(top, count)
        }
        return true
    }

    /// Loads the state of `item` (its kept labels so far) before it is filled.
    mutating func open(_ item: Int) {
        fillNumber &+= 1
        let votes = votes
        for k in 0..<classes { votes[k] = 0 }
        let number = fillNumber
        // Counted in locals: the closure would otherwise keep the run's fields in memory, a store
        // and a reload per label.
        let marks = mark
        var kept = 0
        var top = 0
        delivered.forEachKept(of: item) { who, label in
            if marks[Int(who)].mark != .max { marks[Int(who)].mark = number }
            kept &+= 1
            let count = votes[Int(label)] &+ 1
            votes[Int(label)] = count
            top = max(top, count)
        }
        keptCount = kept
        leading = top
    }

    /// Whether the item being filled, with `keptCount` kept labels of which `leading` for its
    /// leading class, needs another label.
    @inline(__always)
    func needsMore(kept keptCount: Int, leading: Int) -> Bool {
        switch quality.redundancy {
        case .fixed(let count):
            return keptCount < count
        case .adaptive(let low, let high, let agreement):
            if keptCount < low { return true }
            if keptCount >= high { return false }
            // An extra label is bought only while the budget covers it.
            if case .dollars(let dollars) = process.budget,
                dollars - ledger.spent < process.vendor.nominalDollarsPerLabel * (1 + quality.overhead)
            {
                return false
            }
            return Double(leading) < agreement * Double(keptCount)
        }
    }

    /// Picks an eligible worker for the item being filled (answering gold first), or nil when none is left.
    ///
    /// Kept out of line: inlined, it makes `fill` so large that the optimiser stops inlining the
    /// label function into it.
    mutating func assign() -> Int? {
        while true {
            if ledger.isAtCap || budgetSpent { return nil }
            // Not banned, with time left, not on this item yet.
            let number = fillNumber
            // The closure captures the pointer, not the run (capturing the run would make the
            // call copy the policy, retaining its arrays, to keep the two accesses apart).
            let marks = mark
            let worker = assignment.pick(using: draws) { worker in marks[worker].mark < number }
            guard let worker else { return nil }
            if answerGold(worker) { return worker }
        }
    }

    // MARK: - Gold and banning

    /// Gold questions before a task; false when the worker got banned (or ran out of time).
    ///
    /// Most tasks bring no gold question: those are decided inline, without a call; the rest
    /// (the task just before a gold question, and gold questions) in ``answerGoldQuestions(_:)``.
    @inline(__always)
    mutating func answerGold(_ worker: Int) -> Bool {
        guard gold.goldFraction > 0 else { return true }
        if gold.tasksBeforeGold > 1 {
            gold.tasksBeforeGold &-= 1
            return true
        }
        return answerGoldQuestions(worker)
    }

    /// ``answerGold(_:)`` when a gold question is next or due now.
    @inline(never)
    mutating func answerGoldQuestions(_ worker: Int) -> Bool {
        while true {
            if gold.tasksBeforeGold > 0 {
                gold.tasksBeforeGold &-= 1
                if gold.tasksBeforeGold == 0 { prefetchGoldItem() }
                return true
            }
            // The next trial of the stream is this gold question; the gap after it is drawn now.
            gold.tasksBeforeGold = gold.gap(uniform: draws.uniform())
            if ledger.isAtCap || !ledger.hasTime(worker) { return false }
            guard ledger.canAfford(worker) else {
                budgetSpent = true
                return false
            }
            // A gold question is an item like the others whose answer is known: one drawn from the pool.
            let item = model.item(draws.uniformInt(pool.count), in: pool)
            let label = model.tables.label(worker: worker, item: item, draws: draws)
            charge(worker)
            if gold.record(worker, correct: label == item.truth) {
                ban(worker)
                return false
            }
        }
    }

    /// Prefetches the pool entries of the item the next gold question will probably ask about
    /// (its item is a random one: without this, each gold question waits on a miss to memory).
    ///
    /// Nothing is drawn, so the stream is unchanged: the draws are peeked at in the uniform
    /// buffer. The next gold question comes with the next task; usually its item is the fourth
    /// draw from here (this task's label, the next worker, the gap after the gold question, then
    /// the item), or the fifth after a rejected worker or a misleading item's extra draw: both are
    /// asked for. A wrong guess wastes a prefetch, nothing else.
    @inline(__always)
    mutating func prefetchGoldItem() {
        for offset in 3...4 {
            guard let u = draws.peek(offset), let item = BufferedUniforms.integer(uniform: u, below: pool.count) else { continue }
            prefetch(poolEntriesOf: item)
        }
    }

    /// Pays `worker` for a label; a worker whose time is now up leaves the draw.
    @inline(__always)
    mutating func charge(_ worker: Int) {
        ledger.charge(worker)
        if hasDeadline, !ledger.hasTime(worker, slack: 1e-12) {
            assignment.remove(worker)
            mark[worker].mark = .max
        }
    }

    /// Throws away the banned worker's labels; finished items they were on are topped up next.
    mutating func ban(_ worker: Int) {
        assignment.remove(worker)
        mark[worker].mark = .max
        touched.removeAll(keepingCapacity: true)
        delivered.throwAway(worker, finishedBelow: finished, into: &touched)
        // Lowest item first (pending items are popped from the end).
        topUpOrder.sort(&touched)
        pendingTopUp += touched
        // The first few to be filled; the rest are prefetched as the list is worked down.
        for index in max(0, pendingTopUp.count &- Self.prefetchDistance)..<pendingTopUp.count { prefetch(pendingTopUp[index]) }
    }

    /// How many top-ups ahead of the one being filled are prefetched: enough to cover a miss to
    /// memory (about as long as filling a few items), few enough to stay in cache until used.
    static let prefetchDistance = 8

    /// Starts loading what filling `item` reads: its slots and its pool entries (cache
    /// prefetches, which nothing waits for: the processor keeps working on the item in hand
    /// while they come from memory). Mutating although it writes nothing: called on the run in
    /// place, so that the optimiser does not copy the whole run (and retain its ~25 arrays) to
    /// keep it fixed around the C call, as it does for a non-mutating method.
    @inline(__always)
    mutating func prefetch(_ item: Int) {
        prefetch(poolEntriesOf: item)
        delivered.prefetch(item)
    }

    /// Prefetches the pool entries of `item` that ``ResponseModel/item(_:in:)`` reads.
    @inline(__always)
    mutating func prefetch(poolEntriesOf item: Int) {
        Prefetch.read(pool.classes, item)
        Prefetch.read(pool.domains, item)
        Prefetch.read(pool.difficulty, item)
        if !pool.confusable.isEmpty {
            Prefetch.read(pool.confusable, item)
            Prefetch.read(pool.misleading, item)
        }
    }

    // MARK: - Review and result

    /// Sends the item just filled to review when its agreement is low.
    mutating func sendToReview(_ item: Int) {
        let agreement = keptCount > 0 ? Double(leading) / Double(keptCount) : 0
        review?.review(item, agreement: agreement, pool: pool, ledger: &ledger)
    }

    /// What the run delivered; the label store becomes the matrix in place (it is left empty).
    mutating func outcome() -> LabelingOutcome {
        let finished = finished
        let reviewLabels = review.map { Array($0.labels.prefix(finished)) } ?? []
        var outcome = LabelingOutcome(
            matrix: delivered.matrix(items: finished, workers: workerCount, classes: classes), labelsBought: ledger.labelsBought,
            goldLabels: gold.goldLabels, workersBanned: gold.workersBanned, reviewLabels: reviewLabels,
            itemsReviewed: review?.itemsReviewed ?? 0, laborDollars: ledger.laborDollars, reviewDollars: ledger.reviewDollars,
            deadlineHit: outOfWork && process.deadlineDays != nil)
        outcome.busiestWorkerSeconds = ledger.busiestWorkerSeconds
        return outcome
    }
}
