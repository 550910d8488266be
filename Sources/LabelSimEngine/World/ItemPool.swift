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

    /// Number of items.
    public var count: Int { classes.count }

    /// Draws `count` items for `task` from `rng`; with a feature model, each item also gets
    /// features (drawn after the classes, domains and difficulties), and `from_features` difficulty
    /// replaces the drawn one by (1 − the item's Bayes posterior margin)^scale.
    public static func draw(task: TaskSpec, count: Int, features model: FeatureModel? = nil, using rng: GSLRandom) throws(GSLError)
        -> ItemPool
    {
        let classSampler = try DiscreteSampler(weights: task.prior)
        let domainSampler = try DiscreteSampler(weights: task.domains.map(\.share))
        var classes = [Int32](repeating: 0, count: count)
        var domains = [Int32](repeating: 0, count: count)
        var difficulty = [Double](repeating: 0, count: count)
        for item in 0..<count {
            classes[item] = Int32(rng.sample(classSampler))
            domains[item] = Int32(rng.sample(domainSampler))
            switch task.difficulty {
            case .fixed(let value): difficulty[item] = value
            case .beta(let a, let b): difficulty[item] = rng.beta(a, b)
            }
        }
        var pool = ItemPool(classes: classes, domains: domains, difficulty: difficulty)
        if let model {
            pool.features = model.drawFeatures(classes: classes, using: rng)
            if let scale = task.difficultyFromFeatures {
                pool.difficulty = model.difficulties(features: pool.features, prior: task.prior, scale: scale)
            }
        }
        return pool
    }
}
