import LabelSimCore

/// Gold questions and the ban rule: each worker's gold tally, and who is banned.
///
/// Before each task a worker answers gold questions, each with probability `gold_fraction`; once
/// they have `gold_min` gold answers and a gold accuracy below `ban_below`, they are banned.
struct GoldAndBanning {
    /// Probability of a gold question before each task (0: no gold).
    let goldFraction: Double
    /// The ban threshold on gold accuracy, nil for no banning.
    let banBelow: Double?
    /// Gold answers needed before a worker can be judged.
    let goldMin: Int

    private(set) var banned: [Bool]
    private var answered: [Int32]
    private var correct: [Int32]
    private(set) var goldLabels = 0
    private(set) var workersBanned = 0

    init(quality: QualitySpec, workers: Int) {
        goldFraction = quality.goldFraction
        banBelow = quality.banBelow
        goldMin = quality.goldMin
        banned = Array(repeating: false, count: workers)
        answered = Array(repeating: 0, count: goldFraction > 0 ? workers : 0)
        correct = Array(repeating: 0, count: goldFraction > 0 ? workers : 0)
    }

    /// Records one gold answer of `worker`; true when it gets them banned.
    mutating func record(_ worker: Int, correct isCorrect: Bool) -> Bool {
        goldLabels += 1
        answered[worker] += 1
        if isCorrect { correct[worker] += 1 }
        guard let threshold = banBelow, Int(answered[worker]) >= goldMin,
            Double(correct[worker]) < threshold * Double(answered[worker])
        else { return false }
        banned[worker] = true
        workersBanned += 1
        return true
    }
}
