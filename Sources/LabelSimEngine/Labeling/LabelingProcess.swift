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
/// answer the vendor knows. Once
/// a worker has `gold_min` gold answers and a gold accuracy below `ban_below`, they are banned:
/// their kept labels are thrown away and those items topped up by others (paid again) before the
/// next item starts. An item is done when it has its fixed redundancy, or for adaptive redundancy
/// when the leading label's share reaches the agreement or `max` labels. A done item whose
/// agreement is below `review.below_agreement` gets the reviewer's label, which wins.
///
/// Money: a dollar budget starts an item only while the rest covers its minimum labels at the
/// vendor's nominal price plus overhead; labels are charged as bought (per-label price, or the
/// worker's seconds × hourly wage), so re-labelling and gold are paid from the same budget.
public struct LabelingProcess {
    let vendor: VendorSpec
    let task: TaskSpec
    let budget: Budget
    let deadlineDays: Double?
    let reviewer: Reviewer?

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

    /// Runs the process over `pool` with `workforce`, drawing from `rng`.
    public func run(pool: ItemPool, workforce: Workforce, using rng: GSLRandom) throws(GSLError) -> LabelingOutcome {
        var state = try State(process: self, pool: pool, workforce: workforce, rng: rng)
        state.labelAll()
        return state.outcome()
    }

    /// Dollars one label costs from `worker`.
    static func labelPrice(_ pricing: Pricing, seconds: Double) -> Double {
        switch pricing {
        case .perLabel(let dollars): dollars
        case .perHour(let wage, _): wage * seconds / 3600
        }
    }
}

extension LabelingProcess {
    /// Mutable state of one run.
    struct State {
        let process: LabelingProcess
        let pool: ItemPool
        let workforce: Workforce
        let rng: GSLRandom
        let classes: Int
        let quality: QualitySpec
        let workerSampler: DiscreteSampler
        let capacitySeconds: Double
        let vendorLabelCap: Int

        var logItem: [Int32] = []
        var logWorker: [Int32] = []
        var logLabel: [Int32] = []
        var logAlive: [Bool] = []
        var itemEntries: [[Int32]] = []
        var workerEntries: [[Int32]]
        var goldAnswered: [Int]
        var goldCorrect: [Int]
        var banned: [Bool]
        var secondsUsed: [Double]
        var reviewLabels: [Int32] = []
        var labelsBought = 0
        var goldLabels = 0
        var workersBanned = 0
        var itemsReviewed = 0
        var laborDollars = 0.0
        var reviewDollars = 0.0
        var outOfWork = false
        var finished = 0
        var pendingTopUp: [Int] = []
        var votes: [Int]

        init(process: LabelingProcess, pool: ItemPool, workforce: Workforce, rng: GSLRandom) throws(GSLError) {
            self.process = process
            self.pool = pool
            self.workforce = workforce
            self.rng = rng
            classes = process.task.classes
            quality = process.vendor.quality
            workerSampler = try DiscreteSampler(weights: workforce.workloadWeights)
            let workers = workforce.count
            votes = Array(repeating: 0, count: process.task.classes)
            workerEntries = Array(repeating: [], count: workers)
            goldAnswered = Array(repeating: 0, count: workers)
            goldCorrect = Array(repeating: 0, count: workers)
            banned = Array(repeating: false, count: workers)
            secondsUsed = Array(repeating: 0, count: workers)
            if let days = process.deadlineDays {
                capacitySeconds = days * process.vendor.workforce.hoursPerDay * 3600
                vendorLabelCap = Int(min((days * 24 * process.vendor.labelsPerHour).rounded(.down), Double(Int.max / 2)))
            } else {
                capacitySeconds = .infinity
                vendorLabelCap = .max
            }
        }

        // MARK: - Items

        mutating func labelAll() {
            let minimum = quality.redundancy.minimum
            let nominal = process.vendor.nominalDollarsPerLabel * (1 + quality.overhead)
            for item in 0..<pool.count {
                switch process.budget {
                case .items(let count):
                    if item >= count { return }
                case .dollars(let dollars):
                    let spent = laborDollars * (1 + quality.overhead) + reviewDollars
                    if dollars - spent < Double(minimum) * nominal * (1 - 1e-12) { return }
                }
                itemEntries.append([])
                reviewLabels.append(-1)
                guard fill(item) else { return }
                review(item)
                finished = item + 1
                while let again = pendingTopUp.popLast() {
                    guard fill(again) else { return }
                }
            }
        }

