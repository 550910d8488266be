import Foundation
import LabelSimGSL

/// Fits labelsim's response model to an annotation file: per-worker class-conditional accuracies,
/// the item difficulty distribution, the misleading share π per class, the confusable-class
/// matrix M and the concentration ρ.
///
/// ## Method
/// A nonparametric EM over item states with the response model as the likelihood. An item of
/// true class y is in a state (m, z, g): misleading or not (m), its confusable class z ≠ y, and
/// its difficulty d_g on a grid of ``gridSize`` points over [0, 1]. Its prior weight is
/// P(y) · (m ? π_y : 1 − π_y) · M_yz · h_g, with h a free histogram (the nonparametric maximum-
/// likelihood estimate of the difficulty distribution). Given the state, the perceived class is
/// k = z on a misleading item and y otherwise; worker w gives k with probability
/// p = c + (a_wk − c)(1 − d_g) and otherwise the other member of {y, z} with probability
/// ρ + (1 − ρ)/(K − 1) of the error mass, the remaining classes equally.
///
/// Besides these, an item of class y may be *ambiguous*, in state (t_j, z) with prior weight
/// P(y) · α_yj · M_yz, t_j one of ``ambiguityLevels``: each of its labels perceives z with
/// probability t_j and y otherwise, so its likelihood is Π over labels of
/// (1 − t_j)·q(l | y, z) + t_j·q(l | z, y). Ambiguous states are taken at difficulty 0 (one term
/// per label and state instead of one per grid point: the fits on the shared data put 91–99.7%
/// of the difficulty histogram there), the ordinary share is 1 − π_y − Σ_j α_yj. Unlike π, α is
/// fitted over every item once there is gold: a split vote shows ambiguity on any item, the
/// gold items pin the workers' class-conditional accuracies that tell which class an item's
/// split leans from, and gold is often a small or hand-picked subset (333 of 11,040 items on
/// adult_content). Without gold α is held at 0 (an item of class y at level t then looks like one
/// of class z at 1 − t, and nothing anchors the classes).
///
/// - E-step: the posterior over states of every item (gold items have y fixed; others range over y).
/// - M-step: h, P(y), π, M (from gold items when there are any: elsewhere a misleading item of
///   class y looks exactly like an ordinary one of class z), ρ in closed form from the expected
///   counts of wrong labels on the pair member and elsewhere, and each a_wk by a golden-section
///   search of its concave expected log-likelihood plus an empirical-Bayes Beta prior: τ_k
///   pseudo-labels at the class mean, τ_k from the beta-binomial method of moments on the
///   workers' raw agreement (clamped to [2, 500]).
/// - It stops when the log-likelihood gains less than 1e-6 per label, or after ``maxIterations``.
/// - Last, the accuracies of each perceived class are shifted together so that the model's mean
///   label accuracy on each true class equals the observed one (EM on a grid does not preserve
///   first moments). The profile matches the same moment again once its spammers answer by
///   weights (``CalibratedProfile/matchLabelAccuracy(observed:)``), item-weighted
///   (``observedAccuracy``): the curve at k = 1 is exactly that mean.
///
/// Without gold, truth comes from the same EM started at Dawid–Skene posteriors, and π is held at
/// the share given (it is not identifiable from labels alone).
public struct CrowdFit: Sendable {
    /// Class-conditional easy-item accuracy, row-major workers × K.
    public var accuracy: [Double]
    /// Labels given by each worker.
    var workerLabels: [Int]
    /// Labels given by each worker on gold items (on every item when there is no gold): the
    /// weights of the workforce the profile describes.
    var scoredLabels: [Int]
    /// Class prior.
    public var prior: [Double]
    /// π per true class.
    public var misleadingShare: [Double]
    /// M, K × K rows (zero diagonal).
    var confusable: [[Double]]
    /// ρ.
    var concentration: Double
    /// Ambiguity levels t of the fit (``ambiguityLevels``).
    var ambiguityLevels: [Double]
    /// Per true class, the share of items at each ambiguity level.
    var ambiguousShare: [[Double]]
    /// Grid of the workers' probability of seeing through a confusing item (``seeThroughGridSize`` points over [0, 1]).
    var seeThroughGrid: [Double]
    /// Per worker, the posterior over ``seeThroughGrid`` (row-major workers × grid); every row is
    /// the population histogram when the file has no confusing items to learn it from.
    var seeThroughPosterior: [Double]
    /// Expected labels on confusing (misleading or ambiguous) items: the evidence on seeing through.
    var confusingLabels: Double
    /// Difficulty grid values.
    public var grid: [Double]
    /// Histogram weights over ``grid``.
    var difficultyWeights: [Double]
    /// EM iterations run.
    public var iterations: Int
    /// Final log-likelihood.
    var logLikelihood: Double
    /// Shrinkage pseudo-counts per class.
    var shrinkage: [Double]
    /// Whether π was estimated (gold present) or held fixed.
    var misleadingIdentified: Bool
    /// Per true class, the observed mean share of right labels per scored item (gold items, or
    /// posterior truth without gold): what the profile's mean label accuracy must reproduce.
    var observedAccuracy: [Double]
    /// Whether each worker's probability of seeing through was fitted (`seeThroughSpread`).
    var seeThroughSpread: Bool

