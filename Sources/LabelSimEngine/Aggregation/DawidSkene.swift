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
/// - Convergence: ``ExpectationMaximization``'s rule (log-likelihood gain per label at most
///   `tolerance`, or `maxIterations` E-steps).
struct DawidSkene: Aggregator {
    /// Log-likelihood gain per label below which EM stops (crowd-kit's rule and default).
    public var tolerance: Double
    /// Iteration cap.
    public var maxIterations: Int
    /// Pseudo-count added to every confusion-matrix cell and class-prior count.
    var smoothing: Double

    /// Creates the aggregator.
    init(tolerance: Double = 1e-5, maxIterations: Int = 100, smoothing: Double = 0.01) {
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
        var classPriors: [Double]
        /// Number of classes K.
        public var classCount: Int

        /// Worker `worker`'s confusion matrix as rows (true class) of columns (given label).
        func confusionMatrix(worker: Int) -> [[Double]] {
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
        let itemCount = matrix.itemCount
        // Item-major posteriors, filled in place (no copy at the end); every entry is written by
        // the first E-step (or by the vote shares when no iteration runs).
        var finalPosteriors = [Double](unsafeUninitializedCapacity: itemCount * classes) { _, count in
            count = itemCount * classes
        }
        var iterations = 0
        let parameters = finalPosteriors.withUnsafeMutableBufferPointer { posteriors in
            matrix.withStorage { storage in
                fitEM(storage, posteriors: posteriors, labelCount: matrix.labelCount, iterations: &iterations)
            }
        }
        if iterations == 0 {
            // No E-step ran (`maxIterations < 1`): the posteriors are the vote shares.
            finalPosteriors = AggregationSupport.voteShares(matrix)
        }
        let (confusion, priors) = parameters
        var fitted = [Double](repeating: 0, count: cells)
        var skill = [Double](repeating: 0, count: matrix.workerCount)
        for worker in 0..<matrix.workerCount {
            for k in 0..<classes {
                for l in 0..<classes {
                    let p = confusion[(worker * classes + l) * classes + k]
                    fitted[(worker * classes + k) * classes + l] = p
                    if k == l { skill[worker] += priors[k] * p }
                }
            }
        }
        let labels = AggregationSupport.hardLabels(finalPosteriors, matrix: matrix, using: rng)
        return Fit(
            result: AggregationResult(
                labels: labels, posteriors: finalPosteriors, workerSkill: skill, iterations: iterations),
            confusion: fitted, classPriors: priors, classCount: classes)
    }

    /// EM proper: writes the posteriors of the last E-step, returns the final M-step's confusion
    /// (label-major, as `counts`) and class priors.
    private func fitEM(
        _ storage: LabelStorage, posteriors: UnsafeMutableBufferPointer<Double>, labelCount: Int, iterations: inout Int
    ) -> (confusion: [Double], priors: [Double]) {
        let classes = storage.classCount
        let cells = storage.workerCount * classes * classes
        // counts[(w * K + l) * K + k]: expected number of times w said l when the truth was k
        // (label-major so one label's K cells are contiguous in both passes).
        let counts = Scratch(count: cells)
        let classMass = Scratch(count: classes)
        // Linear-space parameters, same layout as `counts`: confusion[(w * K + l) * K + k] is
        // P(w says l | truth k).
        let confusion = Scratch(count: cells)
        let prior = Scratch(count: classes)
        // Each label's confusion row, w * K + l, computed once by the first pass.
        let cellRows = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(labelCount, 1))
        defer { cellRows.deallocate() }
        let plan = ChunkPlan(itemCount: storage.itemCount, labelCount: labelCount, classes: classes, cells: cells)
        let pass = Pass(
            storage: storage, cellRows: cellRows, confusion: confusion, prior: prior, posteriors: posteriors,
            counts: counts, classMass: classMass, plan: plan)
        iterations = ExpectationMaximization(tolerance: tolerance, maxIterations: maxIterations).run(
            labels: labelCount,
            // Majority-vote start: the first M-step's counts come from vote shares.
            start: { _ = Self.sweep(pass, voteStart: true) },
            maximize: {
                Self.maximize(
                    counts: counts, classMass: classMass, classes: classes, smoothing: smoothing, confusion: confusion, prior: prior)
            },
            expect: { Self.sweep(pass, voteStart: false) })
        return (confusion.array, prior.array)
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

    /// Everything a pass reads or writes.
    struct Pass {
        /// The labels.
        let storage: LabelStorage
        /// Each label's confusion row `w * K + l` (written by the vote pass, read afterwards).
        let cellRows: UnsafeMutableBufferPointer<Int32>
        /// Linear confusion entries, label-major.
        let confusion: Scratch
        /// Class priors.
        let prior: Scratch
        /// Item-major posteriors.
        let posteriors: UnsafeMutableBufferPointer<Double>
        /// Summed counts (output).
        let counts: Scratch
        /// Summed class mass (output).
        let classMass: Scratch
        /// Chunks and their partial sums.
        let plan: ChunkPlan
    }

    /// One fused pass: E-step per item, whose posterior is added straight into fresh M-step counts.
    /// Returns the log-likelihood of the labels under the parameters used.
    ///
    /// With `voteStart`, the "posterior" of an item is its majority-vote shares instead (nothing is
    /// written to the posteriors, the returned likelihood is 0, and each label's confusion row is
    /// recorded): the pass that seeds the first M-step.
    ///
    /// Items are cut into the chunks of `plan` (fixed by the data size, not the thread count);
    /// chunks run concurrently into their own partial counts, which are then summed in chunk
    /// order, so the result is the same on any number of threads. Small class counts get their
    /// own copy of the loop with K a constant, so the compiler unrolls the loops over classes and
    /// keeps an item's scores in registers.
    static func sweep(_ pass: Pass, voteStart: Bool) -> Double {
        switch pass.storage.classCount {
        case 2: sweep(pass, voteStart: voteStart, width: ClassWidth2.self)
        case 3: sweep(pass, voteStart: voteStart, width: ClassWidth3.self)
        case 4: sweep(pass, voteStart: voteStart, width: ClassWidth4.self)
        case 5: sweep(pass, voteStart: voteStart, width: ClassWidth5.self)
        default: sweep(pass, voteStart: voteStart, width: ClassWidthAny.self)
        }
    }

    @inline(__always)
    private static func sweep<Width: ClassWidth>(_ pass: Pass, voteStart: Bool, width: Width.Type) -> Double {
        let classes = pass.storage.classCount
        let cells = pass.counts.buffer.count
        guard let post = pass.posteriors.baseAddress, let conf = pass.confusion.buffer.baseAddress,
            let prior = pass.prior.buffer.baseAddress, let cellRows = pass.cellRows.baseAddress,
            let partialCounts = pass.plan.counts.buffer.baseAddress, let partialMass = pass.plan.mass.buffer.baseAddress,
            let partialLikelihood = pass.plan.likelihood.buffer.baseAddress, let total = pass.counts.buffer.baseAddress
        else { return 0 }
        // Chunks write disjoint partial buffers (and disjoint label ranges of `cellRows`) and read
        // shared parameters only.
        nonisolated(unsafe) let shared = (post, conf, prior, cellRows, partialCounts, partialMass, partialLikelihood)
        nonisolated(unsafe) let storage = pass.storage
        nonisolated(unsafe) let plan = pass.plan
        let run: @Sendable (Int) -> Void = { chunk in
            let (post, conf, prior, cellRows, partialCounts, partialMass, partialLikelihood) = shared
            let count = partialCounts + chunk * cells
            let mass = partialMass + chunk * classes
            count.update(repeating: 0, count: cells)
            mass.update(repeating: 0, count: classes)
            if voteStart {
                voteItems(storage, plan.items(chunk), cellRows: cellRows, count: count, mass: mass, width: Width.self)
                partialLikelihood[chunk] = 0
            } else {
                partialLikelihood[chunk] = sweepItems(
                    storage, plan.items(chunk), cellRows: cellRows, post: post, conf: conf, prior: prior,
                    count: count, mass: mass, width: Width.self)
            }
        }
        if plan.chunkCount == 1 {
            run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: plan.chunkCount, execute: run)
        }
        // Deterministic reduction: chunk order, whatever order the chunks finished in.
        let mass = pass.classMass.buffer
        total.update(from: partialCounts, count: cells)
        for k in 0..<classes { mass[k] = partialMass[k] }
        var logLikelihood = partialLikelihood[0]
        for chunk in 1..<max(plan.chunkCount, 1) {
            let count = partialCounts + chunk * cells
            for cell in 0..<cells { total[cell] += count[cell] }
            for k in 0..<classes { mass[k] += partialMass[chunk * classes + k] }
            logLikelihood += partialLikelihood[chunk]
        }
        return logLikelihood
    }

