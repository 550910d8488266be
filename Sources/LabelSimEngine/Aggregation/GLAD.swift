import Foundation
import LabelSimGSL

/// GLAD: a worker of ability `α` labels an item of inverse difficulty `β > 0` correctly with
/// probability `σ(α β)` and otherwise picks uniformly among the other `K − 1` classes.
///
/// J. Whitehill, P. Ruvolo, T. Wu, J. Bergsma and J. Movellan, "Whose vote should count more:
/// optimal integration of labels from labelers of unknown expertise", *NeurIPS* 2009.
///
/// Fitted by generalised EM on the MAP objective with Gaussian priors `α ~ N(abilityPriorMean, 1)`
/// and `log β ~ N(logInverseDifficultyPriorMean, 1)` (both means 1, as in crowd-kit), and class
/// priors fixed at uniform unless `learnsClassPriors`. The M-step is
/// hand-written second-order gradient ascent (Fisher scoring, steps clamped to ±1 in `log β` and
/// ±2 in `α`): inside each pass over the labels an item's E-step is followed at once by
/// `itemSteps` scoring steps on its `log β`, and the abilities take one scoring step per pass.
/// Starts from majority-vote shares; stops when the log-likelihood gains at most
/// `tolerance` per label, or after `maxIterations` passes.
struct GLAD: Aggregator {
    /// Log-likelihood gain per label below which EM stops (crowd-kit's rule and default).
    var tolerance: Double
    /// Iteration cap.
    var maxIterations: Int
    /// Fisher-scoring steps on each item's `log β` per pass.
    var itemSteps: Int
    /// Prior mean of worker abilities `α` (variance 1).
    var abilityPriorMean: Double
    /// Prior mean of `log β` (variance 1).
    var logInverseDifficultyPriorMean: Double
    /// Whether class priors are re-estimated each M-step; by default they stay uniform, as in the
    /// paper (which takes P(Z) as given) and crowd-kit. Learning them drops accuracy on the
    /// imbalanced D_Product data (0.928 → 0.896, see docs/aggregation-accuracy.md).
    var learnsClassPriors: Bool

