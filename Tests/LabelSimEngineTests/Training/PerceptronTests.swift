import LabelSimBench
import LabelSimEngine
import LabelSimGSL
import Testing

/// The multilayer perceptron: reproducible, and with capacity where a linear model has none.
@Suite struct PerceptronTests {
    /// The XOR world (K = 2, two components per class, D = 2, s = 3) and a split of it.
    static func xor(train: Int, test: Int, seed: UInt64) throws -> (model: FeatureModel, data: SyntheticDataset) {
        let model = try FeatureModel(classes: 2, dimensions: 2, separation: 3, components: 2)
        return (model, try SyntheticDataset(model: model, train: train, test: test, seed: seed))
    }

    static func small(_ model: FeatureModel) throws -> MultilayerPerceptron {
        try MultilayerPerceptron(classes: model.classes, dimensions: model.dimensions, hidden: [16], learningRate: 0.01, maxEpochs: 100)
    }

    @Test func sameSeedSameNetworkAndPinnedValues() throws {
        let (model, data) = try Self.xor(train: 400, test: 10, seed: 5)
        let learner = try Self.small(model)
        let first = try learner.fitNetwork(features: data.trainFeatures, targets: .hard(data.trainLabels), using: GSLRandom(seed: 9))
        let again = try learner.fitNetwork(features: data.trainFeatures, targets: .hard(data.trainLabels), using: GSLRandom(seed: 9))
        let other = try learner.fitNetwork(features: data.trainFeatures, targets: .hard(data.trainLabels), using: GSLRandom(seed: 10))
        #expect(first == again)
        #expect(first.parameters != other.parameters)
        #expect(first.epochs == 41)
        #expect(first.bestEpoch == 31)
        #expect(abs(first.probabilities(features: [0.5, -0.25])[0] - 0.29202111205525744) < 1e-12)
    }

    /// With clean labels the perceptron reaches the Bayes accuracy of the XOR world (Monte Carlo,
    /// standard error ≈ 3e-4) within a point; softmax regression cannot (it stays near chance).
    @Test func cleanLabelsReachBayesAccuracyWhereLinearCannot() throws {
        let (model, data) = try Self.xor(train: 2000, test: 10_000, seed: 11)
        let bayes = try model.mixtureBayesAccuracy(samples: 50_000)
        let network = try Self.small(model).fit(
            features: data.trainFeatures, targets: .hard(data.trainLabels), warmStart: nil, using: GSLRandom(seed: 12))
        let accuracy = network.scores(features: data.testFeatures, labels: data.testLabels).accuracy
        let linear = try SoftmaxRegression(classes: 2, dimensions: 2).fit(features: data.trainFeatures, targets: .hard(data.trainLabels))
            .accuracy(features: data.testFeatures, labels: data.testLabels)
        print("XOR: Bayes \(bayes.value) ± \(bayes.standardError), mlp \(accuracy), linear \(linear)")
        #expect(abs(accuracy - bayes.value) < 0.01)
        #expect(linear < 0.6)
    }

    /// For XOR the Bayes accuracy has a closed form, p² + (1 − p)² with p = Φ(s/2): the Monte Carlo
    /// estimate agrees within three standard errors.
    @Test func mixtureBayesAccuracyMatchesXORClosedForm() throws {
        let model = try FeatureModel(classes: 2, dimensions: 3, separation: 3, components: 2)
        let estimate = try model.mixtureBayesAccuracy(samples: 50_000)
        let p = Distributions.normalCDF(1.5)
        #expect(abs(estimate.value - (p * p + (1 - p) * (1 - p))) < 3 * estimate.standardError)
        #expect(estimate.standardError < 1e-3)
    }

    /// On the Gaussian world, where the Bayes accuracy is Φ(s/2) exactly, the perceptron is within a point too.
    @Test func cleanLabelsReachBayesAccuracyOnGaussians() throws {
        let model = try FeatureModel(classes: 2, dimensions: 4, separation: 2)
        let data = try SyntheticDataset(model: model, train: 2000, test: 10_000, seed: 13)
        let network = try Self.small(model).fit(
            features: data.trainFeatures, targets: .hard(data.trainLabels), warmStart: nil, using: GSLRandom(seed: 14))
        let accuracy = network.scores(features: data.testFeatures, labels: data.testLabels).accuracy
        print("Gaussian: Bayes \(Distributions.normalCDF(1)), mlp \(accuracy)")
        #expect(abs(accuracy - Distributions.normalCDF(1)) < 0.01)
    }

    /// The same share of flipped labels costs the perceptron far more when the flips fill one
    /// region (every label of one checkerboard component, 1/8 of the items) than spread uniformly
    /// (Zhang et al. 2017; the concentrated-noise case of the k-NN and deep-net literature).
    @Test func concentratedNoiseCostsMoreThanUniformNoise() throws {
        let model = try FeatureModel(classes: 2, dimensions: 2, separation: 3, components: 4)
        let rng = GSLRandom(seed: 21)
        let labels = try model.drawClasses(count: 2000, using: rng)
        let (features, components) = model.drawMixture(classes: labels, using: rng)
        let testLabels = try model.drawClasses(count: 10_000, using: rng)
        let test = model.drawMixture(classes: testLabels, using: rng).features
        let region = LabelNoise.flipRegion(labels, components: components, region: (0, 0), to: 1)
        let share = Double(zip(region, labels).filter { $0 != $1 }.count) / Double(labels.count)
        let uniform = LabelNoise.flipUniformly(labels, classes: 2, rate: share, using: GSLRandom(seed: 22))
        let learner = try Self.small(model)
        func accuracy(_ targets: [Int32]) throws -> Double {
            try learner.fit(features: features, targets: .hard(targets), warmStart: nil, using: GSLRandom(seed: 23))
                .scores(features: test, labels: testLabels).accuracy
        }
        let clean = try accuracy(labels)
        let concentrated = try accuracy(region)
        let spread = try accuracy(uniform)
        print("flips \(share): clean \(clean), uniform \(spread), concentrated \(concentrated)")
        #expect(clean - spread < 0.03)
        #expect(clean - concentrated > 0.05)
    }
}
