import Foundation
import LabelSimGSL

/// One-coin Dawid–Skene: each worker is right with one probability `p` whatever the class and
/// otherwise picks uniformly among the other `K − 1` classes; fitted with class priors by EM.
///
/// The restriction of A. P. Dawid and A. M. Skene (1979) to one parameter per worker, as in
/// Y. Zhang, X. Chen, D. Zhou and M. I. Jordan, "Spectral methods meet EM", *NeurIPS* 2014, and
/// crowd-kit's `OneCoinDawidSkene`.
///
/// Initialisation from majority-vote shares; accuracy `(correct + s) / (labels + 2s)` with
/// `s = smoothing`, clamped to `[1e-6, 1 − 1e-6]`; stops by ``ExpectationMaximization``'s rule.
struct OneCoinDawidSkene: Aggregator {
    /// Log-likelihood gain per label below which EM stops (crowd-kit's rule and default).
    public var tolerance: Double
    /// Iteration cap.
    public var maxIterations: Int
    /// Pseudo-count added to each worker's right and wrong counts and to each class-prior count.
    var smoothing: Double

    /// Creates the aggregator.
    init(tolerance: Double = 1e-5, maxIterations: Int = 100, smoothing: Double = 0.01) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.smoothing = smoothing
    }

    /// Aggregates every item; `workerSkill` is each worker's estimated accuracy.
    public func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        guard AggregationSupport.isFittable(matrix) else { return AggregationSupport.trivialResult(matrix, using: rng) }
        let classes = matrix.classCount
        let workerCount = matrix.workerCount
        return matrix.withStorage { storage in
            let posteriors = Scratch(AggregationSupport.voteShares(matrix))
            let correct = Scratch(count: workerCount)
            let answered = Scratch(count: workerCount)
            let classMass = Scratch(count: classes)
            let accuracy = Scratch(count: workerCount)
            let logPrior = Scratch(count: classes)
            let iterations = ExpectationMaximization(tolerance: tolerance, maxIterations: maxIterations).run(
                labels: matrix.labelCount,
                start: {
                    Self.sweep(
                        storage, accuracy: nil, logPrior: logPrior, posteriors: posteriors, correct: correct, answered: answered,
                        classMass: classMass)
                },
                maximize: {
                    maximize(correct: correct, answered: answered, classMass: classMass, accuracy: accuracy, logPrior: logPrior)
                },
                expect: {
                    Self.sweep(
                        storage, accuracy: accuracy, logPrior: logPrior, posteriors: posteriors, correct: correct,
                        answered: answered, classMass: classMass)
                })
            let finalPosteriors = posteriors.array
            return AggregationResult(
                labels: AggregationSupport.hardLabels(finalPosteriors, matrix: matrix, using: rng),
                posteriors: finalPosteriors, workerSkill: accuracy.array, iterations: iterations)
        }
    }

    /// M-step from the expected counts.
    func maximize(correct: Scratch, answered: Scratch, classMass: Scratch, accuracy: Scratch, logPrior: Scratch) {
        let classes = classMass.buffer.count
        for worker in accuracy.buffer.indices {
            let p = (correct.buffer[worker] + smoothing) / (answered.buffer[worker] + 2 * smoothing)
            accuracy.buffer[worker] = min(max(p, 1e-6), 1 - 1e-6)
        }
        var total = Double(classes) * smoothing
        for k in 0..<classes { total += classMass.buffer[k] }
        for k in 0..<classes {
            logPrior.buffer[k] = log(max((classMass.buffer[k] + smoothing) / total, AggregationSupport.probabilityFloor))
        }
    }

    /// One fused pass. With `accuracy == nil` the posteriors are taken as given (the start);
    /// otherwise the E-step recomputes them. Either way their expected counts are accumulated.
    @discardableResult
    static func sweep(
        _ storage: LabelStorage, accuracy: Scratch?, logPrior: Scratch, posteriors: Scratch, correct: Scratch,
        answered: Scratch, classMass: Scratch
    ) -> Double {
        let classes = storage.classCount
        guard let post = posteriors.buffer.baseAddress else { return 0 }
        let right = correct.buffer
        let seen = answered.buffer
        let mass = classMass.buffer
        let prior = logPrior.buffer
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        let logOthers = log(Double(classes - 1))
        // Per-worker log tables, so the pass itself calls no logarithm.
        var logWrongTable: [Double]?
        var logGainTable: [Double]?
        if let accuracy {
            let wrong = accuracy.buffer.map { log1p(-$0) - logOthers }
            logWrongTable = wrong
            logGainTable = zip(accuracy.buffer, wrong).map { log($0) - $1 }
        }
        correct.fill(0)
        answered.fill(0)
        classMass.fill(0)
        var logLikelihood = 0.0
        for item in 0..<storage.itemCount {
            let start = starts[item]
            let end = starts[item + 1]
            let row = post + item * classes
            if let logWrongTable, let logGainTable {
                var wrongSum = 0.0
                for k in 0..<classes { row[k] = prior[k] }
                for slot in start..<end {
                    let worker = Int(workers[slot])
                    wrongSum += logWrongTable[worker]
                    row[Int(labels[slot])] += logGainTable[worker]
                }
                for k in 0..<classes { row[k] += wrongSum }
                let normalizer = AggregationSupport.normalizeLogScores(row, count: classes)
                if start < end { logLikelihood += normalizer }
            }
            if start == end { continue }
            for k in 0..<classes { mass[k] += row[k] }
            for slot in start..<end {
                let worker = Int(workers[slot])
                right[worker] += row[Int(labels[slot])]
                seen[worker] += 1
            }
        }
        return logLikelihood
    }
}