    /// Creates the aggregator.
    init(
        tolerance: Double = 1e-5, maxIterations: Int = 100, itemSteps: Int = 2, abilityPriorMean: Double = 1,
        logInverseDifficultyPriorMean: Double = 1, learnsClassPriors: Bool = false
    ) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.itemSteps = itemSteps
        self.abilityPriorMean = abilityPriorMean
        self.logInverseDifficultyPriorMean = logInverseDifficultyPriorMean
        self.learnsClassPriors = learnsClassPriors
    }

    /// A fitted model.
    struct Fit: Sendable {
        /// Labels, posteriors, worker skill `σ(α · β̄)` at the geometric-mean `β̄`, iterations.
        var result: AggregationResult
        /// Worker abilities `α` (negative: adversarial).
        var abilities: [Double]
        /// Item inverse difficulties `β` (small: hard).
        var inverseDifficulties: [Double]
    }

    /// Aggregates every item of `matrix`.
    func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        fit(matrix, using: rng).result
    }

    /// Fits the model.
    func fit(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> Fit {
        guard AggregationSupport.isFittable(matrix) else {
            return Fit(
                result: AggregationSupport.trivialResult(matrix, using: rng),
                abilities: [Double](repeating: abilityPriorMean, count: matrix.workerCount),
                inverseDifficulties: [Double](repeating: exp(logInverseDifficultyPriorMean), count: matrix.itemCount))
        }
        let classes = matrix.classCount
        return matrix.withStorage { storage in
            let posteriors = Scratch(AggregationSupport.voteShares(matrix))
            let ability = Scratch(count: matrix.workerCount, repeating: abilityPriorMean)
            let logBeta = Scratch(count: matrix.itemCount, repeating: logInverseDifficultyPriorMean)
            let gradient = Scratch(count: matrix.workerCount)
            let curvature = Scratch(count: matrix.workerCount)
            let classMass = Scratch(count: classes)
            let logPrior = Scratch(count: classes, repeating: -log(Double(classes)))
            let state = State(
                ability: ability, logBeta: logBeta, gradient: gradient, curvature: curvature, classMass: classMass,
                logPrior: logPrior, posteriors: posteriors)
            let iterations = ExpectationMaximization(tolerance: tolerance, maxIterations: maxIterations).run(
                labels: matrix.labelCount,
                start: { sweep(storage, state: state, expectation: false) },
                maximize: { maximize(state) },
                expect: { sweep(storage, state: state, expectation: true) })
            var meanLogBeta = 0.0
            for item in 0..<matrix.itemCount { meanLogBeta += logBeta.buffer[item] }
            let typicalBeta = exp(meanLogBeta / Double(max(matrix.itemCount, 1)))
            let skill = ability.array.map { Logistic.sigmoid($0 * typicalBeta) }
            let finalPosteriors = posteriors.array
            return Fit(
                result: AggregationResult(
                    labels: AggregationSupport.hardLabels(finalPosteriors, matrix: matrix, using: rng),
                    posteriors: finalPosteriors, workerSkill: skill, iterations: iterations),
                abilities: ability.array, inverseDifficulties: logBeta.array.map { exp($0) })
        }
    }

    /// The buffers of one fit.
    struct State {
        let ability: Scratch
        let logBeta: Scratch
        let gradient: Scratch
        let curvature: Scratch
        let classMass: Scratch
        let logPrior: Scratch
        let posteriors: Scratch
    }

    /// Ability scoring step from the accumulated gradient and curvature, and class priors.
    func maximize(_ state: State) {
        let ability = state.ability.buffer
        for worker in ability.indices {
            let gradient = state.gradient.buffer[worker] - (ability[worker] - abilityPriorMean)
            let curvature = state.curvature.buffer[worker] + 1
            ability[worker] += min(max(gradient / curvature, -2), 2)
        }
        let classes = state.classMass.buffer.count
        if !learnsClassPriors { return }
        var total = Double(classes) * 0.01
        for k in 0..<classes { total += state.classMass.buffer[k] }
        for k in 0..<classes {
            state.logPrior.buffer[k] = log(
                max((state.classMass.buffer[k] + 0.01) / total, AggregationSupport.probabilityFloor))
        }
    }

    /// One fused pass: per item the E-step (unless `expectation` is false: the posteriors are then
    /// taken as given), scoring steps on its `log β`, and its share of the ability gradient.
    @discardableResult
    func sweep(_ storage: LabelStorage, state: State, expectation: Bool) -> Double {
        let classes = storage.classCount
        guard let post = state.posteriors.buffer.baseAddress else { return 0 }
        let ability = state.ability.buffer
        let logBeta = state.logBeta.buffer
        let gradient = state.gradient.buffer
        let curvature = state.curvature.buffer
        let mass = state.classMass.buffer
        let prior = state.logPrior.buffer
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        let logOthers = log(Double(classes - 1))
        let priorMean = logInverseDifficultyPriorMean
        state.gradient.fill(0)
        state.curvature.fill(0)
        state.classMass.fill(0)
        var logLikelihood = 0.0
        for item in 0..<storage.itemCount {
            let start = starts[item]
            let end = starts[item + 1]
            let row = post + item * classes
            if start == end {
                if expectation {
                    for k in 0..<classes { row[k] = prior[k] }
                    _ = AggregationSupport.normalizeLogScores(row, count: classes)
                }
                continue
            }
            var b = logBeta[item]
            if expectation {
                let beta = exp(b)
                var wrongSum = 0.0
                for k in 0..<classes { row[k] = prior[k] }
                for slot in start..<end {
                    let x = ability[Int(workers[slot])] * beta
                    let logRight = Logistic.logSigmoid(x)
                    let logWrong = logRight - x - logOthers
                    wrongSum += logWrong
                    row[Int(labels[slot])] += logRight - logWrong
                }
                for k in 0..<classes { row[k] += wrongSum }
                logLikelihood += AggregationSupport.normalizeLogScores(row, count: classes)
            }
            for k in 0..<classes { mass[k] += row[k] }
            for _ in 0..<itemSteps {
                let beta = exp(b)
                var g = -(b - priorMean)
                var h = 1.0
                for slot in start..<end {
                    let scaled = ability[Int(workers[slot])] * beta
                    let s = Logistic.sigmoid(scaled)
                    g += (row[Int(labels[slot])] - s) * scaled
                    h += s * (1 - s) * scaled * scaled
                }
                b = min(max(b + min(max(g / h, -1), 1), -12), 12)
            }
            logBeta[item] = b
            let beta = exp(b)
            for slot in start..<end {
                let worker = Int(workers[slot])
                let s = Logistic.sigmoid(ability[worker] * beta)
                gradient[worker] += (row[Int(labels[slot])] - s) * beta
                curvature[worker] += s * (1 - s) * beta * beta
            }
        }
        return logLikelihood
    }
}
