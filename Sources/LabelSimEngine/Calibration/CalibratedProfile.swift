import Foundation
import LabelSimCore
import LabelSimGSL

/// A vendor profile and task block fitted to an annotation file (``CrowdFit``), in labelsim's
/// scenario terms, and its YAML.
///
/// From the fitted per-worker accuracies: a worker whose informativeness
/// J = (Σ_k a_k − 1)/(K − 1) is below ``spammerInformativeness`` (0 for labels independent of the
/// truth, 1 for a perfect worker) is a spammer. The mixture is weighted by each worker's labels on
/// the gold items (``CrowdFit/scoredLabels``; all labels when every item or none is gold): gold
/// may have been labelled by a different mix than the rest of the file, and the profile describes
/// the crowd whose accuracy was measured. The spammers' answer weights are their weighted label
/// frequencies; the diligent workers' accuracy per class is a Beta with the weighted mean and
/// variance of their fitted accuracies, and their probability of seeing through a confusing item
/// the mixture of their posteriors over its grid; the spammers' workload weight is their weighted labels per
/// worker relative to the diligent workers'. The workload is `zipf: s` over all the file's labels,
/// with s found by bisection so that simulated assignment (the file's labels per item, distinct
/// workers drawn by weight) reproduces the file's log-log slope of labels against worker rank.
public struct CalibratedProfile: Sendable {
    /// Number of classes.
    public var classes: Int
    /// Items in the file.
    public var items: Int
    /// Workers in the file.
    public var workers: Int
    /// Workers with at least one label (the profile's workforce size).
    var activeWorkers: Int
    /// Labels in the file.
    public var labels: Int
    /// Items with gold.
    public var goldItems: Int
    /// The file's labels per item.
    var labelsPerItem: [Int]
    /// Class prior.
    public var prior: [Double]
    /// Share of diligent workers.
    var diligentShare: Double
    /// Beta(a, b) of diligent accuracy per perceived class.
    var diligentBeta: [(a: Double, b: Double)]
    /// Share of spammers.
    var spammerShare: Double
    /// Spammers' answer weights.
    var spammerWeights: [Double]
    /// Spammers' workload weight relative to diligent workers.
    var spammerWorkload: Double
    /// Zipf exponent of the workload.
    public var zipf: Double
    /// Difficulty values and weights.
    public var difficulty: (values: [Double], weights: [Double])
    /// π per class.
    public var misleadingShare: [Double]
    /// Whether π was estimated from gold.
    var misleadingIdentified: Bool
    /// M rows.
    var confusable: [[Double]]
    /// ρ.
    var concentration: Double
    /// Ambiguity levels t.
    var ambiguityLevels: [Double]
    /// Per true class, the share of items at each ambiguity level.
    var ambiguousShare: [[Double]]
    /// The diligent workers' distribution of the probability of seeing through a confusing item
    /// (values and weights; empty when the file has no confusing items or nobody sees through).
    var seesThrough: (values: [Double], weights: [Double])

