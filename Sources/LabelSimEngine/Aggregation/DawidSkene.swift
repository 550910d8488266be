import Foundation
import LabelSimGSL

/// Dawid–Skene: each worker has a full confusion matrix (true class → given label), fitted with
/// class priors by expectation–maximisation.
///
/// A. P. Dawid and A. M. Skene, "Maximum likelihood estimation of observer error-rates using the
/// EM algorithm", *Journal of the Royal Statistical Society C* 28(1), 1979.
///
/// - Initialisation: the M-step is first run on majority-vote shares (deterministic).
/// - Each iteration is one pass over the labels that does the E-step for an item and immediately
///   adds its posterior to the next M-step's counts.
/// - Smoothing: `smoothing` pseudo-counts are added to every confusion cell and class prior, so a
///   worker with one label, or a class nobody chose, gets finite probabilities (no NaN).
/// - Convergence: stops when the log-likelihood improves by at most `tolerance` per label,
///   or after `maxIterations` passes.
public struct DawidSkene: Sendable {
    /// Log-likelihood gain per label below which EM stops (crowd-kit's rule and default).
    public var tolerance: Double
    /// Iteration cap.
    public var maxIterations: Int
    /// Pseudo-count added to every confusion-matrix cell and class-prior count.
    public var smoothing: Double

