import LabelSimCore
import LabelSimGSL

/// The response model of one workforce (README, "The response model"), as read-only tables built once, and the one
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
/// class a worker who does not see through it answers as (``label(worker:item:in:uniform:seeThrough:)``
/// decides which).
///
/// ## Shared misconceptions, class-conditional workers, biased spammers (issue 10)
/// - An item of class y has a confusable class z; a *misleading* one is perceived as z by a
///   worker who does not see through it (probability `sees_through` of the worker's type and the
///   item's domain, one extra uniform drawn only on misleading items). The worker then answers
///   exactly as on an ordinary item of class z.
/// - An *ambiguous* item (level t in (0, 1)) is perceived as z label by label, with probability
///   t·(1 − sees_through) drawn from the same extra uniform: workers split on it rather than share
///   one error.
/// - Concentration ρ: a wrong label goes to the other member of the pair {y, z} (z when the worker
///   perceives y, y when they perceive z) with probability ρ, else by the confusion row (uniform
///   by default), so that member gets ρ + (1 − ρ)/(K − 1) of the errors. The same uniform decides:
///   given a wrong label, v = (u − p)/(1 − p) < ρ picks the pair member and (v − ρ)/(1 − ρ) the rest.
///   Spammers do not look, so ρ does not apply to them.
/// - A class-conditional worker has one (intercept, slope) pair per perceived class (classStride 2).
/// - A biased spammer answers class k with its weight: the first k whose cumulative weight exceeds u.
/// π = 0, ρ = 0, one accuracy per worker and no weights give exactly the basic model.
public final class ResponseModel: @unchecked Sendable {
    /// Number of classes K.
    public var classes: Int { tables.classes }
    /// Number of workers.
    public let workerCount: Int
    /// Whether some worker always answers one class (the label function then checks).
    var hasConstantAnswers: Bool { tables.hasConstantAnswers }
    /// Whether wrong labels follow confusion rows rather than the uniform default.
    var hasConfusionRows: Bool { tables.hasConfusionRows }

    /// The tables the label functions read (raw memory owned by this object).
    let tables: Tables

    /// What the label functions read: the response model's tables as raw pointers and the
    /// flags and strides that pick the code path, in one value a hot loop copies into locals
    /// once (read through the class, each would be loaded again after every store the loop
    /// makes through another pointer). Valid while its ``ResponseModel`` lives.
    struct Tables {
        let classes: Int
        let hasConstantAnswers: Bool
        let hasConfusionRows: Bool
        let coefficients: UnsafeMutableBufferPointer<Double>
        let workerStride: Int
        let domainStride: Int
        let classStride: Int
        let constantAnswer: UnsafeMutableBufferPointer<Int32>
        let confusion: UnsafeMutableBufferPointer<Double>
        let confusionWorkerStride: Int
        let wrongClasses: Double
        let lastWrong: Double
        /// Whether some worker answers by weights (biased spammer).
        let hasAnswerWeights: Bool
        /// Per worker × K cumulative answer weights; a first entry of −1 marks a worker without weights.
        let answerCumulative: UnsafeMutableBufferPointer<Double>
        /// ρ per worker (0 for spammers, who do not look).
        let concentration: UnsafeMutableBufferPointer<Double>
        /// Whether any worker has ρ > 0.
        let hasConcentration: Bool
        /// Per worker × domain probability of seeing through a misleading item (if `hasSeesThrough`, else all 0).
        let hasSeesThrough: Bool
        let seesThrough: UnsafeMutablePointer<Double>
        let domainCount: Int
    }