        /// Adds labels to `item` until its rule is met; false when no worker can take more work.
        mutating func fill(_ item: Int) -> Bool {
            while needsMore(item) {
                guard let worker = assign(item) else {
                    outOfWork = true
                    return false
                }
                let label = drawLabel(
                    worker: worker, truth: Int(pool.classes[item]), domain: Int(pool.domains[item]), difficulty: pool.difficulty[item])
                charge(worker)
                let entry = Int32(logWorker.count)
                logItem.append(Int32(item))
                logWorker.append(Int32(worker))
                logLabel.append(label)
                logAlive.append(true)
                itemEntries[item].append(entry)
                if quality.banBelow != nil { workerEntries[worker].append(entry) }
            }
            return true
        }

        mutating func needsMore(_ item: Int) -> Bool {
            var alive = 0
            for k in 0..<classes { votes[k] = 0 }
            for entry in itemEntries[item] where logAlive[Int(entry)] {
                alive += 1
                votes[Int(logLabel[Int(entry)])] += 1
            }
            switch quality.redundancy {
            case .fixed(let count):
                return alive < count
            case .adaptive(let low, let high, let agreement):
                if alive < low { return true }
                if alive >= high { return false }
                // An extra label is bought only while the budget covers it.
                if case .dollars(let dollars) = process.budget,
                    dollars - (laborDollars * (1 + quality.overhead) + reviewDollars)
                        < process.vendor.nominalDollarsPerLabel * (1 + quality.overhead)
                {
                    return false
                }
                let leading = votes.max() ?? 0
                return Double(leading) < agreement * Double(alive)
            }
        }

        /// Picks an eligible worker for `item` (answering gold first), or nil when none is left.
        mutating func assign(_ item: Int) -> Int? {
            while true {
                guard let worker = pickWorker(avoiding: item) else { return nil }
                if answerGold(worker) { return worker }
            }
        }

        func eligible(_ worker: Int, item: Int) -> Bool {
            if banned[worker] || secondsUsed[worker] + workforce.secondsPerLabel[worker] > capacitySeconds * (1 + 1e-12) {
                return false
            }
            return !itemEntries[item].contains { logAlive[Int($0)] && logWorker[Int($0)] == Int32(worker) }
        }

        func pickWorker(avoiding item: Int) -> Int? {
            if labelsBought >= vendorLabelCap { return nil }
            // Rejection from the workload weights; after many misses, an exact scan of the eligible.
            for _ in 0..<64 {
                let worker = rng.sample(workerSampler)
                if eligible(worker, item: item) { return worker }
            }
            var total = 0.0
            for worker in 0..<workforce.count where eligible(worker, item: item) {
                total += workforce.workloadWeights[worker]
            }
            guard total > 0 else { return nil }
            var target = rng.uniform() * total
            var last: Int?
            for worker in 0..<workforce.count where eligible(worker, item: item) {
                target -= workforce.workloadWeights[worker]
                last = worker
                if target < 0 { return worker }
            }
            return last
        }

        // MARK: - Gold and banning

        /// Gold questions before a task; false when the worker got banned (or ran out of time).
        mutating func answerGold(_ worker: Int) -> Bool {
            guard quality.goldFraction > 0 else { return true }
            while rng.uniform() < quality.goldFraction {
                if labelsBought >= vendorLabelCap || secondsUsed[worker] + workforce.secondsPerLabel[worker] > capacitySeconds {
                    return false
                }
                // A gold question is an item like the others whose answer is known: one drawn from the pool.
                let gold = rng.uniformInt(pool.count)
                let truth = Int(pool.classes[gold])
                let label = drawLabel(worker: worker, truth: truth, domain: Int(pool.domains[gold]), difficulty: pool.difficulty[gold])
                charge(worker)
                goldLabels += 1
                goldAnswered[worker] += 1
                if label == Int32(truth) { goldCorrect[worker] += 1 }
                if let threshold = quality.banBelow, goldAnswered[worker] >= quality.goldMin,
                    Double(goldCorrect[worker]) < threshold * Double(goldAnswered[worker])
                {
                    ban(worker)
                    return false
                }
            }
            return true
        }

        mutating func ban(_ worker: Int) {
            banned[worker] = true
            workersBanned += 1
            for entry in workerEntries[worker] where logAlive[Int(entry)] {
                logAlive[Int(entry)] = false
            }
            // Items already finished need topping up; the item in progress refills in its own loop.
            var touched = Set<Int>()
            for entry in workerEntries[worker] where Int(logItem[Int(entry)]) < finished {
                touched.insert(Int(logItem[Int(entry)]))
            }
            pendingTopUp += touched.sorted(by: >)
            workerEntries[worker] = []
        }

