import LabelSimGSL

/// A seeded train/test draw from a ``FeatureModel`` with uniform class prior: classes, then
/// features, from one mt19937 stream (train first, then test), so a seed fixes every value.
public struct SyntheticDataset: Sendable {
    /// The model the items were drawn from.
    public let model: FeatureModel
    /// Training features, row-major n × D.
    public let trainFeatures: [Double]
    /// True training classes.
    public let trainLabels: [Int32]
    /// Test features, row-major m × D.
    public let testFeatures: [Double]
    /// True test classes.
    public let testLabels: [Int32]

    /// Draws `train` training and `test` test items from `model` with the stream seeded `seed`.
    public init(model: FeatureModel, train: Int, test: Int, seed: UInt64) throws(FeatureModelError) {
        guard train >= 0, test >= 0 else {
            throw .invalidParameter(name: "item count", value: "\(min(train, test))", expected: "at least 0")
        }
        let rng = GSLRandom(seed: seed)
        self.model = model
        trainLabels = try model.drawClasses(count: train, using: rng)
        trainFeatures = model.drawFeatures(classes: trainLabels, using: rng)
        testLabels = try model.drawClasses(count: test, using: rng)
        testFeatures = model.drawFeatures(classes: testLabels, using: rng)
    }
}
