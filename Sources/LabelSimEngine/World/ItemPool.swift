import LabelSimCore
import LabelSimGSL

/// The items of one replication, as parallel arrays: true class, domain and difficulty.
///
/// Every vendor of a replication labels a prefix of the same pool (common random numbers).
public struct ItemPool: Sendable {
    /// True class of each item, in `0..<classes`.
    public var classes: [Int32]
    /// Domain index of each item (into the task's domain list).
    public var domains: [Int32]
    /// Difficulty in [0, 1] of each item.
    public var difficulty: [Double]
    /// Row-major `count × dimensions` features (empty without a feature model).
    public var features: [Double] = []
    /// Confusable class z ≠ y of each item (empty when the task has no misleading items and ρ = 0).
    public var confusable: [Int32] = []
    /// Whether each item is misleading (empty as ``confusable``).
    public var misleading: [Bool] = []
    /// Ambiguity level t of each item, 0 for an ordinary or misleading one (empty unless the task
    /// has ambiguous items).
    public var ambiguity: [Double] = []

    /// Number of items.
    public var count: Int { classes.count }

    /// Draws `count` items for `task` from `rng`; with a feature model, each item also gets
    /// features (drawn after the classes, domains and difficulties), and a `from_features`
    /// difficulty is the blend d = w·(1 − m)^s + (1 − w)·d₀ of the item's Bayes posterior margin m
    /// and its drawn difficulty d₀. Last, when the task has misleading items or concentrated
    /// errors, each item gets its confusable class (row y of M) and its misleading flag (π of its
    /// domain and class), so pools of tasks without them are unchanged.
    public static func draw(task: TaskSpec, count: Int, features model: FeatureModel? = nil, using rng: GSLRandom) throws(GSLError)
        -> ItemPool
    {
        let classSampler = try DiscreteSampler(weights: task.prior)
        let domainSampler = try DiscreteSampler(weights: task.domains.map(\.share))
        var difficultySampler: DiscreteSampler?
        if case .discrete(_, let weights) = task.difficulty { difficultySampler = try DiscreteSampler(weights: weights) }
        var classes = [Int32](repeating: 0, count: count)
        var domains = [Int32](repeating: 0, count: count)
        var difficulty = [Double](repeating: 0, count: count)
        for item in 0..<count {
            classes[item] = Int32(rng.sample(classSampler))
            domains[item] = Int32(rng.sample(domainSampler))
            switch task.difficulty {
            case .fixed(let value): difficulty[item] = value
            case .beta(let a, let b): difficulty[item] = rng.beta(a, b)
            case .discrete(let values, _):
                if let difficultySampler { difficulty[item] = values[rng.sample(difficultySampler)] }
            }
        }
        var pool = ItemPool(classes: classes, domains: domains, difficulty: difficulty)
        if let model {
            pool.features = model.drawFeatures(classes: classes, using: rng)
            if let scale = task.difficultyFromFeatures {
                let fromFeatures = model.difficulties(features: pool.features, prior: task.prior, scale: scale)
                let w = task.featureWeight
                pool.difficulty = w == 1 ? fromFeatures : zip(fromFeatures, pool.difficulty).map { w * $0 + (1 - w) * $1 }
            }
        }
        if task.misleading.isActive {
            try pool.drawMisleading(task.misleading, using: rng)
        }
        return pool
    }

    /// Draws each item's confusable class, misleading flag and ambiguity level.
    mutating func drawMisleading(_ spec: MisleadingSpec, using rng: GSLRandom) throws(GSLError) {
        let rows = try spec.confusable.map { row throws(GSLError) in try DiscreteSampler(weights: row) }
        confusable = [Int32](repeating: 0, count: count)
        misleading = [Bool](repeating: false, count: count)
        guard spec.hasAmbiguity else {
            for item in 0..<count {
                let y = Int(classes[item])
                confusable[item] = Int32(rng.sample(rows[y]))
                let share = spec.share(domain: Int(domains[item]), trueClass: y)
                misleading[item] = share > 0 && rng.uniform() < share
            }
            return
        }
        // One uniform picks the item's state: misleading below π, then each ambiguity level by its
        // share, else ordinary.
        ambiguity = [Double](repeating: 0, count: count)
        for item in 0..<count {
            let y = Int(classes[item])
            confusable[item] = Int32(rng.sample(rows[y]))
            let share = spec.share(domain: Int(domains[item]), trueClass: y)
            var u = rng.uniform()
            if u < share {
                misleading[item] = true
                continue
            }
            u -= share
            for (level, levelShare) in zip(spec.ambiguityLevels, spec.ambiguousShares[y]) {
                if u < levelShare {
                    ambiguity[item] = level
                    break
                }
                u -= levelShare
            }
        }
    }
}
