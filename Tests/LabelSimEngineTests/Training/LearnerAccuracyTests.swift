import LabelSimBench
import LabelSimEngine
import LabelSimGSL
import Testing

/// How close the fitted learner gets to the Bayes accuracy, with clean and noisy labels.
@Suite struct LearnerAccuracyTests {
    @Test(arguments: [2, 4])
    func cleanLabelsApproachBayesAccuracy(classes: Int) throws {
        let fixture = try LearnerFixture(classes: classes, dimensions: 8, separation: 2, train: 50_000, test: 20_000, seed: 21)
        let bayes = try fixture.model.bayesAccuracy()
        let accuracy = try fixture.testAccuracy()
        print("clean K=\(classes): accuracy \(accuracy), Bayes \(bayes)")
        #expect(abs(accuracy - bayes) < 0.01)
    }

    @Test(arguments: [0.1, 0.3])
    func symmetricNoiseCostsLittle(rate: Double) throws {
        let fixture = try LearnerFixture(classes: 2, dimensions: 8, separation: 2, train: 50_000, test: 20_000, seed: 31)
        let noisy = LabelNoise.flipUniformly(fixture.trainLabels, classes: 2, rate: rate, using: GSLRandom(seed: 32))
        let bayes = try fixture.model.bayesAccuracy()
        let accuracy = try fixture.testAccuracy(trainedOn: noisy)
        print("symmetric η=\(rate): accuracy \(accuracy), Bayes \(bayes)")
        #expect(abs(accuracy - bayes) < 0.02)
    }

    /// At η = 0.5 the labels are independent of the features, so the model learns nothing: its
    /// probabilities stay near ½. The direction of its tiny weights is random, so a single fit's
    /// accuracy scatters around chance (by Φ((s/2)·cos θ) for a random angle θ); the mean over
    /// seeds is chance within three of its standard errors.
    @Test func halfNoiseIsChance() throws {
        var accuracies: [Double] = []
        var largestDeviation = 0.0
        for seed in 0..<6 {
            let fixture = try LearnerFixture(
                classes: 2, dimensions: 8, separation: 2, train: 50_000, test: 10_000, seed: 40 + UInt64(seed))
            let noisy = LabelNoise.flipUniformly(fixture.trainLabels, classes: 2, rate: 0.5, using: GSLRandom(seed: 50 + UInt64(seed)))
            let learner = try SoftmaxRegression(classes: 2, dimensions: 8, l2: 1e-4)
            let fitted = try learner.fit(features: fixture.trainFeatures, targets: .hard(noisy))
            accuracies.append(fitted.accuracy(features: fixture.testFeatures, labels: fixture.testLabels))
            let probabilities = fitted.probabilities(features: fixture.testFeatures)
            let meanDeviation = probabilities.reduce(0.0) { $0 + abs($1 - 0.5) } / Double(probabilities.count)
            largestDeviation = max(largestDeviation, meanDeviation)
        }
        let mean = accuracies.reduce(0, +) / Double(accuracies.count)
        let variance = accuracies.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(accuracies.count - 1)
        let standardError = (variance / Double(accuracies.count)).squareRoot()
        print("symmetric η=0.5: accuracies \(accuracies), mean \(mean) ± \(standardError), mean |p − ½| ≤ \(largestDeviation)")
        #expect(abs(mean - 0.5) < max(0.02, 3 * standardError))
        #expect(largestDeviation < 0.02)
    }

    @Test func oneWayNoiseCostsMoreThanSymmetricNoise() throws {
        let fixture = try LearnerFixture(classes: 2, dimensions: 8, separation: 2, train: 50_000, test: 20_000, seed: 61)
        let symmetric = LabelNoise.flipUniformly(fixture.trainLabels, classes: 2, rate: 0.2, using: GSLRandom(seed: 62))
        let oneWay = LabelNoise.flipOneWay(fixture.trainLabels, from: 0, to: 1, rate: 0.2, using: GSLRandom(seed: 62))
        let symmetricAccuracy = try fixture.testAccuracy(trainedOn: symmetric)
        let oneWayAccuracy = try fixture.testAccuracy(trainedOn: oneWay)
        print("η=0.2: symmetric \(symmetricAccuracy), one-way \(oneWayAccuracy)")
        #expect(oneWayAccuracy < symmetricAccuracy - 0.03)
    }
}