    /// Creates the aggregator.
    public init(tolerance: Double = 1e-5, maxIterations: Int = 100, smoothing: Double = 0.01) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.smoothing = smoothing
    }

    /// A fitted model: the aggregation result and the estimated parameters.
    public struct Fit: Sendable {
        /// Labels, posteriors, per-worker accuracy (mean diagonal weighted by class priors), iterations.
        public var result: AggregationResult
        /// Confusion matrices, `workerCount × K × K`: entry `[w][k][l]` at `(w * K + k) * K + l`
        /// is P(worker `w` says `l` | true class `k`).
        public var confusion: [Double]
        /// Estimated class priors.
        public var classPriors: [Double]
        /// Number of classes K.
        public var classCount: Int

        /// Worker `worker`'s confusion matrix as rows (true class) of columns (given label).
        public func confusionMatrix(worker: Int) -> [[Double]] {
            (0..<classCount).map { k in
                let start = (worker * classCount + k) * classCount
                return Array(confusion[start..<start + classCount])
            }
        }
    }

    /// Aggregates every item of `matrix`; `rng` only breaks exact ties between classes.
    public func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        fit(matrix, using: rng).result
    }

    /// Fits the model and returns the result with the confusion matrices.
    public func fit(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> Fit {
        let classes = matrix.classCount
        let cells = matrix.workerCount * classes * classes
        guard AggregationSupport.isFittable(matrix) else {
            let uniform = classes > 0 ? 1 / Double(classes) : 0
            return Fit(
                result: AggregationSupport.trivialResult(matrix, using: rng),
                confusion: [Double](repeating: uniform, count: cells),
                classPriors: [Double](repeating: uniform, count: classes), classCount: classes)
        }
        return matrix.withStorage { storage in
            let posteriors = Scratch(AggregationSupport.voteShares(matrix))
            // counts[(w * K + l) * K + k]: expected number of times w said l when the truth was k
            // (label-major so one label's K cells are contiguous in both passes).
            let counts = Scratch(count: cells)
            let classMass = Scratch(count: classes)
            let logConfusion = Scratch(count: cells)
            let logPrior = Scratch(count: classes)
            Self.accumulate(storage, posteriors: posteriors, counts: counts, classMass: classMass)
            let plan = ChunkPlan(
                itemCount: matrix.itemCount, labelCount: matrix.labelCount, classes: classes, cells: cells)

            var previous = -Double.infinity
            var iterations = 0
            while iterations < maxIterations {
                Self.maximize(
                    counts: counts, classMass: classMass, classes: classes, smoothing: smoothing,
                    logConfusion: logConfusion, logPrior: logPrior)
                let logLikelihood = Self.sweep(
                    storage, logConfusion: logConfusion, logPrior: logPrior, posteriors: posteriors, counts: counts,
                    classMass: classMass, plan: plan)
                iterations += 1
                if AggregationSupport.hasConverged(
                    previous: previous, current: logLikelihood, labels: matrix.labelCount, tolerance: tolerance)
                {
                    break
                }
                previous = logLikelihood
            }
            Self.maximize(
                counts: counts, classMass: classMass, classes: classes, smoothing: smoothing,
                logConfusion: logConfusion, logPrior: logPrior)

            let priors = logPrior.array.map { exp($0) }
            var confusion = [Double](repeating: 0, count: cells)
            var skill = [Double](repeating: 0, count: matrix.workerCount)
            for worker in 0..<matrix.workerCount {
                for k in 0..<classes {
                    for l in 0..<classes {
                        let p = exp(logConfusion.buffer[(worker * classes + l) * classes + k])
                        confusion[(worker * classes + k) * classes + l] = p
                        if k == l { skill[worker] += priors[k] * p }
                    }
                }
            }
            let finalPosteriors = posteriors.array
            let labels = AggregationSupport.hardLabels(finalPosteriors, matrix: matrix, using: rng)
            return Fit(
                result: AggregationResult(
                    labels: labels, posteriors: finalPosteriors, workerSkill: skill, iterations: iterations),
                confusion: confusion, classPriors: priors, classCount: classes)
        }
    }

    // MARK: - Passes

    /// Adds given posteriors to the M-step counts (used once, for the majority-vote start).
    static func accumulate(_ storage: LabelStorage, posteriors: Scratch, counts: Scratch, classMass: Scratch) {
        let classes = storage.classCount
        let post = posteriors.buffer
        let count = counts.buffer
        let mass = classMass.buffer
        for item in 0..<storage.itemCount {
            let start = storage.starts[item]
            let end = storage.starts[item + 1]
            if start == end { continue }
            let row = item * classes
            for k in 0..<classes { mass[k] += post[row + k] }
            for slot in start..<end {
                let base = (Int(storage.workers[slot]) * classes + Int(storage.labels[slot])) * classes
                for k in 0..<classes { count[base + k] += post[row + k] }
            }
        }
    }

    /// M-step: smoothed, normalised logs of the counts. Each confusion row (fixed true class)
    /// is normalised over the given labels.
    static func maximize(
        counts: Scratch, classMass: Scratch, classes: Int, smoothing: Double, logConfusion: Scratch, logPrior: Scratch
    ) {
        let count = counts.buffer
        let mass = classMass.buffer
        let logConf = logConfusion.buffer
        let workers = count.count / (classes * classes)
        var totalMass = Double(classes) * smoothing
        for k in 0..<classes { totalMass += mass[k] }
        for k in 0..<classes {
            logPrior.buffer[k] = log(max((mass[k] + smoothing) / totalMass, AggregationSupport.probabilityFloor))
        }
        for worker in 0..<workers {
            let block = worker * classes * classes
            for k in 0..<classes {
                var rowTotal = Double(classes) * smoothing
                for l in 0..<classes { rowTotal += count[block + l * classes + k] }
                for l in 0..<classes {
                    let p = (count[block + l * classes + k] + smoothing) / rowTotal
                    logConf[block + l * classes + k] = log(max(p, AggregationSupport.probabilityFloor))
                }
            }
        }
    }

    /// One fused pass: E-step per item, whose posterior is added straight into fresh M-step counts.
    /// Returns the log-likelihood of the labels under the parameters used.
    ///
    /// Items are cut into the chunks of `plan` (fixed by the data size, not the thread count);
    /// chunks run concurrently into their own partial counts, which are then summed in chunk
    /// order, so the result is the same on any number of threads. Small class counts get their
    /// own copy of the loop with K a constant, so the compiler unrolls the loops over classes.
    static func sweep(
        _ storage: LabelStorage, logConfusion: Scratch, logPrior: Scratch, posteriors: Scratch, counts: Scratch,
        classMass: Scratch, plan: ChunkPlan
    ) -> Double {
        switch storage.classCount {
        case 2: sweep(storage, logConfusion, logPrior, posteriors, counts, classMass, plan, width: ClassWidth2.self)
        case 3: sweep(storage, logConfusion, logPrior, posteriors, counts, classMass, plan, width: ClassWidth3.self)
        case 4: sweep(storage, logConfusion, logPrior, posteriors, counts, classMass, plan, width: ClassWidth4.self)
        case 5: sweep(storage, logConfusion, logPrior, posteriors, counts, classMass, plan, width: ClassWidth5.self)
        default: sweep(storage, logConfusion, logPrior, posteriors, counts, classMass, plan, width: ClassWidthAny.self)
        }
    }

    @inline(__always)
    private static func sweep<Width: ClassWidth>(
        _ storage: LabelStorage, _ logConfusion: Scratch, _ logPrior: Scratch, _ posteriors: Scratch, _ counts: Scratch,
        _ classMass: Scratch, _ plan: ChunkPlan, width: Width.Type
    ) -> Double {
        let classes = storage.classCount
        let cells = counts.buffer.count
        guard let post = posteriors.buffer.baseAddress, let conf = logConfusion.buffer.baseAddress,
            let prior = logPrior.buffer.baseAddress, let partialCounts = plan.counts.buffer.baseAddress,
            let partialMass = plan.mass.buffer.baseAddress, let partialLikelihood = plan.likelihood.buffer.baseAddress
        else { return 0 }
        // Chunks write disjoint partial buffers and read shared parameters only.
        nonisolated(unsafe) let shared = (post, conf, prior, partialCounts, partialMass, partialLikelihood)
        nonisolated(unsafe) let storage = storage
        nonisolated(unsafe) let plan = plan
        let run: @Sendable (Int) -> Void = { chunk in
            let (post, conf, prior, partialCounts, partialMass, partialLikelihood) = shared
            let count = partialCounts + chunk * cells
            let mass = partialMass + chunk * classes
            count.update(repeating: 0, count: cells)
            mass.update(repeating: 0, count: classes)
            partialLikelihood[chunk] = sweepItems(
                storage, plan.items(chunk), post: post, conf: conf, prior: prior, count: count, mass: mass,
                width: Width.self)
        }
        if plan.chunkCount == 1 {
            run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: plan.chunkCount, execute: run)
        }
        // Deterministic reduction: chunk order, whatever order the chunks finished in.
        counts.buffer.update(repeating: 0)
        classMass.buffer.update(repeating: 0)
        var logLikelihood = 0.0
        for chunk in 0..<plan.chunkCount {
            let count = partialCounts + chunk * cells
            for cell in 0..<cells { counts.buffer[cell] += count[cell] }
            for k in 0..<classes { classMass.buffer[k] += partialMass[chunk * classes + k] }
            logLikelihood += partialLikelihood[chunk]
        }
        return logLikelihood
    }

    @inline(__always)
    private static func sweepItems<Width: ClassWidth>(
        _ storage: LabelStorage, _ items: Range<Int>, post: UnsafeMutablePointer<Double>, conf: UnsafeMutablePointer<Double>,
        prior: UnsafeMutablePointer<Double>, count: UnsafeMutablePointer<Double>, mass: UnsafeMutablePointer<Double>,
        width: Width.Type
    ) -> Double {
        let classes = Width.count > 0 ? Width.count : storage.classCount
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        var logLikelihood = 0.0
        var totals = 1.0
        for item in items {
            let start = starts[item]
            let end = starts[item + 1]
            let row = post + item * classes
            for k in 0..<classes { row[k] = prior[k] }
            if start == end {
                _ = AggregationSupport.normalizeLogScores(row, count: classes)
                continue
            }
            for slot in start..<end {
                let cell = conf + (Int(workers[slot]) * classes + Int(labels[slot])) * classes
                for k in 0..<classes { row[k] += cell[k] }
            }
            let (maximum, total) = AggregationSupport.normalizeLogScoresDeferred(row, count: classes)
            logLikelihood += maximum
            // Each total is in [1, K]: multiply them and take one logarithm now and then.
            totals *= total
            if totals > 1e250 {
                logLikelihood += log(totals)
                totals = 1
            }
            for k in 0..<classes { mass[k] += row[k] }
            for slot in start..<end {
                let cell = count + (Int(workers[slot]) * classes + Int(labels[slot])) * classes
                for k in 0..<classes { cell[k] += row[k] }
            }
        }
        return logLikelihood + log(totals)
    }

    /// How a sweep cuts the items into chunks, with each chunk's partial sums.
    ///
    /// About 50,000 labels per chunk (enough chunks to balance a few threads), at most 64:
    /// it depends on the data only.
    final class ChunkPlan {
        /// Number of chunks.
        let chunkCount: Int
        /// Items per chunk (the last may have fewer).
        let itemsPerChunk: Int
        /// Number of items.
        let itemCount: Int
        /// Per-chunk confusion counts.
        let counts: Scratch
        /// Per-chunk class mass.
        let mass: Scratch
        /// Per-chunk log-likelihood.
        let likelihood: Scratch

        /// Plans chunks for a matrix with `cells` confusion cells.
        init(itemCount: Int, labelCount: Int, classes: Int, cells: Int) {
            let chunks = min(64, max(1, min(itemCount, labelCount / 50_000)))
            chunkCount = chunks
            itemsPerChunk = (itemCount + chunks - 1) / chunks
            self.itemCount = itemCount
            counts = Scratch(count: chunks * cells)
            mass = Scratch(count: chunks * classes)
            likelihood = Scratch(count: chunks)
        }

        /// The items of `chunk`.
        func items(_ chunk: Int) -> Range<Int> {
            min(chunk * itemsPerChunk, itemCount)..<min((chunk + 1) * itemsPerChunk, itemCount)
        }
    }
}