    /// The mean of ``seesThrough`` (0 when empty).
    var seesThroughMean: Double { zip(seesThrough.values, seesThrough.weights).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The standard deviation of ``seesThrough``.
    var seesThroughDeviation: Double {
        let mean = seesThroughMean
        let second = zip(seesThrough.values, seesThrough.weights).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
        return (max(0, second - mean * mean)).squareRoot()
    }

    /// Whether the fit drew each worker's probability of seeing through (``CrowdFit/seeThroughSpread``).
    public var seeThroughSpread: Bool

    /// Threshold on J below which a worker counts as a spammer.
    static let spammerInformativeness = 0.1

    /// The largest number of labels on one item.
    public var redundancy: Int { labelsPerItem.max() ?? 1 }

    /// Builds the profile from `fit` of `matrix`.
    public init(fit: CrowdFit, matrix: AnnotationMatrix, goldItems: Int, using rng: GSLRandom) {
        let k = matrix.classCount
        classes = k
        items = matrix.itemCount
        workers = matrix.workerCount
        labels = matrix.labelCount
        self.goldItems = goldItems
        labelsPerItem = (0..<matrix.itemCount).map { matrix.itemStart[$0 + 1] - matrix.itemStart[$0] }
        prior = fit.prior
        var frequencies = [Double](repeating: 0, count: workers * k)
        for entry in 0..<matrix.labelCount { frequencies[Int(matrix.workers[entry]) * k + Int(matrix.labels[entry])] += 1 }
        var isSpammer = [Bool](repeating: false, count: workers)
        for w in 0..<workers where fit.workerLabels[w] > 0 {
            let sum = (0..<k).reduce(0) { $0 + fit.accuracy[w * k + $1] }
            isSpammer[w] = (sum - 1) / Double(k - 1) < Self.spammerInformativeness
        }
        activeWorkers = max(1, (0..<workers).filter { fit.workerLabels[$0] > 0 }.count)
        // The mixture describes the workers as they labelled the scored (gold) items: gold may
        // have been labelled by a different mix than the rest of the file, and accuracy is only
        // measured there. With every item gold (or none) these are all the labels.
        let weight = fit.scoredLabels
        let active = (0..<workers).filter { weight[$0] > 0 }
        let spammers = active.filter { isSpammer[$0] }
        let diligent = active.filter { !isSpammer[$0] }
        spammerShare = active.isEmpty ? 0 : Double(spammers.count) / Double(active.count)
        diligentShare = 1 - spammerShare
        var answerWeights = [Double](repeating: 1e-9, count: k)
        for w in spammers {
            for c in 0..<k { answerWeights[c] += Double(weight[w]) * frequencies[w * k + c] / Double(max(1, fit.workerLabels[w])) }
        }
        let weightTotal = answerWeights.reduce(0, +)
        spammerWeights = answerWeights.map { $0 / weightTotal }
        let spamLabels = spammers.reduce(0) { $0 + weight[$1] }
        let diligentLabels = diligent.reduce(0) { $0 + weight[$1] }
        if spammers.isEmpty || diligent.isEmpty || diligentLabels == 0 {
            spammerWorkload = 1
        } else {
            spammerWorkload = (Double(spamLabels) / Double(spammers.count)) / (Double(diligentLabels) / Double(diligent.count))
        }
        diligentBeta = (0..<k).map { c in
            var mass = 0.0
            var sum = 0.0
            var squares = 0.0
            for w in diligent {
                let n = Double(weight[w])
                mass += n
                sum += n * fit.accuracy[w * k + c]
                squares += n * fit.accuracy[w * k + c] * fit.accuracy[w * k + c]
            }
            guard mass > 0 else { return (8, 2) }
            let mean = min(0.995, max(0.005, sum / mass))
            let variance = max(1e-6, squares / mass - (sum / mass) * (sum / mass))
            let strength = min(1000, max(2, mean * (1 - mean) / variance - 1))
            return (mean * strength, (1 - mean) * strength)
        }
        seesThrough = Self.seeThroughMixture(fit: fit, diligent: diligent, weight: weight)
        var values: [Double] = []
        var difficultyWeights: [Double] = []
        for (value, weight) in zip(fit.grid, fit.difficultyWeights) where weight >= 1e-4 {
            values.append(value)
            difficultyWeights.append(weight)
        }
        let kept = difficultyWeights.reduce(0, +)
        difficulty = (values, difficultyWeights.map { $0 / kept })
        misleadingShare = fit.misleadingShare
        misleadingIdentified = fit.misleadingIdentified
        confusable = fit.confusable
        concentration = fit.concentration
        ambiguityLevels = fit.ambiguityLevels
        ambiguousShare = fit.ambiguousShare
        seeThroughSpread = fit.seeThroughSpread
        zipf = Self.fitZipf(labelsPerItem: labelsPerItem, workerLabels: fit.workerLabels, using: rng)
        matchLabelAccuracy(observed: fit.observedAccuracy)
    }

    /// Shifts the diligent type's mean accuracy per class (each Beta keeps its strength) so that
    /// the profile's mean label accuracy on each true class equals the observed one. In the
    /// profile, diligent workers answer as the response model says: they perceive the confusable
    /// class on a share of the items (misleading and ambiguous, times 1 − the mean seeing
    /// through), then are right with chance + (a − chance)·E[1 − d], the pair member getting
    /// ρ + (1 − ρ)/(K − 1) of the errors; spammers answer by their weights without looking, on
    /// share × workload of the labels. The fit matches these moments with every worker's own
    /// accuracy; the profile replaces the spammers' accuracies by their answer weights, which
    /// moves them (on adult_content the spammers answer X on 1.5% of their labels, and the
    /// profile's X accuracy fell 3.5 points below the file's before this step).
    mutating func matchLabelAccuracy(observed: [Double]) {
        let k = classes
        guard observed.count == k, diligentShare > 0 else { return }
        let chance = 1 / Double(k)
        let easiness = zip(difficulty.values, difficulty.weights).reduce(0) { $0 + $1.1 * (1 - $1.0) }
        guard easiness > 1e-9 else { return }
        let pairShare = k > 2 ? concentration + (1 - concentration) / Double(k - 1) : 1
        let spammerLabels = spammerShare * spammerWorkload
        let spammer = spammerLabels / (spammerLabels + diligentShare)
        // Per true class: the share of diligent labels cast on the confusable class.
        let confused = (0..<k).map { y in
            let levels = y < ambiguousShare.count ? zip(ambiguousShare[y], ambiguityLevels).reduce(0) { $0 + $1.0 * $1.1 } : 0
            return ((y < misleadingShare.count ? misleadingShare[y] : 0) + levels) * (1 - seesThroughMean)
        }
        var means = diligentBeta.map { $0.a / ($0.a + $0.b) }
        for _ in 0..<30 {
            for y in 0..<k where observed[y].isFinite {
                // A confused label lands on y when the worker, perceiving z, errs onto the pair member.
                var misled = 0.0
                for z in 0..<k where z != y && y < confusable.count && z < confusable[y].count {
                    misled += confusable[y][z] * (1 - (chance + (means[z] - chance) * easiness)) * pairShare
                }
                let spammerRight = spammerWeights.count == k ? spammerWeights[y] : chance
                let diligentTarget = (observed[y] - spammer * spammerRight) / max(1 - spammer, 1e-9)
                let target = (diligentTarget - confused[y] * misled) / max(1 - confused[y], 1e-9)
                means[y] = min(0.995, max(0.005, (target - chance) / easiness + chance))
            }
        }
        diligentBeta = zip(diligentBeta, means).map { beta, mean in
            let strength = beta.a + beta.b
            return (mean * strength, (1 - mean) * strength)
        }
    }

    /// The diligent workers' posteriors over the seeing-through grid, averaged with their gold-label
    /// weights (the mixture of posteriors is the nonparametric estimate of the population, not
    /// shrunk like the posterior means); grid points below 1e-4 are dropped. Empty without
    /// evidence (fewer than one expected label on confusing items) or when the mean is below 1e-3.
    static func seeThroughMixture(fit: CrowdFit, diligent: [Int], weight: [Int]) -> (values: [Double], weights: [Double]) {
        let points = fit.seeThroughGrid.count
        guard fit.confusingLabels >= 1, points > 0, fit.seeThroughPosterior.count >= fit.workerLabels.count * points else {
            return ([], [])
        }
        var mixture = [Double](repeating: 0, count: points)
        var mass = 0.0
        for w in diligent {
            let n = Double(weight[w])
            mass += n
            for index in 0..<points { mixture[index] += n * fit.seeThroughPosterior[w * points + index] }
        }
        guard mass > 0 else { return ([], []) }
        var values: [Double] = []
        var weights: [Double] = []
        for index in 0..<points where mixture[index] / mass >= 1e-4 {
            values.append(fit.seeThroughGrid[index])
            weights.append(mixture[index] / mass)
        }
        let kept = weights.reduce(0, +)
        weights = weights.map { $0 / kept }
        let mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return mean < 1e-3 ? ([], []) : (values, weights)
    }

    // MARK: - Workload

    /// Least-squares slope of log(labels) on log(rank) over workers with labels.
    static func rankSlope(_ counts: [Int]) -> Double {
        let sorted = counts.filter { $0 > 0 }.sorted(by: >)
        guard sorted.count >= 2 else { return 0 }
        let xs = sorted.indices.map { log(Double($0 + 1)) }
        let ys = sorted.map { log(Double($0)) }
        let mx = xs.reduce(0, +) / Double(xs.count)
        let my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0
        var sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// Labels per worker when the items' labels go to distinct workers drawn with weights rank^−s.
    static func simulatedCounts(exponent s: Double, workers: Int, labelsPerItem: [Int], seed: UInt64) -> [Int] {
        let rng = GSLRandom(seed: seed)
        let weights = (1...workers).map { pow(Double($0), -s) }
        guard let sampler = try? DiscreteSampler(weights: weights) else { return [] }
        var counts = [Int](repeating: 0, count: workers)
        var chosen: [Int] = []
        for n in labelsPerItem {
            chosen.removeAll(keepingCapacity: true)
            for _ in 0..<min(n, workers) {
                var worker = rng.sample(sampler)
                var tries = 0
                while chosen.contains(worker), tries < 1000 {
                    worker = rng.sample(sampler)
                    tries += 1
                }
                if chosen.contains(worker) { worker = (0..<workers).first { !chosen.contains($0) } ?? worker }
                chosen.append(worker)
                counts[worker] += 1
            }
        }
        return counts
    }

    static func fitZipf(labelsPerItem: [Int], workerLabels: [Int], using rng: GSLRandom) -> Double {
        let active = workerLabels.filter { $0 > 0 }.count
        guard active >= 2 else { return 0 }
        let target = rankSlope(workerLabels)
        let seed = UInt64(rng.uniformInt(1 << 30)) + 1
        var low = 0.0
        var high = 4.0
        for _ in 0..<30 {
            let middle = (low + high) / 2
            let slope = rankSlope(simulatedCounts(exponent: middle, workers: active, labelsPerItem: labelsPerItem, seed: seed))
            // Steeper weights give a more negative slope.
            if slope > target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