    /// Builds the tables of `workforce` for a task of `classes` classes whose wrong labels
    /// concentrate on the confusable pair with `concentration` ρ.
    public init(workforce: Workforce, classes: Int, concentration rho: Double = 0) {
        let workerCount = workforce.count
        self.workerCount = workerCount
        let domainCount = workforce.domainCount
        let classSlots = workforce.classAccuracy.isEmpty ? 1 : classes
        let classStride = classSlots > 1 ? 2 : 0
        let domainStride = 2 * classSlots
        let workerStride = domainStride * domainCount
        let coefficients = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, workerCount * workerStride))
        coefficients.initialize(repeating: 0)
        let chance = 1 / Double(classes)
        for worker in 0..<workerCount {
            for domain in 0..<domainCount {
                for slot in 0..<classSlots {
                    let a =
                        classSlots > 1
                        ? workforce.classAccuracy[(worker * domainCount + domain) * classes + slot]
                        : workforce.easyAccuracy[worker * domainCount + domain]
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
        let constantAnswer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, workerCount))
        constantAnswer.initialize(repeating: -1)
        for worker in 0..<workerCount { constantAnswer[worker] = workforce.constantAnswer[worker] }
        let hasConstantAnswers = workforce.constantAnswer.contains { $0 >= 0 }
        let confusion = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, workforce.confusion.count))
        confusion.initialize(repeating: 1)
        for (index, value) in workforce.confusion.enumerated() { confusion[index] = value }
        let hasConfusionRows = !workforce.confusion.isEmpty
        let hasAnswerWeights = !workforce.answerCumulative.isEmpty
        let answerCumulative = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, workforce.answerCumulative.count))
        answerCumulative.initialize(repeating: -1)
        for worker in 0..<workerCount where hasAnswerWeights && workforce.kinds[worker] == .spammer && workforce.constantAnswer[worker] < 0
        {
            for k in 0..<classes { answerCumulative[worker * classes + k] = workforce.answerCumulative[worker * classes + k] }
        }
        let clamped = min(1, max(0, rho))
        let concentration = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, workerCount))
        for worker in 0..<workerCount { concentration[worker] = workforce.kinds[worker] == .spammer || classes < 3 ? 0 : clamped }
        let seesThrough = UnsafeMutablePointer<Double>.allocate(capacity: max(1, workforce.seesThrough.count))
        for (index, value) in workforce.seesThrough.enumerated() { (seesThrough + index).initialize(to: value) }
        tables = Tables(
            classes: classes, hasConstantAnswers: hasConstantAnswers, hasConfusionRows: hasConfusionRows, coefficients: coefficients,
            workerStride: workerStride, domainStride: domainStride, classStride: classStride, constantAnswer: constantAnswer,
            confusion: confusion, confusionWorkerStride: workforce.confusionPerWorker ? classes * (classes - 1) : 0,
            wrongClasses: Double(classes - 1), lastWrong: Double(classes - 2), hasAnswerWeights: hasAnswerWeights,
            answerCumulative: answerCumulative, concentration: concentration, hasConcentration: clamped > 0 && classes >= 3,
            hasSeesThrough: !workforce.seesThrough.isEmpty, seesThrough: seesThrough, domainCount: domainCount)
    }

    deinit {
        tables.coefficients.deallocate()
        tables.constantAnswer.deallocate()
        tables.confusion.deallocate()
        tables.answerCumulative.deallocate()
        tables.concentration.deallocate()
        tables.seesThrough.deallocate()
    }

    /// Probability that `worker` perceives the true class of a misleading item in `domain`.
    @inline(__always)
    func seeThroughProbability(worker: Int, domain: Int) -> Double {
        tables.seeThroughProbability(worker: worker, domain: domain)
    }

    /// What the response model reads of one item: read from the pool once, then shared by all of
    /// the item's labels (``label(worker:item:uniform:seeThrough:)``).
    public struct Item: Sendable {
        /// True class.
        public var truth: Int32
        /// Domain index.
        public var domain: Int
        /// 1 − difficulty.
        public var easiness: Double
        /// Confusable class z, −1 when the pool has none (then every worker perceives the truth).
        var confusable: Int32
        /// Whether the item is misleading.
        public var misleading: Bool
        /// Ambiguity level t, 0 for an ordinary or misleading item.
        var ambiguity: Double
    }

    /// The entries of item `index` of `pool` that its labels read.
    @inline(__always)
    public func item(_ index: Int, in pool: ItemPool) -> Item {
        let hasConfusable = !pool.confusable.isEmpty
        return Item(
            truth: pool.classes[index], domain: Int(pool.domains[index]), easiness: 1 - pool.difficulty[index],
            confusable: hasConfusable ? pool.confusable[index] : -1, misleading: hasConfusable && pool.misleading[index],
            ambiguity: pool.ambiguity.isEmpty ? 0 : pool.ambiguity[index])
    }

    /// The label `worker` gives item `item` of `pool` from the uniform `u`: the worker perceives the
    /// item's class, or on a misleading item its confusable class unless they see through it
    /// (`seeThrough` is drawn only on misleading items whose probability is strictly between 0 and 1).
    @inline(__always)
    public func label(worker: Int, item: Int, in pool: ItemPool, uniform u: Double, seeThrough draw: @autoclosure () -> Double) -> Int32 {
        label(worker: worker, item: self.item(item, in: pool), uniform: u, seeThrough: draw())
    }

    /// The label `worker` gives `item` from the uniform `u` (the one per-item entry every path
    /// calls; see ``Tables/label(worker:item:uniform:seeThrough:)``).
    @inline(__always)
    public func label(worker: Int, item: Item, uniform u: Double, seeThrough draw: @autoclosure () -> Double) -> Int32 {
        tables.label(worker: worker, item: item, uniform: u, seeThrough: draw())
    }

    /// Probability that `worker` labels correctly an item of `perceivedClass` in `domain` with
    /// easiness 1 − d.
    @inline(__always)
    public func probabilityCorrect(worker: Int, perceivedClass: Int, domain: Int, easiness: Double) -> Double {
        tables.probabilityCorrect(worker: worker, perceivedClass: perceivedClass, domain: domain, easiness: easiness)
    }

    /// The label `worker` gives an item of `perceivedClass` in `domain` with easiness 1 − d, from
    /// one uniform draw `u` in [0, 1) (see ``Tables/label(worker:perceivedClass:pairClass:domain:easiness:uniform:)``).
    @inline(__always)
    public func label(
        worker: Int, perceivedClass: Int32, pairClass: Int32 = -1, domain: Int, easiness: Double, uniform u: Double
    ) -> Int32 {
        tables.label(worker: worker, perceivedClass: perceivedClass, pairClass: pairClass, domain: domain, easiness: easiness, uniform: u)
    }
}