        // MARK: - Labels, money, review

        mutating func charge(_ worker: Int) {
            labelsBought += 1
            secondsUsed[worker] += workforce.secondsPerLabel[worker]
            laborDollars += LabelingProcess.labelPrice(process.vendor.pricing, seconds: workforce.secondsPerLabel[worker])
        }

        func drawLabel(worker: Int, truth: Int, domain: Int, difficulty: Double) -> Int32 {
            Self.respond(
                workforce: workforce, worker: worker, truth: truth, domain: domain, difficulty: difficulty, classes: classes, rng: rng)
        }

        /// The response model (see ``LabelGenerator``), with confusion rows and constant spammers.
        static func respond(
            workforce: Workforce, worker: Int, truth: Int, domain: Int, difficulty: Double, classes: Int, rng: GSLRandom
        ) -> Int32 {
            let u = rng.uniform()
            let constant = workforce.constantAnswer[worker]
            if constant >= 0 { return constant }
            let chance = 1 / Double(classes)
            let a = workforce.easyAccuracy[worker * workforce.domainCount + domain]
            let pCorrect: Double
            switch workforce.kinds[worker] {
            case .diligent, .sloppy: pCorrect = chance + (a - chance) * (1 - difficulty)
            case .spammer: pCorrect = chance
            case .adversarial: pCorrect = 1 - a
            }
            if u < pCorrect { return Int32(truth) }
            let v = (u - pCorrect) / (1 - pCorrect)
            var wrong: Int
            if workforce.confusion.isEmpty {
                wrong = min(Int(v * Double(classes - 1)), classes - 2)
            } else {
                let width = classes - 1
                let block = workforce.confusionPerWorker ? (worker * classes + truth) * width : truth * width
                wrong = width - 1
                for j in 0..<width where v < workforce.confusion[block + j] {
                    wrong = j
                    break
                }
            }
            return Int32(wrong >= truth ? wrong + 1 : wrong)
        }

        mutating func review(_ item: Int) {
            guard let rule = quality.review, let reviewer = process.reviewer else { return }
            var votes = [Int](repeating: 0, count: classes)
            var alive = 0
            for entry in itemEntries[item] where logAlive[Int(entry)] {
                votes[Int(logLabel[Int(entry)])] += 1
                alive += 1
            }
            let agreement = alive > 0 ? Double(votes.max() ?? 0) / Double(alive) : 0
            guard agreement < rule.belowAgreement else { return }
            let count = min(reviewer.vendor.quality.redundancy.minimum, reviewer.workforce.count)
            var reviewVotes = [Int](repeating: 0, count: classes)
            var chosen: [Int] = []
            while chosen.count < count {
                let worker = reviewer.rng.uniformInt(reviewer.workforce.count)
                if chosen.contains(worker) { continue }
                chosen.append(worker)
                let label = Self.respond(
                    workforce: reviewer.workforce, worker: worker, truth: Int(pool.classes[item]), domain: Int(pool.domains[item]),
                    difficulty: pool.difficulty[item], classes: classes, rng: reviewer.rng)
                reviewVotes[Int(label)] += 1
                let price = LabelingProcess.labelPrice(reviewer.vendor.pricing, seconds: reviewer.workforce.secondsPerLabel[worker])
                reviewDollars += price * (1 + reviewer.vendor.quality.overhead)
            }
            reviewLabels[item] = Int32(MajorityVote.winner(reviewVotes, using: reviewer.rng))
            itemsReviewed += 1
        }

        // MARK: - Result

        func outcome() -> LabelingOutcome {
            var triples: [(item: Int, worker: Int, label: Int)] = []
            triples.reserveCapacity(logWorker.count)
            for item in 0..<finished {
                for entry in itemEntries[item] where logAlive[Int(entry)] {
                    triples.append((item, Int(logWorker[Int(entry)]), Int(logLabel[Int(entry)])))
                }
            }
            let matrix = AnnotationMatrix(itemCount: finished, workerCount: workforce.count, classCount: classes, triples: triples)
            var outcome = LabelingOutcome(
                matrix: matrix, labelsBought: labelsBought, goldLabels: goldLabels, workersBanned: workersBanned,
                reviewLabels: Array(reviewLabels.prefix(finished)), itemsReviewed: itemsReviewed, laborDollars: laborDollars,
                reviewDollars: reviewDollars, deadlineHit: outOfWork && process.deadlineDays != nil)
            outcome.busiestWorkerSeconds = secondsUsed.max() ?? 0
            return outcome
        }
    }
}
