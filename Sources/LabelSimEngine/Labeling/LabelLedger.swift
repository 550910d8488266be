import LabelSimCore

/// Money and time of one labelling run: labels bought, dollars paid, each worker's seconds, and
/// the deadline's limits (each worker's working seconds, the vendor's labels per day).
///
/// A worker's figures (seconds per label, price, seconds used) sit in their ``WorkerRecord``,
/// beside the rest of what a label reads and writes of them.
struct LabelLedger {
    /// The run's worker records (owned by `records`).
    private let records: WorkerRecords
    private let accounts: UnsafeMutablePointer<WorkerRecord>
    private let workerCount: Int
    /// Working seconds each worker has before the deadline (infinite without one).
    let capacitySeconds: Double
    /// Labels the vendor can deliver before the deadline (`Int.max` without one).
    let labelCap: Int
    /// Platform overhead as a fraction of labour.
    let overhead: Double
    /// The dollar budget, a hard cap on ``spent`` (infinite for an item budget).
    let dollarCap: Double

    private(set) var labelsBought = 0
    private(set) var laborDollars = 0.0
    private(set) var reviewDollars = 0.0

    /// The ledger of `workforce`, whose figures it writes into `records` (one per worker).
    init(vendor: VendorSpec, workforce: Workforce, records: WorkerRecords, deadlineDays: Double?, budget: Budget = .items(0)) {
        if case .dollars(let dollars) = budget {
            dollarCap = dollars
        } else {
            dollarCap = .infinity
        }
        precondition(records.count == workforce.count)
        self.records = records
        accounts = records.base
        workerCount = workforce.count
        for (worker, seconds) in workforce.secondsPerLabel.enumerated() {
            accounts[worker].secondsPerLabel = seconds
            accounts[worker].price = LabelLedger.labelPrice(vendor.pricing, seconds: seconds)
            accounts[worker].secondsUsed = 0
        }
        overhead = vendor.quality.overhead
        if let days = deadlineDays {
            // The vendor's calendar: nothing before onboarding, then its (ramping) capacity.
            capacitySeconds = vendor.calendar.workingDays(within: days) * vendor.workforce.hoursPerDay * 3600
            labelCap = Int(min(vendor.calendar.labels(within: days).rounded(.down), Double(Int.max / 2)))
        } else {
            capacitySeconds = .infinity
            labelCap = .max
        }
    }

    /// Dollars one label costs when it takes `seconds`.
    static func labelPrice(_ pricing: Pricing, seconds: Double) -> Double {
        switch pricing {
        case .perLabel(let dollars): dollars
        case .perHour(let wage, _): wage * seconds / 3600
        }
    }

    /// Whether the vendor has reached its label cap.
    var isAtCap: Bool { labelsBought >= labelCap }

    /// Whether `worker` has time for one more label (`slack` tolerates rounding in the sum).
    @inline(__always)
    func hasTime(_ worker: Int, slack: Double = 0) -> Bool {
        accounts[worker].secondsUsed + accounts[worker].secondsPerLabel <= capacitySeconds * (1 + slack)
    }

    /// Dollars spent so far, overhead and review included.
    var spent: Double { laborDollars * (1 + overhead) + reviewDollars }

    /// Whether `worker`'s next label, overhead included, fits in what is left of the budget.
    @inline(__always)
    func canAfford(_ worker: Int) -> Bool {
        (laborDollars + accounts[worker].price) * (1 + overhead) + reviewDollars <= dollarCap
    }

    /// Whether `dollars` of review fit in what is left of the budget.
    func canAffordReview(_ dollars: Double) -> Bool {
        spent + dollars <= dollarCap
    }

    /// Pays `worker` for one label.
    @inline(__always)
    mutating func charge(_ worker: Int) {
        labelsBought += 1
        accounts[worker].secondsUsed += accounts[worker].secondsPerLabel
        laborDollars += accounts[worker].price
    }

    /// The most seconds any one worker has worked.
    var busiestWorkerSeconds: Double { (0..<workerCount).lazy.map { accounts[$0].secondsUsed }.max() ?? 0 }

    /// Pays the reviewing vendor `dollars` (overhead included).
    mutating func chargeReview(_ dollars: Double) {
        reviewDollars += dollars
    }
}
