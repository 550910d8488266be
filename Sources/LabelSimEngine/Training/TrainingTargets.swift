/// What a learner is trained to predict for each item.
public enum TrainingTargets: Sendable, Equatable {
    /// One class per item, each in `0..<K`.
    case hard([Int32])
    /// A probability row per item, item-major n × K (for example an aggregator's posterior);
    /// each row must have a positive sum and is scaled to sum to one.
    case soft([Double])

    /// Number of items the targets describe, for K classes.
    public func count(classes: Int) -> Int {
        switch self {
        case .hard(let labels): labels.count
        case .soft(let rows): rows.count / max(1, classes)
        }
    }

    /// The targets of the items at `indices`, in that order.
    func subset(_ indices: [Int], classes: Int) -> TrainingTargets {
        switch self {
        case .hard(let labels): .hard(indices.map { labels[$0] })
        case .soft(let rows):
            .soft(indices.flatMap { rows[($0 * classes)..<(($0 + 1) * classes)] })
        }
    }
}