    /// The majority-vote start for `items`: records each label's confusion row, and each labelled
    /// item adds its vote shares to the class mass and to the counts of every label it got.
    @inline(__always)
    private static func voteItems<Width: ClassWidth>(
        _ storage: LabelStorage, _ items: Range<Int>, cellRows: UnsafeMutablePointer<Int32>,
        count: UnsafeMutablePointer<Double>, mass: UnsafeMutablePointer<Double>, width: Width.Type
    ) {
        let classes = Width.count > 0 ? Width.count : storage.classCount
        let starts = storage.starts
        let workers = storage.workers
        let labels = storage.labels
        for item in items {
            let start = starts[item]
            let end = starts[item + 1]
            if start == end { continue }
            let weight = 1 / Double(end - start)
            for slot in start..<end {
                cellRows[slot] = workers[slot] * Int32(classes) + labels[slot]
            }
            if Width.count > 0 {
                var share = SIMD8<Double>()
                for slot in start..<end {
                    let label = Int(labels[slot])
                    for k in 0..<classes { share[k] += label == k ? weight : 0 }
                }
                for k in 0..<classes { mass[k] += share[k] }
                for slot in start..<end {
                    let cell = count + Int(cellRows[slot]) * classes
                    for k in 0..<classes { cell[k] += share[k] }
                }
            } else {
                for slot in start..<end { mass[Int(labels[slot])] += weight }
                for slot in start..<end {
                    let cell = count + Int(cellRows[slot]) * classes
                    for other in start..<end { cell[Int(labels[other])] += weight }
                }
            }
        }
    }

