import Foundation
import LabelSimCore

/// Gold questions and the ban rule: each worker's gold tally, and who is banned.
///
/// Before each task a worker answers gold questions, each with probability `gold_fraction`; once
/// they have `gold_min` gold answers and a gold accuracy below `ban_below`, they are banned.
///
/// The questions form one stream of independent trials, gold with probability f and a task
/// otherwise, so the number of tasks before the next gold question is geometric:
/// P(g) = (1 − f)^g f. ``tasksBeforeGold`` holds it, drawn from one uniform per gold question
/// (g = ⌊ln(1 − u) ÷ ln(1 − f)⌋) instead of one uniform per task.
struct GoldAndBanning {
    /// Probability of a gold question before each task (0: no gold).
    let goldFraction: Double
    /// The ban threshold on gold accuracy, nil for no banning.
    let banBelow: Double?
    /// Gold answers needed before a worker can be judged.
    let goldMin: Int

    private(set) var banned: [Bool]
    /// Per worker, gold answers and correct ones, in the worker's ``WorkerRecord`` (owned by
    /// `records`).
    private let records: WorkerRecords
    private let tally: UnsafeMutablePointer<WorkerRecord>
    private(set) var goldLabels = 0
    private(set) var workersBanned = 0
    /// Tasks left before the next gold question.
    var tasksBeforeGold = 0
    /// ln(1 − f), the scale of the geometric gaps.
    private let logMiss: Double

    init(quality: QualitySpec, workers: Int, records: WorkerRecords) {
        goldFraction = quality.goldFraction
        banBelow = quality.banBelow
        goldMin = quality.goldMin
        banned = Array(repeating: false, count: workers)
        precondition(records.count == workers)
        self.records = records
        tally = records.base
        for worker in 0..<workers {
            tally[worker].goldAnswered = 0
            tally[worker].goldCorrect = 0
        }
        logMiss = Foundation.log1p(-goldFraction)
    }

    /// The number of tasks before the next gold question, from the uniform `u` in [0, 1).
    @inline(__always)
    func gap(uniform u: Double) -> Int {
        // f < 1 (the parser's rule), so ln(1 − f) < 0; the cap only guards a huge gap's conversion.
        Int(min(Foundation.log1p(-u) / logMiss, 1e15))
    }

    /// Records one gold answer of `worker`; true when it gets them banned.
    mutating func record(_ worker: Int, correct isCorrect: Bool) -> Bool {
        goldLabels += 1
        tally[worker].goldAnswered &+= 1
        tally[worker].goldCorrect &+= isCorrect ? 1 : 0
        let answered = tally[worker].goldAnswered
        let correct = tally[worker].goldCorrect
        guard let threshold = banBelow, Int(answered) >= goldMin, Double(correct) < threshold * Double(answered)
        else { return false }
        banned[worker] = true
        workersBanned += 1
        return true
    }
}
