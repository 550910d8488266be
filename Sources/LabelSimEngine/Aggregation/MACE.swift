import Foundation
import LabelSimGSL

/// MACE (Multi-Annotator Competence Estimation): on each label a worker is competent with
/// probability `θ` and then gives the true class, or else spams from their own label
/// distribution `ξ`, so P(label `l` | truth `k`) = `θ·[l = k] + (1 − θ)·ξ[l]`.
///
/// D. Hovy, T. Berg-Kirkpatrick, A. Vaswani and E. Hovy, "Learning whom to trust with MACE",
/// *NAACL-HLT* 2013. This is the paper's EM version with learned class priors (see
/// ``learnsClassPriors``),
/// `smoothing` pseudo-counts added to the expected competent/spam counts and to each `ξ` cell
/// (the paper's EM smoothing), a single deterministic start from majority-vote shares with
/// `θ = 0.5`, `ξ` uniform (instead of random restarts). Stops when the log-likelihood gains at
/// most `tolerance` per label, or after `maxIterations` passes.
struct MACE: Aggregator {
    /// Log-likelihood gain per label below which EM stops (crowd-kit's rule and default).
    var tolerance: Double
    /// Iteration cap.
    var maxIterations: Int
    /// Pseudo-count added to the expected counts.
    var smoothing: Double
    /// Whether class priors are learned (the default) instead of the paper's uniform prior over
    /// the true class: with a uniform prior, EM drifts on imbalanced data (D_Product: 0.838 vs
    /// 0.939 learned; see docs/aggregation-accuracy.md).
    var learnsClassPriors: Bool

