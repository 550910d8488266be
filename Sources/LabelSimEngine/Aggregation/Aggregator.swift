import LabelSimCore
import LabelSimGSL

/// A method that turns the labels of an ``AnnotationMatrix`` into one label and a posterior per
/// item: majority vote, Wawa, or one of the EM methods (Dawid–Skene, one-coin Dawid–Skene, GLAD,
/// MACE), which share their loop and stopping rule (``ExpectationMaximization``).
///
/// To add a method: a type conforming here (one file in `Aggregation/`), a case of
/// `AggregationMethod` (the scenario and command-line name, in `LabelSimCore/Scenario.swift`),
/// and its line in ``AggregationMethod/aggregator``.
public protocol Aggregator: Sendable {
    /// Aggregates every item of `matrix`; ties and random starts draw from `rng`, so the same
    /// seed gives the same result.
    func aggregate(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult
}

extension AggregationMethod {
    /// The method's aggregator with its default settings.
    public var aggregator: any Aggregator {
        switch self {
        case .majority: MajorityVote()
        case .wawa: Wawa()
        case .dawidSkene: DawidSkene()
        case .oneCoin: OneCoinDawidSkene()
        case .glad: GLAD()
        case .mace: MACE()
        }
    }

    /// The method's name in tables (its paper's usual spelling).
    var displayName: String {
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
