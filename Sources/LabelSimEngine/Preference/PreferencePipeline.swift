import Foundation
import LabelSimCore
import LabelSimGSL

/// A replication of a preference task (`task.kind: preference`), the second task kind beside
/// classification. Its stages, in order:
///
/// 1. **World** (``PreferenceWorld``): prompts by domain, responses with features and a true
///    reward, every pair of responses to a prompt with its true preference; held-out pairs; best-of-n
///    prompts. Drawn from the replication's world stream, shared by all vendors.
/// 2. **Raters** (``RaterPanel``): the vendor's raters, from the vendor's stream.
/// 3. **Comparisons** (``Comparisons``): the pairs the budget buys, `redundancy` raters each.
/// 4. **Pair labels** (``PairLabels``): majority (a single comparison at redundancy 1) or
///    Bradley–Terry.
/// 5. **Reward model** (``RewardModel``): Bradley–Terry logistic regression on φ(A) − φ(B), and the
///    same on the true preferences of the same pairs (the oracle).
/// 6. **Metrics**: one record of ``MetricRegistry/preferenceMetrics(task:bestOfN:)``.
public struct PreferencePipeline: Sendable {
    /// The scenario (its `preference` is non-nil).
    public let scenario: Scenario
    /// The world and raters.
    public let spec: PreferenceSpec
    /// Feature dimensions D (the last is style).
    public let dimensions: Int
    /// Held-out accuracy of the best reward model the features allow (quadrature).
    public let ceiling: Double
    /// L2 strength of the reward model.
    public static let l2 = 1e-4
    /// The metrics recorded.
    public let catalog: MetricCatalog

    /// Prepares the pipeline; nil for a classification scenario.
    init?(scenario: Scenario) throws {
        guard let spec = scenario.preference else { return nil }
        self.scenario = scenario
        self.spec = spec
        dimensions = max(2, scenario.data.features?.dimensions ?? 16)
        ceiling = try Self.ceiling(spec)
        catalog = MetricCatalog(scenario: scenario)
    }

    /// The held-out accuracy of a reward model that ranks by the visible reward, against the true
    /// preference: E[σ(|z|) q + (1 − σ(|z|))(1 − q)] with q = Φ(|z|·√v / (S·√(1 − v))), z ~ N(0, S²),
    /// S and v including the style term; E[σ(|z|)] when the features carry all of the reward.
    public static func ceiling(_ spec: PreferenceSpec) throws -> Double {
        let weight = 2 * spec.styleWeight * spec.styleWeight
        let total = (spec.rewardScale * spec.rewardScale + weight).squareRoot()
        let visible = (spec.visibleShare * spec.rewardScale * spec.rewardScale + weight) / (total * total)
        return try Quadrature.integrateOverRealLine(absoluteTolerance: 1e-10, relativeTolerance: 1e-10) { u in
            let z = abs(u) * total
            let s = Logistic.sigmoid(z)
            let q = visible >= 1 ? 1 : Distributions.normalCDF(z * visible.squareRoot() / (total * (1 - visible).squareRoot()))
            return Distributions.normalPDF(u) * (s * q + (1 - s) * (1 - q))
        }
    }