    /// Creates the aggregator.
    init(tolerance: Double = 1e-5, maxIterations: Int = 100, smoothing: Double = 0.01, learnsClassPriors: Bool = true) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.smoothing = smoothing
        self.learnsClassPriors = learnsClassPriors
    }

    /// Aggregates every item; `workerSkill` is each worker's competence `θ`.
    func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        guard AggregationSupport.isFittable(matrix) else { return AggregationSupport.trivialResult(matrix, using: rng) }
        let classes = matrix.classCount
        let workerCount = matrix.workerCount
        return matrix.withStorage { storage in
            let state = State(
                posteriors: Scratch(AggregationSupport.voteShares(matrix)),
                competence: Scratch(count: workerCount, repeating: 0.5),
                logSpam: Scratch(count: workerCount * classes), logGain: Scratch(count: workerCount * classes),
                competentShare: Scratch(count: workerCount * classes), competentMass: Scratch(count: workerCount),
                answered: Scratch(count: workerCount), spamMass: Scratch(count: workerCount * classes),
                classMass: Scratch(count: classes), logPrior: Scratch(count: classes, repeating: -log(Double(classes))))
            let spam = Scratch(count: workerCount * classes, repeating: 1 / Double(classes))
            let iterations = ExpectationMaximization(tolerance: tolerance, maxIterations: maxIterations).run(
                labels: matrix.labelCount,
                start: {
                    Self.tabulate(state, spam: spam)
                    Self.sweep(storage, state: state, expectation: false)
                },
                maximize: { maximize(state, spam: spam) },
                expect: { Self.sweep(storage, state: state, expectation: true) })
            let finalPosteriors = state.posteriors.array
            return AggregationResult(
                labels: AggregationSupport.hardLabels(finalPosteriors, matrix: matrix, using: rng),
                posteriors: finalPosteriors, workerSkill: state.competence.array, iterations: iterations)
        }
    }

    /// The buffers of one fit; per-(worker, label) tables are worker-major.
    struct State {
        let posteriors: Scratch
        /// θ per worker.
        let competence: Scratch
        /// log((1 − θ) ξ[l]).
        let logSpam: Scratch
        /// log(θ + (1 − θ) ξ[l]) − log((1 − θ) ξ[l]).
        let logGain: Scratch
        /// θ / (θ + (1 − θ) ξ[l]): P(competent | label l is the truth).
        let competentShare: Scratch
        let competentMass: Scratch
        let answered: Scratch
        let spamMass: Scratch
        let classMass: Scratch
        let logPrior: Scratch
    }

    /// M-step, then the per-(worker, label) tables the next pass reads.
    func maximize(_ state: State, spam: Scratch) {
        let classes = spam.buffer.count / max(state.competence.buffer.count, 1)
        for worker in state.competence.buffer.indices {
            let theta =
                (state.competentMass.buffer[worker] + smoothing) / (state.answered.buffer[worker] + 2 * smoothing)
            state.competence.buffer[worker] = min(max(theta, 1e-6), 1 - 1e-6)
            var total = Double(classes) * smoothing
            for l in 0..<classes { total += state.spamMass.buffer[worker * classes + l] }
            for l in 0..<classes {
                spam.buffer[worker * classes + l] = (state.spamMass.buffer[worker * classes + l] + smoothing) / total
            }
        }
        if learnsClassPriors {
            var total = Double(classes) * smoothing
            for k in 0..<classes { total += state.classMass.buffer[k] }
            for k in 0..<classes {
                state.logPrior.buffer[k] = log(max((state.classMass.buffer[k] + smoothing) / total, AggregationSupport.probabilityFloor))
            }
        }
        Self.tabulate(state, spam: spam)
    }

    /// Fills the per-(worker, label) log tables from θ and ξ.
    static func tabulate(_ state: State, spam: Scratch) {
        let classes = spam.buffer.count / max(state.competence.buffer.count, 1)
        for worker in state.competence.buffer.indices {
            let theta = state.competence.buffer[worker]
            for l in 0..<classes {
                let cell = worker * classes + l
                let spamProbability = max((1 - theta) * spam.buffer[cell], AggregationSupport.probabilityFloor)
                state.logSpam.buffer[cell] = log(spamProbability)
                state.logGain.buffer[cell] = log(theta + spamProbability) - log(spamProbability)
                state.competentShare.buffer[cell] = theta / (theta + spamProbability)
            }
        }
    }

    /// One fused pass: E-step per item (unless `expectation` is false), then its expected
    /// competent and spam counts.
    @discardableResult
    static func sweep(_ storage: LabelStorage, state: State, expectation: Bool) -> Double {
        let classes = storage.classCount
        guard let post = state.posteriors.buffer.baseAddress else { return 0 }
        let logSpam = state.logSpam.buffer
        let logGain = state.logGain.buffer
        let share = state.competentShare.buffer
        let competent = state.competentMass.buffer
        let answered = state.answered.buffer
        let spamMass = state.spamMass.buffer
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        let prior = state.logPrior.buffer
        let mass = state.classMass.buffer
        state.classMass.fill(0)
        state.competentMass.fill(0)
        state.answered.fill(0)
        state.spamMass.fill(0)
        var logLikelihood = 0.0
        for item in 0..<storage.itemCount {
            let start = starts[item]
            let end = starts[item + 1]
            let row = post + item * classes
            if expectation {
                var base = 0.0
                for k in 0..<classes { row[k] = prior[k] }
                for slot in start..<end {
                    let cell = Int(workers[slot]) * classes + Int(labels[slot])
                    base += logSpam[cell]
                    row[Int(labels[slot])] += logGain[cell]
                }
                for k in 0..<classes { row[k] += base }
                let normalizer = AggregationSupport.normalizeLogScores(row, count: classes)
                if start < end { logLikelihood += normalizer }
            }
            if start < end { for k in 0..<classes { mass[k] += row[k] } }
            for slot in start..<end {
                let worker = Int(workers[slot])
                let cell = worker * classes + Int(labels[slot])
                let competentHere = row[Int(labels[slot])] * share[cell]
                competent[worker] += competentHere
                answered[worker] += 1
                spamMass[cell] += 1 - competentHere
            }
        }
        return logLikelihood
    }
}
