import LabelSimEngine
import LabelSimGSL

/// A seeded ``SyntheticDataset`` and its feature model, shared by the learner tests.
struct LearnerFixture {
    let model: FeatureModel
    let trainFeatures: [Double]
    let trainLabels: [Int32]
    let testFeatures: [Double]
    let testLabels: [Int32]

    init(classes: Int, dimensions: Int, separation: Double, train: Int, test: Int, seed: UInt64) throws {
        model = try FeatureModel(classes: classes, dimensions: dimensions, separation: separation)
        let data = try SyntheticDataset(model: model, train: train, test: test, seed: seed)
        trainLabels = data.trainLabels
        trainFeatures = data.trainFeatures
        testLabels = data.testLabels
        testFeatures = data.testFeatures
    }

    /// Test accuracy of softmax regression trained on `labels` (default: the clean ones).
    func testAccuracy(trainedOn labels: [Int32]? = nil, l2: Double = 1e-4) throws -> Double {
        let learner = try SoftmaxRegression(classes: model.classes, dimensions: model.dimensions, l2: l2)
        let fitted = try learner.fit(features: trainFeatures, targets: .hard(labels ?? trainLabels))
        return fitted.accuracy(features: testFeatures, labels: testLabels)
    }
}
