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
///   first moments; the curve at k = 1 is exactly that mean).
///
/// Without gold, truth comes from the same EM started at Dawid–Skene posteriors, and π is held at
/// the share given (it is not identifiable from labels alone).
public struct CrowdFit: Sendable {
    /// Class-conditional easy-item accuracy, row-major workers × K.
    public var accuracy: [Double]
    /// Labels given by each worker.
    public var workerLabels: [Int]
    /// Class prior.
    public var prior: [Double]
    /// π per true class.
    public var misleadingShare: [Double]
    /// M, K × K rows (zero diagonal).
    public var confusable: [[Double]]
    /// ρ.
    public var concentration: Double
    /// Difficulty grid values.
    public var grid: [Double]
    /// Histogram weights over ``grid``.
    public var difficultyWeights: [Double]
    /// EM iterations run.
    public var iterations: Int
    /// Final log-likelihood.
    public var logLikelihood: Double
    /// Shrinkage pseudo-counts per class.
    public var shrinkage: [Double]
    /// Whether π was estimated (gold present) or held fixed.
    public var misleadingIdentified: Bool

    /// Grid points for difficulty.
    public static let gridSize = 11
    /// EM iteration cap.
    public static let maxIterations = 150

    /// Fits `matrix`; `truth` holds a gold class per item or −1; `misleadingShare` is used when
    /// no item has gold.
    public static func fit(matrix: AnnotationMatrix, truth: [Int32], misleadingShare fixedShare: Double = 0, using rng: GSLRandom)
        -> CrowdFit
    {
        var engine = Engine(matrix: matrix, truth: truth, fixedShare: fixedShare, rng: rng)
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
        var a: [Double]
        var prior: [Double]
        var pi: [Double]
        var confusable: [[Double]]
        var rho = 0.0
        var h: [Double]
        var tau: [Double]
        var iterations = 0
        var logLikelihood = -Double.infinity
        /// Posterior truth used for moment matching when there is no gold.
        var softTruth: [Double]

        init(matrix: AnnotationMatrix, truth: [Int32], fixedShare: Double, rng: GSLRandom) {
            self.matrix = matrix
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
            for item in 0..<matrix.itemCount where !hasGold || (item < truth.count && truth[item] >= 0) {
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

        /// Log-probabilities of the three label outcomes (perceived, pair member, elsewhere) per
        /// worker, perceived class and grid point.
        func logTable() -> [Double] {
            let g = grid.count
            let pairShare = k > 2 ? rho + (1 - rho) / Double(k - 1) : 1
            let restShare = k > 2 ? (1 - rho) / Double(k - 1) : 1
            var table = [Double](repeating: 0, count: matrix.workerCount * k * g * 3)
            for w in 0..<matrix.workerCount {
                for c in 0..<k {
                    for (index, d) in grid.enumerated() {
                        let p = min(1 - 1e-9, max(1e-9, chance + (a[w * k + c] - chance) * (1 - d)))
                        let slot = ((w * k + c) * g + index) * 3
                        table[slot] = log(p)
                        table[slot + 1] = log((1 - p) * pairShare)
                        table[slot + 2] = log(max(1e-300, (1 - p) * restShare))
                    }
                }
            }
            return table
        }

        mutating func step() {
            let g = grid.count
            let table = logTable()
            let workers = matrix.workerCount
            var correctStats = [Double](repeating: 0, count: workers * k * g)
            var wrongStats = [Double](repeating: 0, count: workers * k * g)
            var hCounts = [Double](repeating: 1e-12, count: g)
            var misCounts = [Double](repeating: 0, count: k)
            var classCounts = [Double](repeating: 0, count: k)
            var pairCounts = [[Double]](repeating: [Double](repeating: 1e-3, count: k), count: k)
            for y in 0..<k { pairCounts[y][y] = 0 }
            var toPair = 0.0
            var toRest = 0.0
            var total = 0.0
            // Per item: S[per][other][g] = Σ labels log P(label | per, other, g).
            var sums = [Double](repeating: 0, count: k * k * g)
            var post = [Double](repeating: 0, count: k * k * g)
            let logPi = pi.map { log(max($0, 1e-300)) }
            let logNotPi = pi.map { log(max(1 - $0, 1e-300)) }
            let logH = h.map { log(max($0, 1e-300)) }
            let logPrior = prior.map { log(max($0, 1e-300)) }
            let logM = confusable.map { $0.map { log(max($0, 1e-300)) } }
            var newSoft = softTruth
            for item in 0..<matrix.itemCount {
                let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
                if range.isEmpty { continue }
                for index in sums.indices { sums[index] = 0 }
                for entry in range {
                    let w = Int(matrix.workers[entry])
                    let l = Int(matrix.labels[entry])
                    for per in 0..<k {
                        for other in 0..<k where other != per {
                            let outcome = l == per ? 0 : (l == other ? 1 : 2)
                            let base = (per * k + other) * g
                            let slot = (w * k + per) * g
                            for index in 0..<g { sums[base + index] += table[(slot + index) * 3 + outcome] }
                        }
                    }
                }
                let gold = item < truth.count && truth[item] >= 0
                let candidates = gold ? [Int(truth[item])] : Array(0..<k)
                // Joint log posterior of (y, m, z, g), accumulated into post[per][other][g].
                var best = -Double.infinity
                var terms: [(y: Int, m: Int, z: Int, g: Int, value: Double)] = []
                terms.reserveCapacity(candidates.count * 2 * (k - 1) * g)
                for y in candidates {
                    for z in 0..<k where z != y {
                        for m in 0..<2 {
                            if m == 1 && pi[y] <= 0 { continue }
                            let (per, other) = m == 1 ? (z, y) : (y, z)
                            let head = logPrior[y] + (m == 1 ? logPi[y] : logNotPi[y]) + logM[y][z]
                            let base = (per * k + other) * g
                            for index in 0..<g {
                                let value = head + logH[index] + sums[base + index]
                                terms.append((y, m, z, index, value))
                                best = max(best, value)
                            }
                        }
                    }
                }
                var norm = 0.0
                for term in terms { norm += exp(term.value - best) }
                total += best + log(norm)
                for index in post.indices { post[index] = 0 }
                var itemClass = [Double](repeating: 0, count: k)
                for term in terms {
                    let r = exp(term.value - best) / norm
                    if r < 1e-12 { continue }
                    let (per, other) = term.m == 1 ? (term.z, term.y) : (term.y, term.z)
                    post[(per * k + other) * g + term.g] += r
                    hCounts[term.g] += r
                    itemClass[term.y] += r
                    if gold || !hasGold {
                        classCounts[term.y] += r
                        if term.m == 1 { misCounts[term.y] += r }
                        pairCounts[term.y][term.z] += r
                    }
                }
                for c in 0..<k { newSoft[item * k + c] = itemClass[c] }
                for entry in range {
                    let w = Int(matrix.workers[entry])
                    let l = Int(matrix.labels[entry])
                    for per in 0..<k {
                        for other in 0..<k where other != per {
                            let base = (per * k + other) * g
                            let slot = (w * k + per) * g
                            for index in 0..<g {
                                let r = post[base + index]
                                if r == 0 { continue }
                                if l == per {
                                    correctStats[slot + index] += r
                                } else {
                                    wrongStats[slot + index] += r
                                    if l == other { toPair += r } else { toRest += r }
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
            let classTotal = classCounts.reduce(0, +)
            if classTotal > 0 { prior = classCounts.map { max($0, 1e-9) / classTotal } }
            if hasGold {
                for y in 0..<k where classCounts[y] > 0 { pi[y] = misCounts[y] / classCounts[y] }
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
            updateWorkers(correct: correctStats, wrong: wrongStats)
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
                for w in 0..<matrix.workerCount {
                    let slot = (w * k + c) * g
                    a[w * k + c] = maximise(lower: 0.001, upper: 0.999) { value in
                        var objective = tau[c] * (mean * log(value) + (1 - mean) * log(1 - value))
                        for index in 0..<g {
                            let p = chance + (value - chance) * (1 - grid[index])
                            let hits = correct[slot + index]
                            let misses = wrong[slot + index]
                            if hits > 0 { objective += hits * log(max(p, 1e-300)) }
                            if misses > 0 { objective += misses * log(max(1 - p, 1e-300)) }
                        }
                        return objective
                    }
                }
            }
        }

        /// Golden-section search for the maximum of a unimodal function.
        func maximise(lower: Double, upper: Double, _ f: (Double) -> Double) -> Double {
            let ratio = (5.0.squareRoot() - 1) / 2
            var low = lower
            var high = upper
            var x1 = high - ratio * (high - low)
            var x2 = low + ratio * (high - low)
            var f1 = f(x1)
            var f2 = f(x2)
            for _ in 0..<40 {
                if f1 < f2 {
                    low = x1
                    x1 = x2
                    f1 = f2
                    x2 = low + ratio * (high - low)
                    f2 = f(x2)
                } else {
                    high = x2
                    x2 = x1
                    f2 = f1
                    x1 = high - ratio * (high - low)
                    f1 = f(x1)
                }
            }
            return (low + high) / 2
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
            for item in 0..<matrix.itemCount {
                let gold = item < truth.count && truth[item] >= 0
                if hasGold && !gold { continue }
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
                    let target = (observed[y] / weight[y] - pi[y] * misled) / max(1 - pi[y], 1e-9)
                    let delta = (target - chance) / meanEasiness + chance - mean[y]
                    for w in 0..<matrix.workerCount { a[w * k + y] = min(0.999, max(0.001, a[w * k + y] + delta)) }
                }
            }
        }

        func result() -> CrowdFit {
            var counts = [Int](repeating: 0, count: matrix.workerCount)
            for w in matrix.workers { counts[Int(w)] += 1 }
            return CrowdFit(
                accuracy: a, workerLabels: counts, prior: prior, misleadingShare: pi, confusable: confusable, concentration: rho,
                grid: grid, difficultyWeights: h, iterations: iterations, logLikelihood: logLikelihood, shrinkage: tau,
                misleadingIdentified: hasGold)
        }
    }
}