    /// Grid points for difficulty.
    static let gridSize = 11
    /// Grid points for the probability of seeing through.
    static let seeThroughGridSize = 11
    /// Ambiguity levels t fitted besides ordinary (t = 0) and misleading (t = 1) items.
    static let ambiguityLevels = [0.25, 0.5, 0.75]
    /// EM iteration cap.
    public static let maxIterations = 150

    /// Fits `matrix`; `truth` holds a gold class per item or −1; `misleadingShare` is used when
    /// no item has gold; `seeThroughSpread` also fits each worker's probability of seeing through
    /// a confusing item and its population distribution (``Engine/updateSeeThrough(perceivedOther:perceivedTrue:levels:)``).
    public static func fit(
        matrix: AnnotationMatrix, truth: [Int32], misleadingShare fixedShare: Double = 0, seeThroughSpread: Bool = false,
        using rng: GSLRandom
    ) -> CrowdFit {
        var engine = Engine(matrix: matrix, truth: truth, fixedShare: fixedShare, fitsSpread: seeThroughSpread, rng: rng)
        engine.run()
        return engine.result()
    }
}

extension CrowdFit {
    struct Engine {
        let matrix: AnnotationMatrix
        let truth: [Int32]
        let k: Int
        let chance: Double
        let grid: [Double]
        let hasGold: Bool
        /// Whether the workers' seeing through is fitted.
        let fitsSpread: Bool
        var a: [Double]
        var prior: [Double]
        var pi: [Double]
        /// Share of class-y items at each ambiguity level (held at 0 without gold).
        var alpha: [[Double]]
        var confusable: [[Double]]
        var rho = 0.0
        var h: [Double]
        var tau: [Double]
        var iterations = 0
        var logLikelihood = -Double.infinity
        /// Posterior truth used for moment matching when there is no gold.
        var softTruth: [Double]
        /// Grid of the probability of seeing through, its population histogram, each worker's
        /// posterior over it and posterior mean s_w.
        let seeThroughGrid: [Double]
        var seeThroughWeights: [Double]
        var seeThroughPosterior: [Double]
        var seeThrough: [Double]
        /// Expected labels on confusing items (the evidence on seeing through).
        var confusingLabels = 0.0
        let workerHasLabels: [Bool]

