import LabelSimGSL
import Testing

@testable import LabelSimEngine

@Suite("Warm starts and Hessian reuse")
struct WarmStartTests {
    /// The oracle's start: the Bayes posterior's own weights. Same optimum as from zero (the
    /// objective is strictly convex; both stop at ‖∇J‖ ≤ 1e-6), fewer iterations.
    @Test(arguments: [(2, 6), (4, 16)])
    func bayesStartReachesTheSameOptimum(classes: Int, dimensions: Int) throws {
        let fixture = try LearnerFixture(classes: classes, dimensions: dimensions, separation: 2.5, train: 6000, test: 1, seed: 21)
        let start = try #require(ModelStage.bayesWeights(fixture.model, prior: [Double](repeating: 1, count: classes)))
        let learner = try SoftmaxRegression(classes: classes, dimensions: dimensions, l2: 1e-3)
        let cold = try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels))
        let warm = try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels), warmStart: start.weights)
        #expect(cold.converged && warm.converged)
        #expect(warm.iterations < cold.iterations, "from Bayes \(warm.iterations), from zero \(cold.iterations)")
        #expect(abs(warm.objective - cold.objective) < 1e-11)
        for (a, b) in zip(warm.weights.values, cold.weights.values) { #expect(abs(a - b) < 1e-4) }
        // The Bayes weights classify like the Bayes rule: class k where μ_k is nearest.
        let bayes = start.predict(features: fixture.trainFeatures)
        let nearest = (0..<6000).map { item in
            Int32(
                (0..<classes).min { a, b in
                    let row = fixture.trainFeatures[(item * dimensions)..<((item + 1) * dimensions)]
                    func distance(_ c: Int) -> Double {
                        zip(row, fixture.model.means[(c * dimensions)..<((c + 1) * dimensions)]).reduce(0) {
                            $0 + ($1.0 - $1.1) * ($1.0 - $1.1)
                        }
                    }
                    return distance(a) < distance(b)
                } ?? 0)
        }
        #expect(bayes == nearest)
    }

    @Test("No Bayes start for a mixture world or a prior with an empty class")
    func noBayesStart() throws {
        let mixture = try FeatureModel(classes: 2, dimensions: 2, separation: 2, components: 2)
        #expect(ModelStage.bayesWeights(mixture, prior: [1, 1]) == nil)
        let plain = try FeatureModel(classes: 3, dimensions: 3, separation: 2)
        #expect(ModelStage.bayesWeights(plain, prior: [1, 0, 1]) == nil)
    }

    /// With the Hessian factor reused once the gradient falls fast, noisy labels, soft targets and
    /// a sample smaller than the data still converge to the tolerance.
    @Test(arguments: [false, true])
    func reuseStillConverges(soft: Bool) throws {
        let fixture = try LearnerFixture(classes: 4, dimensions: 16, separation: 2.5, train: 12_000, test: 1, seed: 5)
        let rng = GSLRandom(seed: 6)
        let noisy = fixture.trainLabels.map { rng.uniform() < 0.3 ? Int32(rng.uniformInt(4)) : $0 }
        let targets: TrainingTargets =
            soft ? .soft(noisy.flatMap { label in (0..<4).map { $0 == Int(label) ? 0.7 : 0.1 } }) : .hard(noisy)
        let learner = try SoftmaxRegression(classes: 4, dimensions: 16, l2: 1e-3)
        let fitted = try learner.fit(features: fixture.trainFeatures, targets: targets)
        #expect(fitted.converged && fitted.gradientNorm <= 1e-6)
        #expect(fitted.iterations <= 12)
    }
}
