import LabelSimCore
import LabelSimGSL

/// A test set the lab buys from a vendor (`evaluation`): fresh items from the world, labelled by
/// that vendor's workforce at the given redundancy and aggregated by its method — the labels a
/// lab would measure its models against — beside the items' true classes.
///
/// Drawn once per replication from its `.evaluation` stream (items, then the labelling vendor's
/// workers and labels), so it is the same for every vendor's model and changes no other stream.
public struct EvaluationSet: Sendable {
    /// Features of the items, row-major n × D.
    public let features: [Double]
    /// True classes.
    public let truth: [Int32]
    /// The labelling vendor's aggregated labels.
    public let labels: [Int32]

    /// Buys the set of `scenario.evaluation` for replication `replication`; nil without one.
    public static func draw(scenario: Scenario, replication: Int, features model: FeatureModel) throws -> EvaluationSet? {
        guard let spec = scenario.evaluation, let vendor = scenario.vendors.first(where: { $0.name == spec.vendor }) else {
            return nil
        }
        let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: replication, stream: .evaluation))
        let pool = try ItemPool.draw(task: scenario.task, count: spec.items, features: model, using: rng)
        // The labelling vendor works as usual, at the set's redundancy, for exactly its items.
        // Its own seed, so a reviewer's stream is not the training labels' reviewer stream; no
        // features or model, so preparing it trains nothing.
        var buyer = scenario
        let index = scenario.vendors.firstIndex { $0.name == spec.vendor } ?? 0
        buyer.vendors[index].quality.redundancy = .fixed(spec.redundancy)
        buyer.seed = StreamSeed.mix(scenario.seed ^ 0x4556_414C)
        buyer.data.features = nil
        buyer.model = ModelSpec()
        buyer.budget = .items(spec.items)
        buyer.deadlineDays = nil
        buyer.data.trainItems = spec.items
        buyer.evaluation = nil
        let outcome = try Replication(scenario: buyer).label(vendorIndex: index, replication: replication, pool: pool, using: rng)
        var labels = vendor.quality.aggregation.aggregator.aggregate(outcome.matrix, using: rng).labels
        for (item, reviewed) in outcome.reviewLabels.enumerated() where reviewed >= 0 && item < labels.count { labels[item] = reviewed }
        return EvaluationSet(features: pool.features, truth: Array(pool.classes[0..<labels.count]), labels: labels)
    }

    /// Sets the metrics of ``MetricRegistry/evaluationMetrics`` for a model's `predictions` of the
    /// set's items: accuracy against the bought labels, against the truth, their difference, and
    /// the labels' own accuracy.
    public func record(predictions: [Int32], into record: inout MetricRecord<Double>) {
        guard !labels.isEmpty else { return }
        let n = Double(labels.count)
        var measured = 0
        var correct = 0
        var labelCorrect = 0
        for index in labels.indices {
            if predictions[index] == labels[index] { measured += 1 }
            if predictions[index] == truth[index] { correct += 1 }
            if labels[index] == truth[index] { labelCorrect += 1 }
        }
        let measuredAccuracy = Double(measured) / n
        let trueAccuracy = Double(correct) / n
        record[.measuredAccuracy] = measuredAccuracy
        record[.evaluationTrueAccuracy] = trueAccuracy
        record[.measurementError] = measuredAccuracy - trueAccuracy
        record[.evaluationLabelAccuracy] = Double(labelCorrect) / n
    }
}