    /// The E-step and count accumulation for `items`, in linear space: an item's scores are its
    /// class prior times the confusion entries of its labels, normalised by their sum (the
    /// item's likelihood). A fixed-width item's scores live in a SIMD value (registers after
    /// unrolling) and are stored to `post` once. An item whose sum falls below 1e-200 (hundreds
    /// of labels, or floored probabilities) is redone in log space, so nothing underflows to 0/0.
    @inline(__always)
    private static func sweepItems<Width: ClassWidth>(
        _ storage: LabelStorage, _ items: Range<Int>, cellRows: UnsafeMutablePointer<Int32>,
        post: UnsafeMutablePointer<Double>, conf: UnsafeMutablePointer<Double>, prior: UnsafeMutablePointer<Double>,
        count: UnsafeMutablePointer<Double>, mass: UnsafeMutablePointer<Double>, width: Width.Type
    ) -> Double {
        let classes = Width.count > 0 ? Width.count : storage.classCount
        let starts = storage.starts
        var logLikelihood = 0.0
        // Product of item likelihoods, logged whenever it gets small (each factor is >= 1e-200).
        var totals = 1.0
        for item in items {
            let start = starts[item]
            let end = starts[item + 1]
            let out = post + item * classes
            if Width.count > 0 {
                var row = SIMD8<Double>()
                for k in 0..<classes { row[k] = prior[k] }
                for slot in start..<end {
                    let cell = conf + Int(cellRows[slot]) * classes
                    for k in 0..<classes { row[k] *= cell[k] }
                }
                var total = 0.0
                for k in 0..<classes { total += row[k] }
                if total >= 1e-200 {
                    let inverse = 1 / total
                    for k in 0..<classes { row[k] *= inverse }
                    for k in 0..<classes { out[k] = row[k] }
                    if start != end {
                        totals *= total
                        if totals < 1e-100 {
                            logLikelihood += log(totals)
                            totals = 1
                        }
                    }
                } else {
                    let itemLikelihood = logSpaceItem(
                        start..<end, classes: classes, cellRows: cellRows, conf: conf, prior: prior, row: out)
                    if start != end { logLikelihood += itemLikelihood }
                    for k in 0..<classes { row[k] = out[k] }
                }
                if start == end { continue }
                for k in 0..<classes { mass[k] += row[k] }
                for slot in start..<end {
                    let cell = count + Int(cellRows[slot]) * classes
                    for k in 0..<classes { cell[k] += row[k] }
                }
            } else {
                for k in 0..<classes { out[k] = prior[k] }
                for slot in start..<end {
                    let cell = conf + Int(cellRows[slot]) * classes
                    for k in 0..<classes { out[k] *= cell[k] }
                }
                var total = 0.0
                for k in 0..<classes { total += out[k] }
                if total >= 1e-200 {
                    let inverse = 1 / total
                    for k in 0..<classes { out[k] *= inverse }
                    if start != end {
                        totals *= total
                        if totals < 1e-100 {
                            logLikelihood += log(totals)
                            totals = 1
                        }
                    }
                } else {
                    let itemLikelihood = logSpaceItem(
                        start..<end, classes: classes, cellRows: cellRows, conf: conf, prior: prior, row: out)
                    if start != end { logLikelihood += itemLikelihood }
                }
                if start == end { continue }
                for k in 0..<classes { mass[k] += out[k] }
                for slot in start..<end {
                    let cell = count + Int(cellRows[slot]) * classes
                    for k in 0..<classes { cell[k] += out[k] }
                }
            }
        }
        return logLikelihood + log(totals)
    }

    /// One item's posterior in log space (the rare underflow case): writes the normalised
    /// posterior to `row` and returns the log of the item's likelihood.
    @inline(never)
    private static func logSpaceItem(
        _ slots: Range<Int>, classes: Int, cellRows: UnsafeMutablePointer<Int32>, conf: UnsafeMutablePointer<Double>,
        prior: UnsafeMutablePointer<Double>, row: UnsafeMutablePointer<Double>
    ) -> Double {
        for k in 0..<classes { row[k] = log(prior[k]) }
        for slot in slots {
            let cell = conf + Int(cellRows[slot]) * classes
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
