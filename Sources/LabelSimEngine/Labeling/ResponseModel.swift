import LabelSimCore

/// The response model of one workforce (DESIGN.md), as read-only tables built once, and the one
/// function from (worker, item, uniform draw) to a label that every labelling path calls.
///
/// A worker of easy-item accuracy a labels an item of difficulty d correctly with probability
/// p = c + (a − c)(1 − d), c = 1/K; otherwise they pick a wrong class, uniformly or by their
/// confusion row. A random spammer answers at chance (p = c); an adversary is right with
/// probability 1 − a whatever the difficulty; a constant spammer always gives their one class.
/// Every kind is written as p = intercept + slope × (1 − d), so the hot loop has no branch on the
/// kind: diligent and sloppy (c, a − c), spammer (c, 0), adversary (1 − a, 0).
///
/// One uniform decides both whether the label is right and, when it is not, which wrong class:
/// given u ≥ p, (u − p)/(1 − p) is uniform on [0, 1) and independent of the event.
///
/// Table layout, chosen so that refinements add rows, not formulas: the coefficients of worker w
/// on domain g for an item the worker takes to be of class k sit at
/// `w × workerStride + g × domainStride + k × classStride`. Today `classStride` is 0 (one
/// accuracy per worker and domain); per-class accuracies set it to 2 and fill one pair per class.
/// The item side enters as its *perceived* class: the true class, or for a misleading item the
/// class a worker who does not see through it answers as (the caller decides which).
public final class ResponseModel: @unchecked Sendable {
    /// Number of classes K.
    public let classes: Int
    /// Number of workers.
    public let workerCount: Int
    /// Whether some worker always answers one class (the label function then checks).
    public let hasConstantAnswers: Bool
    /// Whether wrong labels follow confusion rows rather than the uniform default.
    public let hasConfusionRows: Bool

    // Read-only after `init`; raw buffers so that the hot loops run without bounds checks or
    // reference counting. Owned here and freed in `deinit`.
    private let coefficients: UnsafeMutableBufferPointer<Double>
    private let workerStride: Int
    private let domainStride: Int
    private let classStride: Int
    private let constantAnswer: UnsafeMutableBufferPointer<Int32>
    private let confusion: UnsafeMutableBufferPointer<Double>
    private let confusionWorkerStride: Int
    private let wrongClasses: Double
    private let lastWrong: Double

    /// Builds the tables of `workforce` for a task of `classes` classes.
    public init(workforce: Workforce, classes: Int) {
        self.classes = classes
        workerCount = workforce.count
        let domainCount = workforce.domainCount
        let classSlots = 1
        classStride = classSlots > 1 ? 2 : 0
        domainStride = 2 * classSlots
        workerStride = domainStride * domainCount
        coefficients = .allocate(capacity: max(1, workerCount * workerStride))
        coefficients.initialize(repeating: 0)
        let chance = 1 / Double(classes)
        for worker in 0..<workerCount {
            for domain in 0..<domainCount {
                let a = workforce.easyAccuracy[worker * domainCount + domain]
                for slot in 0..<classSlots {
                    let row = worker * workerStride + domain * domainStride + slot * classStride
                    let (intercept, slope): (Double, Double)
                    switch workforce.kinds[worker] {
                    case .diligent, .sloppy: (intercept, slope) = (chance, a - chance)
                    case .spammer: (intercept, slope) = (chance, 0)
                    case .adversarial: (intercept, slope) = (1 - a, 0)
                    }
                    coefficients[row] = intercept
                    coefficients[row + 1] = slope
                }
            }
        }
        constantAnswer = .allocate(capacity: max(1, workerCount))
        constantAnswer.initialize(repeating: -1)
        for worker in 0..<workerCount { constantAnswer[worker] = workforce.constantAnswer[worker] }
        hasConstantAnswers = workforce.constantAnswer.contains { $0 >= 0 }
        confusion = .allocate(capacity: max(1, workforce.confusion.count))
        confusion.initialize(repeating: 1)
        for (index, value) in workforce.confusion.enumerated() { confusion[index] = value }
        hasConfusionRows = !workforce.confusion.isEmpty
        confusionWorkerStride = workforce.confusionPerWorker ? classes * (classes - 1) : 0
        wrongClasses = Double(classes - 1)
        lastWrong = Double(classes - 2)
    }

    deinit {
        coefficients.deallocate()
        constantAnswer.deallocate()
        confusion.deallocate()
    }

    /// Probability that `worker` labels correctly an item of `perceivedClass` in `domain` with
    /// easiness 1 − d.
    @inline(__always)
    public func probabilityCorrect(worker: Int, perceivedClass: Int, domain: Int, easiness: Double) -> Double {
        let row = worker &* workerStride &+ domain &* domainStride &+ perceivedClass &* classStride
        return coefficients[row] + coefficients[row &+ 1] * easiness
    }

    /// The label `worker` gives an item of `perceivedClass` in `domain` with easiness 1 − d, from
    /// one uniform draw `u` in [0, 1).
    @inline(__always)
    public func label(worker: Int, perceivedClass: Int32, domain: Int, easiness: Double, uniform u: Double) -> Int32 {
        if hasConstantAnswers {
            let constant = constantAnswer[worker]
            if constant >= 0 { return constant }
        }
        let truth = Int(perceivedClass)
        let p = probabilityCorrect(worker: worker, perceivedClass: truth, domain: domain, easiness: easiness)
        let v = (u - p) / (1 - p)
        if hasConfusionRows {
            if u < p { return perceivedClass }
            let width = classes &- 1
            let block = worker &* confusionWorkerStride &+ truth &* width
            var wrong = width &- 1
            for j in 0..<width where v < confusion[block &+ j] {
                wrong = j
                break
            }
            return Int32(truncatingIfNeeded: wrong >= truth ? wrong &+ 1 : wrong)
        }
        // Branch-free: the right label and a wrong one are both computed, then selected (whether
        // a label is right is a coin flip the branch predictor cannot learn).
        var wrong = Int32(truncatingIfNeeded: Int(max(0, min(v * wrongClasses, lastWrong))))
        wrong &+= wrong >= perceivedClass ? 1 : 0
        return u < p ? perceivedClass : wrong
    }
}