extension ResponseModel.Tables {
    /// Probability that `worker` perceives the true class of a misleading item in `domain`.
    @inline(__always)
    func seeThroughProbability(worker: Int, domain: Int) -> Double {
        hasSeesThrough ? seesThrough[worker &* domainCount &+ domain] : 0
    }

    /// The label `worker` gives `item`, its uniform the next draw of `draws` (and on a misleading
    /// or ambiguous item the see-through draw after it): the draws and label of
    /// ``label(worker:item:uniform:seeThrough:)`` with `draws.uniform()` for both, without a closure
    /// (which the optimiser may leave uninlined in a large loop).
    @inline(__always)
    func label(worker: Int, item: ResponseModel.Item, draws: BufferedUniforms.Reader) -> Int32 {
        let u = draws.uniform()
        let seen = perception(worker: worker, item: item)
        let fooled = seen.needsDraw ? seen.fools(draws.uniform()) : seen.fooled
        return label(worker: worker, item: item, fooled: fooled, uniform: u)
    }

    /// The label `worker` gives `item` from the uniform `u` (the one per-item entry every path
    /// calls): the worker perceives the item's class, or on a misleading item its confusable class
    /// unless they see through it (`seeThrough` is drawn only on misleading items whose
    /// probability is strictly between 0 and 1, and on ambiguous items).
    @inline(__always)
    func label(worker: Int, item: ResponseModel.Item, uniform u: Double, seeThrough draw: @autoclosure () -> Double) -> Int32 {
        let seen = perception(worker: worker, item: item)
        let fooled = seen.needsDraw ? seen.fools(draw()) : seen.fooled
        return label(worker: worker, item: item, fooled: fooled, uniform: u)
    }

    /// Whether `worker` is fooled by `item` (perceives its confusable class), as far as it is
    /// known before the see-through draw: decided (`fooled`), or decided by that draw (``fools(_:)``).
    struct Perception {
        /// Whether the see-through draw decides.
        var needsDraw: Bool
        /// The answer when no draw is needed.
        var fooled: Bool
        /// The draws that fool the worker: `low ≤ d < high`.
        var low: Double
        var high: Double

