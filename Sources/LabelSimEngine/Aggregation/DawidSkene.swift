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
///   adds its posterior to the next M-step's counts. Parameters are kept in linear space (an
///   item's scores are products, not sums of logarithms, so the E-step needs no `exp`); an item
///   whose likelihood would underflow is redone in log space.
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
            // Item-major posteriors; every entry is written by the first E-step.
            let posteriors = Scratch(uninitializedCount: matrix.itemCount * classes)
            // counts[(w * K + l) * K + k]: expected number of times w said l when the truth was k
            // (label-major so one label's K cells are contiguous in both passes).
            let counts = Scratch(count: cells)
            let classMass = Scratch(count: classes)
            // Linear-space parameters, same layout as `counts`: confusion[(w * K + l) * K + k] is
            // P(w says l | truth k).
            let confusion = Scratch(count: cells)
            let prior = Scratch(count: classes)
            let plan = ChunkPlan(
                itemCount: matrix.itemCount, labelCount: matrix.labelCount, classes: classes, cells: cells)
            // Majority-vote start: the first M-step's counts come from vote shares (one pass, no
            // posterior buffer written).
            _ = Self.sweep(
                storage, confusion: confusion, prior: prior, posteriors: posteriors, counts: counts,
                classMass: classMass, plan: plan, voteStart: true)

            var previous = -Double.infinity
            var iterations = 0
            while iterations < maxIterations {
                Self.maximize(
                    counts: counts, classMass: classMass, classes: classes, smoothing: smoothing,
                    confusion: confusion, prior: prior)
                let logLikelihood = Self.sweep(
                    storage, confusion: confusion, prior: prior, posteriors: posteriors, counts: counts,
                    classMass: classMass, plan: plan, voteStart: false)
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
                confusion: confusion, prior: prior)
            if iterations == 0 {
                // No E-step ran (`maxIterations < 1`): the posteriors are the vote shares.
                _ = posteriors.buffer.update(fromContentsOf: AggregationSupport.voteShares(matrix))
            }

            let priors = prior.array
            var fitted = [Double](repeating: 0, count: cells)
            var skill = [Double](repeating: 0, count: matrix.workerCount)
            for worker in 0..<matrix.workerCount {
                for k in 0..<classes {
                    for l in 0..<classes {
                        let p = confusion.buffer[(worker * classes + l) * classes + k]
                        fitted[(worker * classes + k) * classes + l] = p
                        if k == l { skill[worker] += priors[k] * p }
                    }
                }
            }
            let finalPosteriors = posteriors.array
            let labels = AggregationSupport.hardLabels(finalPosteriors, matrix: matrix, using: rng)
            return Fit(
                result: AggregationResult(
                    labels: labels, posteriors: finalPosteriors, workerSkill: skill, iterations: iterations),
                confusion: fitted, classPriors: priors, classCount: classes)
        }
    }

    // MARK: - Passes

    /// M-step: smoothed, normalised counts (linear space, floored at
    /// ``AggregationSupport/probabilityFloor``). Each confusion row (fixed true class) is
    /// normalised over the given labels.
    static func maximize(
        counts: Scratch, classMass: Scratch, classes: Int, smoothing: Double, confusion: Scratch, prior: Scratch
    ) {
        let count = counts.buffer
        let mass = classMass.buffer
        let conf = confusion.buffer
        let floor = AggregationSupport.probabilityFloor
        let workers = count.count / (classes * classes)
        var totalMass = Double(classes) * smoothing
        for k in 0..<classes { totalMass += mass[k] }
        for k in 0..<classes {
            prior.buffer[k] = max((mass[k] + smoothing) / totalMass, floor)
        }
        for worker in 0..<workers {
            let block = worker * classes * classes
            for k in 0..<classes {
                var rowTotal = Double(classes) * smoothing
                for l in 0..<classes { rowTotal += count[block + l * classes + k] }
                let inverse = 1 / rowTotal
                for l in 0..<classes {
                    conf[block + l * classes + k] = max((count[block + l * classes + k] + smoothing) * inverse, floor)
                }
            }
        }
    }

    /// One fused pass: E-step per item, whose posterior is added straight into fresh M-step counts.
    /// Returns the log-likelihood of the labels under the parameters used.
    ///
    /// With `voteStart`, the "posterior" of an item is its majority-vote shares instead (nothing is
    /// written to `posteriors`, the returned likelihood is 0): the pass that seeds the first M-step.
    ///
    /// Items are cut into the chunks of `plan` (fixed by the data size, not the thread count);
    /// chunks run concurrently into their own partial counts, which are then summed in chunk
    /// order, so the result is the same on any number of threads. Small class counts get their
    /// own copy of the loop with K a constant, so the compiler unrolls the loops over classes and
    /// keeps an item's scores in registers.
    static func sweep(
        _ storage: LabelStorage, confusion: Scratch, prior: Scratch, posteriors: Scratch, counts: Scratch,
        classMass: Scratch, plan: ChunkPlan, voteStart: Bool
    ) -> Double {
        switch (storage.classCount, voteStart) {
        case (2, false): sweep(storage, confusion, prior, posteriors, counts, classMass, plan, ClassWidth2.self, false)
        case (3, false): sweep(storage, confusion, prior, posteriors, counts, classMass, plan, ClassWidth3.self, false)
        case (4, false): sweep(storage, confusion, prior, posteriors, counts, classMass, plan, ClassWidth4.self, false)
        case (5, false): sweep(storage, confusion, prior, posteriors, counts, classMass, plan, ClassWidth5.self, false)
        case (_, false): sweep(storage, confusion, prior, posteriors, counts, classMass, plan, ClassWidthAny.self, false)
        case (_, true): sweep(storage, confusion, prior, posteriors, counts, classMass, plan, ClassWidthAny.self, true)
        }
    }

    @inline(__always)
    private static func sweep<Width: ClassWidth>(
        _ storage: LabelStorage, _ confusion: Scratch, _ prior: Scratch, _ posteriors: Scratch, _ counts: Scratch,
        _ classMass: Scratch, _ plan: ChunkPlan, _ width: Width.Type, _ voteStart: Bool
    ) -> Double {
        let classes = storage.classCount
        let cells = counts.buffer.count
        guard let post = posteriors.buffer.baseAddress, let conf = confusion.buffer.baseAddress,
            let prior = prior.buffer.baseAddress, let partialCounts = plan.counts.buffer.baseAddress,
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
            if voteStart {
                voteItems(storage, plan.items(chunk), count: count, mass: mass)
                partialLikelihood[chunk] = 0
            } else {
                partialLikelihood[chunk] = sweepItems(
                    storage, plan.items(chunk), post: post, conf: conf, prior: prior, count: count, mass: mass,
                    width: Width.self)
            }
        }
        if plan.chunkCount == 1 {
            run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: plan.chunkCount, execute: run)
        }
        // Deterministic reduction: chunk order, whatever order the chunks finished in.
        guard let total = counts.buffer.baseAddress else { return 0 }
        total.update(from: partialCounts, count: cells)
        for k in 0..<classes { classMass.buffer[k] = partialMass[k] }
        var logLikelihood = partialLikelihood[0]
        for chunk in 1..<max(plan.chunkCount, 1) {
            let count = partialCounts + chunk * cells
            for cell in 0..<cells { total[cell] += count[cell] }
            for k in 0..<classes { classMass.buffer[k] += partialMass[chunk * classes + k] }
            logLikelihood += partialLikelihood[chunk]
        }
        return logLikelihood
    }

    /// The majority-vote start for `items`: each labelled item adds its vote shares to the class
    /// mass and to the counts of every label it got.
    private static func voteItems(
        _ storage: LabelStorage, _ items: Range<Int>, count: UnsafeMutablePointer<Double>,
        mass: UnsafeMutablePointer<Double>
    ) {
        let classes = storage.classCount
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        for item in items {
            let start = starts[item]
            let end = starts[item + 1]
            if start == end { continue }
            let weight = 1 / Double(end - start)
            for slot in start..<end { mass[Int(labels[slot])] += weight }
            for slot in start..<end {
                let cell = count + (Int(workers[slot]) * classes + Int(labels[slot])) * classes
                for other in start..<end { cell[Int(labels[other])] += weight }
            }
        }
    }

    /// The E-step and count accumulation for `items`, in linear space: an item's scores are its
    /// class prior times the confusion entries of its labels, normalised by their sum (the
    /// item's likelihood). Scores of a fixed-width item live in a stack row (registers after
    /// unrolling) and are written to `post` once; an item whose sum falls below 1e-200 (hundreds
    /// of labels, or floored probabilities) is redone in log space, so nothing underflows to 0/0.
    @inline(__always)
    private static func sweepItems<Width: ClassWidth>(
        _ storage: LabelStorage, _ items: Range<Int>, post: UnsafeMutablePointer<Double>, conf: UnsafeMutablePointer<Double>,
        prior: UnsafeMutablePointer<Double>, count: UnsafeMutablePointer<Double>, mass: UnsafeMutablePointer<Double>,
        width: Width.Type
    ) -> Double {
        if Width.count > 0 {
            var local = SIMD8<Double>()
            return withUnsafeMutablePointer(to: &local) { pointer in
                pointer.withMemoryRebound(to: Double.self, capacity: 8) { scratch in
                    sweepItems(
                        storage, items, post: post, conf: conf, prior: prior, count: count, mass: mass,
                        scratch: scratch, width: Width.self)
                }
            }
        }
        return sweepItems(
            storage, items, post: post, conf: conf, prior: prior, count: count, mass: mass, scratch: nil,
            width: Width.self)
    }

    @inline(__always)
    private static func sweepItems<Width: ClassWidth>(
        _ storage: LabelStorage, _ items: Range<Int>, post: UnsafeMutablePointer<Double>, conf: UnsafeMutablePointer<Double>,
        prior: UnsafeMutablePointer<Double>, count: UnsafeMutablePointer<Double>, mass: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>?, width: Width.Type
    ) -> Double {
        let classes = Width.count > 0 ? Width.count : storage.classCount
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        var logLikelihood = 0.0
        // Product of item likelihoods, logged whenever it gets small (each factor is >= 1e-200).
        var totals = 1.0
        for item in items {
            let start = starts[item]
            let end = starts[item + 1]
            let out = post + item * classes
            let row = scratch ?? out
            for k in 0..<classes { row[k] = prior[k] }
            for slot in start..<end {
                let cell = conf + (Int(workers[slot]) * classes + Int(labels[slot])) * classes
                for k in 0..<classes { row[k] *= cell[k] }
            }
            var total = 0.0
            for k in 0..<classes { total += row[k] }
            if total >= 1e-200 {
                let inverse = 1 / total
                for k in 0..<classes { row[k] *= inverse }
                if start != end {
                    totals *= total
                    if totals < 1e-100 {
                        logLikelihood += log(totals)
                        totals = 1
                    }
                }
            } else {
                let itemLikelihood = logSpaceItem(storage, start..<end, conf: conf, prior: prior, row: row)
                if start != end { logLikelihood += itemLikelihood }
            }
            if scratch != nil {
                for k in 0..<classes { out[k] = row[k] }
            }
            if start == end { continue }
            for k in 0..<classes { mass[k] += row[k] }
            for slot in start..<end {
                let cell = count + (Int(workers[slot]) * classes + Int(labels[slot])) * classes
                for k in 0..<classes { cell[k] += row[k] }
            }
        }
        return logLikelihood + log(totals)
    }

    /// One item's posterior in log space (the rare underflow case): writes the normalised
    /// posterior to `row` and returns the log of the item's likelihood.
    @inline(never)
    private static func logSpaceItem(
        _ storage: LabelStorage, _ slots: Range<Int>, conf: UnsafeMutablePointer<Double>,
        prior: UnsafeMutablePointer<Double>, row: UnsafeMutablePointer<Double>
    ) -> Double {
        let classes = storage.classCount
        for k in 0..<classes { row[k] = log(prior[k]) }
        for slot in slots {
            let cell = conf + (Int(storage.workers[slot]) * classes + Int(storage.labels[slot])) * classes
            for k in 0..<classes { row[k] += log(cell[k]) }
        }
        return AggregationSupport.normalizeLogScores(row, count: classes)
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