    /// The world of replication `index`, from its world stream.
    public func world(index: Int) throws -> PreferenceWorld {
        let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .world))
        return try PreferenceWorld.draw(
            spec: spec, task: scenario.task, dimensions: dimensions, poolPairs: scenario.data.trainItems,
            testPairs: scenario.data.testItems, using: rng)
    }

    /// The raw comparisons vendor `vendorIndex` delivers in replication `index`, and the stream
    /// that drew them (aggregation continues on it).
    public func comparisons(index: Int, vendor vendorIndex: Int, world: PreferenceWorld) throws -> (Comparisons, GSLRandom) {
        let (comparisons, rng, _) = try draw(index: index, vendor: vendorIndex, world: world)
        return (comparisons, rng)
    }

    /// ``comparisons(index:vendor:world:)`` with the raters who made them.
    func draw(index: Int, vendor vendorIndex: Int, world: PreferenceWorld) throws -> (Comparisons, GSLRandom, RaterPanel) {
        let vendor = scenario.vendors[vendorIndex]
        let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .vendor(vendorIndex)))
        let panel = try RaterPanel.draw(vendor: vendor, raters: spec.vendors[vendorIndex], task: scenario.task, world: spec, using: rng)
        return (Comparisons.draw(vendor: vendor, budget: scenario.budget, panel: panel, world: world, using: rng), rng, panel)
    }

    /// One vendor's metrics in replication `index`.
    public func run(index: Int, vendor vendorIndex: Int, world: PreferenceWorld, clock: StageClock = StageClock()) throws
        -> MetricRecord<Double>
    {
        let vendor = scenario.vendors[vendorIndex]
        let (comparisons, rng, panel) = try clock.time(.labeling) { try self.draw(index: index, vendor: vendorIndex, world: world) }
        let labels = clock.time(.aggregation) {
            PairLabels.aggregate(comparisons, method: spec.vendors[vendorIndex].aggregation, pool: world.pool, using: rng)
        }
        // After aggregation, so the stream is unchanged before it: a stated strength for every
        // held-out pair from one of the vendor's raters (an evaluation, not bought).
        let statedTest = (0..<world.test.count).map { pair in
            panel.compare(rater: rng.uniformInt(panel.count), pair: pair, pairs: world.test, dimensions: dimensions, using: rng).strength
        }
        let pairStrengths = spec.strengthMargin == nil ? [] : PairLabels.strengths(comparisons, labels: labels)
        let pool = world.pool
        let domains = scenario.task.domains
        var correct = [Int](repeating: 0, count: domains.count)
        var seen = [Int](repeating: 0, count: domains.count)
        var trainDifferences: [Double] = []
        var trainLabels: [UInt8] = []
        var oracleLabels: [UInt8] = []
        var margins: [Double] = []
        trainDifferences.reserveCapacity(labels.count * dimensions)
        for pair in labels.indices where labels[pair] >= 0 {
            let domain = Int(pool.domains[pair])
            seen[domain] += 1
            if UInt8(labels[pair]) == pool.truth[pair] { correct[domain] += 1 }
            trainDifferences.append(contentsOf: pool.differences[(pair * dimensions)..<((pair + 1) * dimensions)])
            trainLabels.append(UInt8(labels[pair]))
            oracleLabels.append(pool.truth[pair])
            if let table = spec.strengthMargin { margins.append(table[Int(pairStrengths[pair])]) }
        }
        var record = MetricRecord<Double>(catalog: catalog)
        let labelled = seen.reduce(0, +)
        record[.comparisonAccuracy] = labelled > 0 ? Double(correct.reduce(0, +)) / Double(labelled) : .nan
        for (domain, share) in domains.enumerated() {
            record[.comparisonAccuracy(domain: share.name)] = seen[domain] > 0 ? Double(correct[domain]) / Double(seen[domain]) : .nan
        }
        record[.raterAgreement] = Self.agreement(comparisons)
        record[.longerPreferred] = Self.longerPreferred(comparisons, pool: pool, dimensions: dimensions)
        let cost = comparisons.laborDollars * (1 + vendor.quality.overhead)
        let bought = Double(comparisons.outcomes.count)
        record[.pairsLabeled] = Double(comparisons.pairsBought)
        record[.comparisonsBought] = bought
        record[.costDollars] = cost
        record[.costPerComparison] = bought > 0 ? cost / bought : .nan
        record[.days] = bought / vendor.labelsPerHour / 24
        record[.workerDays] = comparisons.busiestRaterSeconds / 3600 / vendor.workforce.hoursPerDay
        try clock.time(.training) {
            let model = try RewardModel.fit(
                differences: trainDifferences, labels: trainLabels, dimensions: dimensions, l2: Self.l2, margins: margins)
            let evaluation = evaluate(model, world: world, stated: statedTest)
            record[.rmAccuracy] = evaluation.accuracy
            for (level, value) in zip(Metric.strengthLevels, evaluation.byLevel) { record[.rmAccuracy(level: level)] = value }
            for (level, value) in zip(Metric.strengthLevels, evaluation.byStated) { record[.rmAccuracy(stated: level)] = value }
            record[.rmStyleWeight] = styleWeight(model)
            for (n, value) in zip(spec.bestOfN, evaluation.bestOfN) { record[.bestOfNGain(n)] = value }
            let oracle = try RewardModel.fit(differences: trainDifferences, labels: oracleLabels, dimensions: dimensions, l2: Self.l2)
            record[.oracleRMAccuracy] = evaluate(oracle, world: world, stated: statedTest).accuracy
            record[.rmCeiling] = ceiling
        }
        return record
    }

    /// Held-out accuracy (a zero margin counts half), by true strength level and by the `stated`
    /// strength of each held-out pair, and best-of-n gains.
    func evaluate(_ model: RewardModel, world: PreferenceWorld, stated: [UInt8]) -> (
        accuracy: Double, byLevel: [Double], byStated: [Double], bestOfN: [Double]
    ) {
        let test = world.test
        var hits = [Double](repeating: 0, count: 4)
        var counts = [Double](repeating: 0, count: 4)
        var statedHits = [Double](repeating: 0, count: 4)
        var statedCounts = [Double](repeating: 0, count: 4)
        for pair in 0..<test.count {
            let hit = model.agreement(test.differences, pair, label: test.truth[pair])
            hits[Int(test.levels[pair])] += hit
            counts[Int(test.levels[pair])] += 1
            statedHits[Int(stated[pair])] += hit
            statedCounts[Int(stated[pair])] += 1
        }
        let accuracy = test.count > 0 ? hits.reduce(0, +) / Double(test.count) : .nan
        let byLevel = (0..<4).map { counts[$0] > 0 ? hits[$0] / counts[$0] : .nan }
        let byStated = (0..<4).map { statedCounts[$0] > 0 ? statedHits[$0] / statedCounts[$0] : .nan }
        let candidates = world.candidates
        let prompts = world.candidateRewards.count / max(candidates, 1)
        let scores = (0..<(prompts * candidates)).map { model.margin(world.candidateFeatures, $0) }
        let bestOfN = spec.bestOfN.map { n -> Double in
            var picked = 0.0
            var best = 0.0
            for prompt in 0..<prompts {
                let base = prompt * candidates
                var mean = 0.0
                var top = -Double.infinity
                var choice = base
                for k in base..<(base + n) {
                    let reward = world.candidateRewards[k]
                    mean += reward
                    top = max(top, reward)
                    if scores[k] > scores[choice] { choice = k }
                }
                mean /= Double(n)
                picked += world.candidateRewards[choice] - mean
                best += top - mean
            }
            return best > 0 ? picked / best : .nan
        }
        return (accuracy, byLevel, byStated, bestOfN)
    }

    /// The style weight the learned reward pays, in true-reward units: ŵ_style / k, where k scales
    /// the true content weights onto the learned ones (least squares).
    func styleWeight(_ model: RewardModel) -> Double {
        let truth = PreferenceWorld.trueWeights(spec, dimensions: dimensions)
        var dot = 0.0
        var square = 0.0
        for j in 0..<(dimensions - 1) {
            dot += model.weights[j] * truth[j]
            square += truth[j] * truth[j]
        }
        let scale = dot / square
        return scale > 0 ? model.weights[dimensions - 1] / scale : .nan
    }

    /// Share of agreeing rater pairs on pairs with two or more non-tie comparisons.
    static func agreement(_ comparisons: Comparisons) -> Double {
        var agree = 0
        var total = 0
        var start = 0
        let outcomes = comparisons.outcomes
        while start < outcomes.count {
            var end = start
            var a = 0
            var b = 0
            while end < outcomes.count, comparisons.pairs[end] == comparisons.pairs[start] {
                if outcomes[end] == 1 { a += 1 } else if outcomes[end] == 0 { b += 1 }
                end += 1
            }
            if a + b >= 2 {
                agree += a * (a - 1) / 2 + b * (b - 1) / 2
                total += (a + b) * (a + b - 1) / 2
            }
            start = end
        }
        return total > 0 ? Double(agree) / Double(total) : .nan
    }

    /// Share of non-tie comparisons that prefer the response with more style (the longer one).
    static func longerPreferred(_ comparisons: Comparisons, pool: PreferenceWorld.Pairs, dimensions: Int) -> Double {
        var longer = 0
        var total = 0
        for k in comparisons.outcomes.indices where comparisons.outcomes[k] >= 0 {
            let style = pool.differences[Int(comparisons.pairs[k]) * dimensions + dimensions - 1]
            guard style != 0 else { continue }
            total += 1
            if (comparisons.outcomes[k] == 1) == (style > 0) { longer += 1 }
        }
        return total > 0 ? Double(longer) / Double(total) : .nan
    }
}