        @inline(__always)
        func fools(_ draw: Double) -> Bool { draw >= low && draw < high }
    }

    /// A misleading item fools a worker who does not see through it (probability `sees_through`,
    /// a draw d ≥ it: drawn only strictly between 0 and 1); an ambiguous one (level t) fools with
    /// probability t·(1 − sees_through) (a draw d below it); other items never.
    @inline(__always)
    func perception(worker: Int, item: ResponseModel.Item) -> Perception {
        guard item.confusable >= 0 else { return Perception(needsDraw: false, fooled: false, low: 0, high: 0) }
        if item.misleading {
            let see = seeThroughProbability(worker: worker, domain: item.domain)
            return Perception(needsDraw: see > 0 && see < 1, fooled: see <= 0, low: see, high: .infinity)
        }
        if item.ambiguity > 0 {
            let share = item.ambiguity * (1 - seeThroughProbability(worker: worker, domain: item.domain))
            return Perception(needsDraw: true, fooled: false, low: -.infinity, high: share)
        }
        return Perception(needsDraw: false, fooled: false, low: 0, high: 0)
    }

    /// The label `worker` gives `item` from `u` once it is known whether they are fooled: they
    /// answer as on an item of the perceived class, the other member of the confusable pair taking
    /// the share ρ of wrong labels (no pair without a confusable class).
    @inline(__always)
    func label(worker: Int, item: ResponseModel.Item, fooled: Bool, uniform u: Double) -> Int32 {
        let z = item.confusable
        let perceived = fooled ? z : item.truth
        let pair = fooled ? item.truth : z
        return label(worker: worker, perceivedClass: perceived, pairClass: pair, domain: item.domain, easiness: item.easiness, uniform: u)
    }

    /// Probability that `worker` labels correctly an item of `perceivedClass` in `domain` with
    /// easiness 1 − d.
    @inline(__always)
    func probabilityCorrect(worker: Int, perceivedClass: Int, domain: Int, easiness: Double) -> Double {
        let row = worker &* workerStride &+ domain &* domainStride &+ perceivedClass &* classStride
        return coefficients[row] + coefficients[row &+ 1] * easiness
    }

    /// The label `worker` gives an item of `perceivedClass` in `domain` with easiness 1 − d, from
    /// one uniform draw `u` in [0, 1).
    /// `pairClass` is the other member of the item's confusable pair (−1: none), which takes a
    /// share ρ of the wrong labels.
    @inline(__always)
    func label(
        worker: Int, perceivedClass: Int32, pairClass: Int32 = -1, domain: Int, easiness: Double, uniform u: Double
    ) -> Int32 {
        if hasConstantAnswers {
            let constant = constantAnswer[worker]
            if constant >= 0 { return constant }
        }
        if hasAnswerWeights, answerCumulative[worker &* classes] >= 0 {
            let row = worker &* classes
            for k in 0..<(classes &- 1) where u < answerCumulative[row &+ k] { return Int32(truncatingIfNeeded: k) }
            return Int32(truncatingIfNeeded: classes &- 1)
        }
        let truth = Int(perceivedClass)
        let p = probabilityCorrect(worker: worker, perceivedClass: truth, domain: domain, easiness: easiness)
        var v = (u - p) / (1 - p)
        if hasConcentration, pairClass >= 0, u >= p {
            let rho = concentration[worker]
            if v < rho { return pairClass }
            if rho > 0 { v = (v - rho) / (1 - rho) }
        }
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
        // a label is right is a coin flip the branch predictor cannot learn). The selection is
        // integer arithmetic on the sign bit of u − p (set exactly when u < p; u = p gives +0),
        // because the compiler turns a `u < p ? … : …` into a branch that waits on the table load.
        var wrong = Int32(truncatingIfNeeded: Int(max(0, min(v * wrongClasses, lastWrong))))
        wrong &+= wrong >= perceivedClass ? 1 : 0
        let right = Int32(truncatingIfNeeded: Int64(bitPattern: (u - p).bitPattern) >> 63)  // −1 when u < p, else 0
        return wrong ^ ((wrong ^ perceivedClass) & right)
    }
}