        init(matrix: AnnotationMatrix, truth: [Int32], fixedShare: Double, fitsSpread: Bool, rng: GSLRandom) {
            self.matrix = matrix
            self.fitsSpread = fitsSpread
            self.truth = truth
            let k = matrix.classCount
            self.k = k
            chance = 1 / Double(k)
            grid = (0..<CrowdFit.gridSize).map { Double($0) / Double(CrowdFit.gridSize - 1) }
            let hasGold = truth.contains { $0 >= 0 }
            self.hasGold = hasGold
            h = [Double](repeating: 1 / Double(CrowdFit.gridSize), count: CrowdFit.gridSize)
            confusable = (0..<k).map { y in (0..<k).map { $0 == y ? 0 : 1 / Double(max(1, k - 1)) } }
            pi = [Double](repeating: hasGold ? 0.05 : fixedShare, count: k)
            alpha = [[Double]](
                repeating: [Double](repeating: hasGold ? 0.02 : 0, count: CrowdFit.ambiguityLevels.count), count: k)
            // Starting truth: gold where known, Dawid–Skene posteriors elsewhere.
            let ds = DawidSkene().aggregate(matrix, using: rng)
            var soft = [Double](repeating: 0, count: matrix.itemCount * k)
            for item in 0..<matrix.itemCount {
                if item < truth.count, truth[item] >= 0 {
                    soft[item * k + Int(truth[item])] = 1
                } else {
                    for c in 0..<k { soft[item * k + c] = ds.posteriors[item * k + c] }
                }
            }
            softTruth = soft
            var classTotals = [Double](repeating: 1e-9, count: k)
            for item in 0..<matrix.itemCount {
                for c in 0..<k { classTotals[c] += soft[item * k + c] }
            }
            let total = classTotals.reduce(0, +)
            prior = classTotals.map { $0 / total }
            // Raw agreement per worker and class, then empirical-Bayes pseudo-counts.
            let workers = matrix.workerCount
            var correct = [Double](repeating: 0, count: workers * k)
            var seen = [Double](repeating: 0, count: workers * k)
            for item in 0..<matrix.itemCount {
                for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                    let w = Int(matrix.workers[entry])
                    let l = Int(matrix.labels[entry])
                    for c in 0..<k where soft[item * k + c] > 0 {
                        seen[w * k + c] += soft[item * k + c]
                        if l == c { correct[w * k + c] += soft[item * k + c] }
                    }
                }
            }
            let tau = (0..<k).map { c in Self.betaBinomialStrength(correct: correct, seen: seen, classes: k, column: c) }
            var start = [Double](repeating: 0.7, count: workers * k)
            for c in 0..<k {
                let mean =
                    (0..<workers).reduce(0) { $0 + correct[$1 * k + c] } / max(1e-9, (0..<workers).reduce(0) { $0 + seen[$1 * k + c] })
                for w in 0..<workers {
                    start[w * k + c] = min(0.999, max(0.001, (correct[w * k + c] + tau[c] * mean) / (seen[w * k + c] + tau[c])))
                }
            }
            self.tau = tau
            a = start
            // Seeing through starts near "nobody" (the model without it) with some mass on every
            // point, which the nonparametric EM needs to move it there.
            let points = CrowdFit.seeThroughGridSize
            seeThroughGrid = (0..<points).map { Double($0) / Double(points - 1) }
            let histogram = [0.9] + [Double](repeating: 0.1 / Double(points - 1), count: points - 1)
            seeThroughWeights = histogram
            seeThroughPosterior = (0..<workers).flatMap { _ in histogram }
            let startMean = zip(histogram, seeThroughGrid).reduce(0) { $0 + $1.0 * $1.1 }
            seeThrough = [Double](repeating: fitsSpread ? startMean : 0, count: workers)
            var hasLabels = [Bool](repeating: false, count: workers)
            for w in matrix.workers { hasLabels[Int(w)] = true }
            workerHasLabels = hasLabels
        }

        /// Beta-binomial method of moments: the prior strength α + β from the spread of the
        /// workers' agreement beyond binomial noise.
        static func betaBinomialStrength(correct: [Double], seen: [Double], classes: Int, column c: Int) -> Double {
            var n = 0.0
            var hits = 0.0
            var workers = 0.0
            for w in 0..<(seen.count / classes) where seen[w * classes + c] >= 5 {
                n += seen[w * classes + c]
                hits += correct[w * classes + c]
                workers += 1
            }
            guard workers >= 2, n > 0 else { return 10 }
            let mu = hits / n
            var spread = 0.0
            for w in 0..<(seen.count / classes) where seen[w * classes + c] >= 5 {
                let p = correct[w * classes + c] / seen[w * classes + c]
                spread += seen[w * classes + c] * (p - mu) * (p - mu)
            }
            spread /= n
            let meanSeen = n / workers
            let v0 = mu * (1 - mu)
            guard v0 > 1e-9, meanSeen > 1 else { return 10 }
            let x = min(1, max(1e-3, (spread - v0 / meanSeen) / (v0 * (1 - 1 / meanSeen))))
            return min(500, max(2, 1 / x - 1))
        }

        mutating func run() {
            let labels = max(1, matrix.labelCount)
            for iteration in 1...CrowdFit.maxIterations {
                iterations = iteration
                let before = logLikelihood
                step()
                if logLikelihood - before < 1e-6 * Double(labels), iteration > 5 { break }
            }
            matchMoments()
        }

        /// log p and log(1 − p) per worker, perceived class and grid point, p the probability of
        /// giving the perceived class.
        func logTable() -> (hit: [Double], miss: [Double]) {
            let g = grid.count
            var hit = [Double](repeating: 0, count: matrix.workerCount * k * g)
            var miss = hit
            for w in 0..<matrix.workerCount {
                for c in 0..<k {
                    for (index, d) in grid.enumerated() {
                        let p = min(1 - 1e-9, max(1e-9, chance + (a[w * k + c] - chance) * (1 - d)))
                        hit[(w * k + c) * g + index] = log(p)
                        miss[(w * k + c) * g + index] = log(1 - p)
                    }
                }
            }
            return (hit, miss)
        }

