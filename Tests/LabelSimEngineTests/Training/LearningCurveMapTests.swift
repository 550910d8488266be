import LabelSimBench
import LabelSimEngine
import LabelSimGSL
import Testing

/// The learning-curve map against trained learners, and the (1 − 2η)² law it rests on.
///
/// On the two-class Gaussian world (D = 4, s = 2) the accuracy of a linear classifier is exact:
/// with w and b the score difference of class 0 over class 1, P(correct) =
/// ½[Φ((w·μ₀ + b)/‖w‖) + Φ(−(w·μ₁ + b)/‖w‖)], so the tests average excess errors without test-set noise.
@Suite struct LearningCurveMapTests {
    static let world = (try? FeatureModel(classes: 2, dimensions: 4, separation: 2))

    /// Exact accuracy of a two-class softmax fit on ``world``.
    static func exactAccuracy(_ fitted: FittedSoftmax, _ model: FeatureModel) -> Double {
        let d = model.dimensions
        var w = [Double](repeating: 0, count: d)
        for j in 0..<d { w[j] = fitted.weights.weight(feature: j, class: 0) - fitted.weights.weight(feature: j, class: 1) }
        let b = fitted.weights.intercept(class: 0) - fitted.weights.intercept(class: 1)
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return 0.5 }
        var projected = [0.0, 0.0]
        for k in 0..<2 {
            for j in 0..<d { projected[k] += w[j] * model.means[k * d + j] }
        }
        return 0.5 * (Distributions.normalCDF((projected[0] + b) / norm) + Distributions.normalCDF(-(projected[1] + b) / norm))
    }

    /// Mean exact accuracy over `replications` fits on `items` items with labels flipped at `eta`.
    static func meanAccuracy(_ given: FeatureModel? = nil, items: Int, eta: Double, replications: Int, seed: UInt64) throws -> Double {
        let model = try #require(given ?? world)
        let learner = try SoftmaxRegression(classes: 2, dimensions: model.dimensions, l2: 1e-4)
        var total = 0.0
        for replication in 0..<replications {
            let data = try SyntheticDataset(model: model, train: items, test: 0, seed: seed &+ UInt64(replication) &* 7919)
            let labels =
                eta > 0
                ? LabelNoise.flipUniformly(data.trainLabels, classes: 2, rate: eta, using: GSLRandom(seed: seed ^ UInt64(replication)))
                : data.trainLabels
            total += exactAccuracy(try learner.fit(features: data.trainFeatures, targets: .hard(labels)), model)
        }
        return total / Double(replications)
    }

    /// Symmetric noise at rate η: n/(1 − 2η)² noisy items reach about the excess error of n clean
    /// ones. Measured (150 fits each, n = 150, D = 4): at s = 1 the ratio of the mean excess errors
    /// is 1.08 (η = 0.1) and 1.13 (η = 0.2), tested within 1 ± 0.25, while n noisy items miss by
    /// 2.0× and 3.5×. At s = 2 (a more separable world) the ratio is 1.54: the law is the
    /// weak-signal limit and a lower bound on the items noise costs (where clean labels are nearly
    /// certain, a flipped one carries relatively more surprise), tested as 1 < ratio < 2.
    @Test(arguments: [(0.1, 1.0), (0.2, 1.0), (0.2, 2.0)])
    func symmetricNoiseNeedsOneOverOneMinusTwoEtaSquaredTheItems(eta: Double, separation: Double) throws {
        let model = try FeatureModel(classes: 2, dimensions: 4, separation: separation)
        let bayes = Distributions.normalCDF(separation / 2)
        let clean = 150
        let noisy = Int((Double(clean) / ((1 - 2 * eta) * (1 - 2 * eta))).rounded())
        let cleanExcess = bayes - (try Self.meanAccuracy(model, items: clean, eta: 0, replications: 150, seed: 101))
        let noisyExcess = bayes - (try Self.meanAccuracy(model, items: noisy, eta: eta, replications: 150, seed: 202))
        let sameItems = bayes - (try Self.meanAccuracy(model, items: clean, eta: eta, replications: 150, seed: 303))
        print("s=\(separation) η=\(eta): excess clean@\(clean) \(cleanExcess), noisy@\(noisy) \(noisyExcess), noisy@\(clean) \(sameItems)")
        if separation < 1.5 {
            #expect(abs(noisyExcess / cleanExcess - 1) < 0.25)
        } else {
            #expect(noisyExcess / cleanExcess > 1 && noisyExcess / cleanExcess < 2)
        }
        #expect(sameItems / cleanExcess > 1.6)
    }

    /// The map's prediction from a clean pilot curve (8 sizes from 10 to 1600, 60 fits each) agrees with trained
    /// linear learners (60 fits each) across noise levels η = 0.1, 0.2, 0.3 and 100, 400, 1600
    /// items on the s = 2 world. Measured: within 0.9 points for η ≤ 0.2; at η = 0.3, 1.9 points
    /// optimistic at 100 items, 1.3 at 400, 0.2 at 1600 (on a separable world noise costs more than
    /// the effective-sample law says; see the (1 − 2η)² test). Tested: 1 point for η ≤ 0.2,
    /// 1.5 points for η = 0.3 and n ≥ 400, and never pessimistic by more than half a point.
    @Test func curvePredictionAgreesWithTrainedLearner() throws {
        let sizes = [10.0, 25, 50, 100, 200, 400, 800, 1600]
        let pilot = try sizes.map { try Self.meanAccuracy(items: Int($0), eta: 0, replications: 60, seed: 404) }
        let map = LearningCurveMap(curve: .points(items: sizes, accuracy: pilot), classes: 2)
        var worst = 0.0
        for eta in [0.1, 0.2, 0.3] {
            for items in [100, 400, 1600] {
                let trained = try Self.meanAccuracy(items: items, eta: eta, replications: 60, seed: 505 &+ UInt64(items))
                let predicted = map.predictedAccuracy(items: Double(items), errorRate: eta, systematicShare: 0)
                print("η=\(eta) n=\(items): trained \(trained), predicted \(predicted), diff \(predicted - trained)")
                worst = max(worst, abs(predicted - trained))
                #expect(predicted - trained > -0.005)
                if eta < 0.25 {
                    #expect(abs(predicted - trained) < 0.01)
                } else if items >= 400 {
                    #expect(abs(predicted - trained) < 0.015)
                }
            }
        }
        print("largest |predicted − trained| \(worst)")
    }

    /// Systematic errors: every label of one checkerboard region flipped (σ ≈ 1/8 of the items).
    /// The perceptron learns the wrong class there; the map's loss of ceiling,
    /// (1 − σ)·A(n_eff) + σ·(1 − A(n_eff)), with A from clean fits of the same learner, predicts
    /// its accuracy. Measured: 1.8 points optimistic (the flipped region also pulls the boundary
    /// of its neighbours); tested within 2.5.
    @Test func systematicRegionLowersTheCeilingAsMapped() throws {
        let model = try FeatureModel(classes: 2, dimensions: 2, separation: 3, components: 4)
        let rng = GSLRandom(seed: 31)
        let labels = try model.drawClasses(count: 2000, using: rng)
        let (features, components) = model.drawMixture(classes: labels, using: rng)
        let testLabels = try model.drawClasses(count: 10_000, using: rng)
        let test = model.drawMixture(classes: testLabels, using: rng).features
        let flipped = LabelNoise.flipRegion(labels, components: components, region: (0, 0), to: 1)
        let region = zip(labels, components).map { $0 == 0 && $1 == 0 }
        let learner = try MultilayerPerceptron(classes: 2, dimensions: 2, hidden: [16], learningRate: 0.01, maxEpochs: 100)
        func accuracy(items: Int, _ targets: [Int32]) throws -> Double {
            try learner.fit(
                features: Array(features[0..<(items * 2)]), targets: .hard(Array(targets[0..<items])), warmStart: nil,
                using: GSLRandom(seed: 32)
            ).scores(features: test, labels: testLabels).accuracy
        }
        let pilot = [try accuracy(items: 1000, labels), try accuracy(items: 2000, labels)]
        let map = LearningCurveMap(curve: .points(items: [1000, 2000], accuracy: pilot), classes: 2)
        let noise = LearningCurveMap.noise(labels: flipped, truth: labels[...], systematic: region)
        let predicted = map.predictedAccuracy(items: 2000, errorRate: noise.errorRate, systematicShare: noise.systematicShare)
        let trained = try accuracy(items: 2000, flipped)
        print("region σ=\(noise.systematicShare) η=\(noise.errorRate): clean \(pilot), trained \(trained), predicted \(predicted)")
        #expect(noise.errorRate == 0)
        #expect(abs(predicted - trained) < 0.025)
    }
}
