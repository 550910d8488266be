import LabelSimCore
import LabelSimGSL

/// Runs the aggregator named by `method` with its default settings.
public func aggregate(method: AggregationMethod, matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
    switch method {
    case .majority: MajorityVote().aggregate(matrix, using: rng)
    case .wawa: Wawa().aggregate(matrix, using: rng)
    case .dawidSkene: DawidSkene().aggregate(matrix, using: rng)
    case .oneCoin: OneCoinDawidSkene().aggregate(matrix, using: rng)
    case .glad: GLAD().aggregate(matrix, using: rng)
    case .mace: MACE().aggregate(matrix, using: rng)
    }
}

extension AggregationMethod {
    /// The method's name in tables (its paper's usual spelling).
    public var displayName: String {
        switch self {
        case .majority: "MV"
        case .wawa: "Wawa"
        case .dawidSkene: "Dawid-Skene"
        case .oneCoin: "One-coin DS"
        case .glad: "GLAD"
        case .mace: "MACE"
        }
    }
}