        // The log-likelihood of an item's labels in state (perceived, other, g) factorises: the
        // labels equal to the perceived class contribute log p, the others log(1 − p) plus the
        // log share of the error mass of where they went (the pair member or the rest), which
        // depends on the labels only through their class counts. So one pass over the labels per
        // perceived class (not per pair) gives every pair's sum, and the posterior's sufficient
        // statistics fold the same way.
        // When the workers' seeing through is fitted (``fitsSpread``), misleading items join the
        // ambiguous ones as confusing states at difficulty 0 (level t = 1), summed label by label:
        // each label perceives z with probability t·(1 − s_w), s_w the worker's posterior mean
        // probability of seeing through (without the spread s_w = 0 and these are the old sums).
        mutating func step() {
            let g = grid.count
            let (hitTable, missTable) = logTable()
            let workers = matrix.workerCount
            var correctStats = [Double](repeating: 0, count: workers * k * g)
            var wrongStats = [Double](repeating: 0, count: workers * k * g)
            var hCounts = [Double](repeating: 1e-12, count: g)
            var misCounts = [Double](repeating: 0, count: k)
            let ambiguousLevels = CrowdFit.ambiguityLevels.count
            let levels = fitsSpread ? CrowdFit.ambiguityLevels + [1] : CrowdFit.ambiguityLevels
            let levelCount = levels.count
            var ambCounts = [[Double]](repeating: [Double](repeating: 0, count: ambiguousLevels), count: k)
            // Log prior share of each confusing level: α_yj, then π_y for misleading at t = 1.
            let logAlpha = (0..<k).map { y in (fitsSpread ? alpha[y] + [pi[y]] : alpha[y]).map { log(max($0, 1e-300)) } }
            let ambiguous = alpha.contains { $0.contains { $0 > 0 } } || (fitsSpread && pi.contains { $0 > 0 })
            // Per worker and level: expected labels perceived as z and as y on confusing items.
            var perceivedOther = [Double](repeating: 0, count: fitsSpread ? workers * levelCount : 0)
            var perceivedTrue = perceivedOther
            // Ambiguous states (y, z, t), at difficulty 0: log prior + Σ labels log((1 − t)·q_y + t·q_z).
            var ambValues = [Double](repeating: -Double.infinity, count: k * k * levelCount)
            let pairShare = k > 2 ? rho + (1 - rho) / Double(k - 1) : 1
            let restShare = k > 2 ? (1 - rho) / Double(k - 1) : 0
            /// P(label l | worker w perceives `per`, pair member `other`) at difficulty 0.
            func q(_ w: Int, _ l: Int, _ per: Int, _ other: Int) -> Double {
                let p = min(1 - 1e-9, max(1e-9, a[w * k + per]))
                return l == per ? p : (1 - p) * (l == other ? pairShare : restShare)
            }
            var classCounts = [Double](repeating: 0, count: k)
            var priorCounts = [Double](repeating: 0, count: k)
            var pairCounts = [[Double]](repeating: [Double](repeating: 1e-3, count: k), count: k)
            for y in 0..<k { pairCounts[y][y] = 0 }
            var toPair = 0.0
            var toRest = 0.0
            var total = 0.0
            let logPair = k > 2 ? log(max(1e-300, rho + (1 - rho) / Double(k - 1))) : 0
            let logRest = k > 2 ? log(max(1e-300, (1 - rho) / Double(k - 1))) : 0
            // Per item: base[per][g] = Σ labels (log p or log(1 − p)); post[per][other][g].
            var base = [Double](repeating: 0, count: k * g)
            var post = [Double](repeating: 0, count: k * k * g)
            var perMass = [Double](repeating: 0, count: k * g)
            var classOfLabels = [Int](repeating: 0, count: k)
            var values = [Double](repeating: 0, count: k * k * 2 * g)
            let logPi = pi.map { log(max($0, 1e-300)) }
            let logNotPi = (0..<k).map { y in log(max(1 - pi[y] - alpha[y].reduce(0, +), 1e-300)) }
            let logH = h.map { log(max($0, 1e-300)) }
            let logPrior = prior.map { log(max($0, 1e-300)) }
            let logM = confusable.map { $0.map { log(max($0, 1e-300)) } }
            var newSoft = softTruth
            for item in 0..<matrix.itemCount {
                let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
                if range.isEmpty { continue }
                for index in base.indices { base[index] = 0 }
                for c in 0..<k { classOfLabels[c] = 0 }
                hitTable.withUnsafeBufferPointer { hits in
                    missTable.withUnsafeBufferPointer { misses in
                        base.withUnsafeMutableBufferPointer { sums in
                            for entry in range {
                                let w = Int(matrix.workers[entry])
                                let l = Int(matrix.labels[entry])
                                classOfLabels[l] += 1
                                for per in 0..<k {
                                    let slot = (w * k + per) * g
                                    let source = l == per ? hits : misses
                                    for index in 0..<g { sums[per * g + index] += source[slot + index] }
                                }
                            }
                        }
                    }
                }
                let n = range.count
                let gold = item < truth.count && truth[item] >= 0
                let candidates = gold ? Int(truth[item])...Int(truth[item]) : 0...(k - 1)
                // Joint log posterior of (y, m, z, g), indexed ((y · K + z) · 2 + m) · g + g.
                var best = -Double.infinity
                for y in candidates {
                    for z in 0..<k where z != y {
                        for m in 0..<2 {
                            let slot = ((y * k + z) * 2 + m) * g
                            if m == 1 && (pi[y] <= 0 || fitsSpread) {
                                for index in 0..<g { values[slot + index] = -Double.infinity }
                                continue
                            }
                            let (per, other) = m == 1 ? (z, y) : (y, z)
                            let elsewhere = n - classOfLabels[per] - classOfLabels[other]
                            var head = logPrior[y] + (m == 1 ? logPi[y] : logNotPi[y]) + logM[y][z]
                            head += Double(classOfLabels[other]) * logPair
                            if elsewhere > 0 { head += Double(elsewhere) * logRest }
                            for index in 0..<g {
                                let value = head + logH[index] + base[per * g + index]
                                values[slot + index] = value
                                best = max(best, value)
                            }
                        }
                    }
                }
                if ambiguous {
                    for y in candidates {
                        for z in 0..<k where z != y {
                            for j in 0..<levelCount where (j < ambiguousLevels ? alpha[y][j] : pi[y]) > 0 {
                                let t = levels[j]
                                var sum = logPrior[y] + logAlpha[y][j] + logM[y][z]
                                for entry in range {
                                    let w = Int(matrix.workers[entry])
                                    let l = Int(matrix.labels[entry])
                                    let f = t * (1 - seeThrough[w])
                                    sum += log((1 - f) * q(w, l, y, z) + f * q(w, l, z, y))
                                }
                                ambValues[(y * k + z) * levelCount + j] = sum
                                best = max(best, sum)
                            }
                        }
                    }
                }
                var norm = 0.0
                if ambiguous {
                    for y in candidates {
                        for z in 0..<k where z != y {
                            for j in 0..<levelCount { norm += exp(ambValues[(y * k + z) * levelCount + j] - best) }
                        }
                    }
                }
                for y in candidates {
                    for z in 0..<k where z != y {
                        for m in 0..<2 {
                            let slot = ((y * k + z) * 2 + m) * g
                            for index in 0..<g { norm += exp(values[slot + index] - best) }
                        }
                    }
                }
                total += best + log(norm)
                for index in post.indices { post[index] = 0 }
                var itemClass = [Double](repeating: 0, count: k)
                for y in candidates {
                    for z in 0..<k where z != y {
                        for m in 0..<2 {
                            let slot = ((y * k + z) * 2 + m) * g
                            let (per, other) = m == 1 ? (z, y) : (y, z)
                            var mass = 0.0
                            for index in 0..<g {
                                let r = exp(values[slot + index] - best) / norm
                                if r < 1e-12 { continue }
                                post[(per * k + other) * g + index] += r
                                hCounts[index] += r
                                mass += r
                            }
                            itemClass[y] += mass
                            priorCounts[y] += mass
                            if gold || !hasGold {
                                classCounts[y] += mass
                                if m == 1 { misCounts[y] += mass }
                                pairCounts[y][z] += mass
                            }
                        }
                    }
                }
                if ambiguous {
                    for y in candidates {
                        for z in 0..<k where z != y {
                            for j in 0..<levelCount {
                                let slot = (y * k + z) * levelCount + j
                                let r = exp(ambValues[slot] - best) / norm
                                ambValues[slot] = -Double.infinity
                                if r < 1e-12 { continue }
                                itemClass[y] += r
                                priorCounts[y] += r
                                // Ambiguity is counted over every item (a split vote shows it, gold
                                // or not); the misleading share only over gold.
                                if j < ambiguousLevels { ambCounts[y][j] += r }
                                if gold || !hasGold {
                                    classCounts[y] += r
                                    if j >= ambiguousLevels { misCounts[y] += r }
                                    pairCounts[y][z] += r
                                }
                                // Each label is split between perceiving y and perceiving z, at difficulty 0.
                                let t = levels[j]
                                for entry in range {
                                    let w = Int(matrix.workers[entry])
                                    let l = Int(matrix.labels[entry])
                                    let f = t * (1 - seeThrough[w])
                                    let onY = (1 - f) * q(w, l, y, z)
                                    let onZ = f * q(w, l, z, y)
                                    let split = r / (onY + onZ)
                                    if fitsSpread {
                                        perceivedTrue[w * levelCount + j] += onY * split
                                        perceivedOther[w * levelCount + j] += onZ * split
                                    }
                                    for (per, other, mass) in [(y, z, onY * split), (z, y, onZ * split)] {
                                        if l == per {
                                            correctStats[(w * k + per) * g] += mass
                                        } else {
                                            wrongStats[(w * k + per) * g] += mass
                                            if l == other { toPair += mass } else { toRest += mass }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for c in 0..<k { newSoft[item * k + c] = itemClass[c] }
                // Expected wrong labels on the pair member and elsewhere.
                for per in 0..<k {
                    for index in 0..<g { perMass[per * g + index] = 0 }
                    for other in 0..<k where other != per {
                        var pairMass = 0.0
                        for index in 0..<g {
                            let r = post[(per * k + other) * g + index]
                            perMass[per * g + index] += r
                            pairMass += r
                        }
                        toPair += pairMass * Double(classOfLabels[other])
                        toRest += pairMass * Double(n - classOfLabels[per] - classOfLabels[other])
                    }
                }
                correctStats.withUnsafeMutableBufferPointer { correct in
                    wrongStats.withUnsafeMutableBufferPointer { wrong in
                        perMass.withUnsafeBufferPointer { mass in
                            for entry in range {
                                let w = Int(matrix.workers[entry])
                                let l = Int(matrix.labels[entry])
                                for per in 0..<k {
                                    let slot = (w * k + per) * g
                                    if l == per {
                                        for index in 0..<g { correct[slot + index] += mass[per * g + index] }
                                    } else {
                                        for index in 0..<g { wrong[slot + index] += mass[per * g + index] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            logLikelihood = total
            softTruth = newSoft
            let hTotal = hCounts.reduce(0, +)
            h = hCounts.map { $0 / hTotal }
            // The prior is the population's, over every item: gold may be a class-stratified
            // sample, and the check then draws the gold positions class by class.
            let priorTotal = priorCounts.reduce(0, +)
            if priorTotal > 0 { prior = priorCounts.map { max($0, 1e-9) / priorTotal } }
            if hasGold {
                for y in 0..<k where classCounts[y] > 0 {
                    pi[y] = misCounts[y] / classCounts[y]
                }
                for y in 0..<k where priorCounts[y] > 0 {
                    for j in 0..<ambiguousLevels { alpha[y][j] = ambCounts[y][j] / priorCounts[y] }
                    // π (gold) and α (every item) come from different items: keep their sum below 1.
                    let room = 1 - 1e-6 - pi[y]
                    let total = alpha[y].reduce(0, +)
                    if total > room { alpha[y] = alpha[y].map { $0 * max(0, room) / total } }
                }
            }
            for y in 0..<k {
                let rowTotal = pairCounts[y].reduce(0, +)
                if rowTotal > 0 { confusable[y] = pairCounts[y].map { $0 / rowTotal } }
            }
            if k > 2, toPair + toRest > 0 {
                let q = toPair / (toPair + toRest)
                let uniform = 1 / Double(k - 1)
                rho = min(1, max(0, (q - uniform) / (1 - uniform)))
            }
            if fitsSpread { updateSeeThrough(perceivedOther: perceivedOther, perceivedTrue: perceivedTrue, levels: levels) }
            updateWorkers(correct: correctStats, wrong: wrongStats)
        }

        /// The workers' probabilities of seeing through, a latent value per worker on
        /// ``seeThroughGrid`` with a free population histogram (nonparametric maximum likelihood,
        /// as for difficulty): worker w's posterior over the grid is proportional to the histogram
        /// times Π over levels (t_j(1 − s))^{Z_wj} (1 − t_j(1 − s))^{Y_wj}, with Z and Y the expected
        /// labels perceived as the confusable and as the true class; the histogram is the mean of
        /// the posteriors, and each worker's s_w the mean of theirs.
        mutating func updateSeeThrough(perceivedOther: [Double], perceivedTrue: [Double], levels: [Double]) {
            let points = seeThroughGrid
            let levelCount = levels.count
            let workers = matrix.workerCount
            let evidence = zip(perceivedOther, perceivedTrue).reduce(0) { $0 + $1.0 + $1.1 }
            confusingLabels = evidence
            guard evidence >= 1 else { return }
            let logHistogram = seeThroughWeights.map { log(max($0, 1e-300)) }
            var counts = [Double](repeating: 0, count: points.count)
            var active = 0.0
            var logPosterior = [Double](repeating: 0, count: points.count)
            for w in 0..<workers where workerHasLabels[w] {
                for (index, s) in points.enumerated() {
                    var value = logHistogram[index]
                    for j in 0..<levelCount {
                        let f = levels[j] * (1 - s)
                        let other = perceivedOther[w * levelCount + j]
                        let same = perceivedTrue[w * levelCount + j]
                        if other > 0 { value += other * log(max(f, 1e-300)) }
                        if same > 0 { value += same * log(max(1 - f, 1e-300)) }
                    }
                    logPosterior[index] = value
                }
                let top = logPosterior.max() ?? 0
                var norm = 0.0
                for index in points.indices {
                    logPosterior[index] = exp(logPosterior[index] - top)
                    norm += logPosterior[index]
                }
                var mean = 0.0
                for index in points.indices {
                    let r = logPosterior[index] / norm
                    seeThroughPosterior[w * points.count + index] = r
                    counts[index] += r
                    mean += r * points[index]
                }
                seeThrough[w] = mean
                active += 1
            }
            if active > 0 { seeThroughWeights = counts.map { $0 / active } }
        }

        mutating func updateWorkers(correct: [Double], wrong: [Double]) {
            let g = grid.count
            for c in 0..<k {
                var weighted = 0.0
                var mass = 0.0
                for w in 0..<matrix.workerCount {
                    var n = 0.0
                    for index in 0..<g { n += correct[(w * k + c) * g + index] + wrong[(w * k + c) * g + index] }
                    weighted += a[w * k + c] * n
                    mass += n
                }
                let mean = mass > 0 ? weighted / mass : 0.7
                let easiness = grid.map { 1 - $0 }
                for w in 0..<matrix.workerCount {
                    let slot = (w * k + c) * g
                    let prior = tau[c]
                    // The expected log-likelihood plus the Beta prior is concave in the accuracy:
                    // its first two derivatives drive a safeguarded Newton search.
                    a[w * k + c] = Self.maximiseConcave(lower: 0.001, upper: 0.999, start: a[w * k + c]) { value in
                        var first = prior * (mean / value - (1 - mean) / (1 - value))
                        var second = -prior * (mean / (value * value) + (1 - mean) / ((1 - value) * (1 - value)))
                        for index in 0..<g {
                            let e = easiness[index]
                            let p = min(1 - 1e-12, max(1e-12, chance + (value - chance) * e))
                            let hits = correct[slot + index]
                            let misses = wrong[slot + index]
                            first += e * (hits / p - misses / (1 - p))
                            second -= e * e * (hits / (p * p) + misses / ((1 - p) * (1 - p)))
                        }
                        return (first, second)
                    }
                }
            }
        }

        /// The maximum over [lower, upper] of a concave function given its first and second
        /// derivatives: Newton steps inside a bracket on the sign of the first derivative,
        /// bisection when a step leaves the bracket.
        static func maximiseConcave(
            lower: Double, upper: Double, start: Double, _ derivatives: (Double) -> (first: Double, second: Double)
        ) -> Double {
            if derivatives(lower).first <= 0 { return lower }
            if derivatives(upper).first >= 0 { return upper }
            var low = lower
            var high = upper
            var x = min(high, max(low, start))
            for _ in 0..<60 {
                let (first, second) = derivatives(x)
                if first > 0 { low = x } else { high = x }
                var next = second < 0 ? x - first / second : (low + high) / 2
                if !(next > low && next < high) { next = (low + high) / 2 }
                if abs(next - x) < 1e-12 || high - low < 1e-12 { return next }
                x = next
            }
            return x
        }

        /// Shifts the accuracies of each perceived class so that the model's mean label accuracy
        /// on each true class equals the observed one.
        mutating func matchMoments() {
            let meanEasiness = zip(h, grid).reduce(0) { $0 + $1.0 * (1 - $1.1) }
            guard meanEasiness > 1e-9 else { return }
            let pairShare = k > 2 ? rho + (1 - rho) / Double(k - 1) : 1
            // Observed accuracy and label-weighted mean accuracies per true class.
            var observed = [Double](repeating: 0, count: k)
            var weight = [Double](repeating: 0, count: k)
            var workerMass = [Double](repeating: 0, count: matrix.workerCount * k)
            for item in 0..<matrix.itemCount where isScored(item) {
                for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                    let w = Int(matrix.workers[entry])
                    for y in 0..<k {
                        let r = softTruth[item * k + y]
                        if r == 0 { continue }
                        weight[y] += r
                        workerMass[w * k + y] += r
                        if Int(matrix.labels[entry]) == y { observed[y] += r }
                    }
                }
            }
            for _ in 0..<30 {
                for y in 0..<k where weight[y] > 0 {
                    var mean = [Double](repeating: 0, count: k)
                    for w in 0..<matrix.workerCount {
                        for c in 0..<k { mean[c] += a[w * k + c] * workerMass[w * k + y] }
                    }
                    for c in 0..<k { mean[c] /= weight[y] }
                    var misled = 0.0
                    for z in 0..<k where z != y {
                        misled += confusable[y][z] * (1 - (chance + (mean[z] - chance) * meanEasiness)) * pairShare
                    }
                    // Share of class-y labels perceived as the confusable class: misleading items, and
                    // ambiguous ones at their level t,
                    // share of them, times the mean share of those labels' workers who do not see through.
                    var seeing = 0.0
                    for w in 0..<matrix.workerCount { seeing += seeThrough[w] * workerMass[w * k + y] }
                    let perceivedOther =
                        (pi[y] + zip(alpha[y], CrowdFit.ambiguityLevels).reduce(0) { $0 + $1.0 * $1.1 }) * (1 - seeing / weight[y])
                    let target = (observed[y] / weight[y] - perceivedOther * misled) / max(1 - perceivedOther, 1e-9)
                    let delta = (target - chance) / meanEasiness + chance - mean[y]
                    for w in 0..<matrix.workerCount { a[w * k + y] = min(0.999, max(0.001, a[w * k + y] + delta)) }
                }
            }
        }

        /// Whether `item` is scored: a gold item, or any item when the file has no gold.
        func isScored(_ item: Int) -> Bool { !hasGold || (item < truth.count && truth[item] >= 0) }

        /// Per true class, the mean over scored items of the share of their labels that are right
        /// (each item weighs the same, whatever its labels: files with adaptive redundancy give
        /// the disputed items more labels, and the majority-vote curve weighs items, not labels).
        func itemWeightedAccuracy() -> [Double] {
            var right = [Double](repeating: 0, count: k)
            var weight = [Double](repeating: 0, count: k)
            for item in 0..<matrix.itemCount where isScored(item) {
                let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
                guard !range.isEmpty else { continue }
                var counts = [Double](repeating: 0, count: k)
                for entry in range { counts[Int(matrix.labels[entry])] += 1 }
                for y in 0..<k {
                    let r = softTruth[item * k + y]
                    weight[y] += r
                    right[y] += r * counts[y] / Double(range.count)
                }
            }
            return (0..<k).map { weight[$0] > 0 ? right[$0] / weight[$0] : .nan }
        }

        func result() -> CrowdFit {
            var counts = [Int](repeating: 0, count: matrix.workerCount)
            for w in matrix.workers { counts[Int(w)] += 1 }
            var scored = hasGold ? [Int](repeating: 0, count: matrix.workerCount) : counts
            if hasGold {
                for item in 0..<min(matrix.itemCount, truth.count) where truth[item] >= 0 {
                    for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] { scored[Int(matrix.workers[entry])] += 1 }
                }
            }
            return CrowdFit(
                accuracy: a, workerLabels: counts, scoredLabels: scored, prior: prior, misleadingShare: pi, confusable: confusable,
                concentration: rho, ambiguityLevels: CrowdFit.ambiguityLevels, ambiguousShare: alpha,
                seeThroughGrid: seeThroughGrid, seeThroughPosterior: seeThroughPosterior, confusingLabels: confusingLabels, grid: grid,
                difficultyWeights: h, iterations: iterations, logLikelihood: logLikelihood, shrinkage: tau,
                misleadingIdentified: hasGold, observedAccuracy: itemWeightedAccuracy(), seeThroughSpread: fitsSpread)
        }
    }
}
