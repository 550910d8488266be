import LabelSimEngine
import LabelSimGSL
import Testing

@Suite struct SoftmaxRegressionTests {
    /// Central differences agree with the analytic gradient (hard and soft targets, with L2; one
    /// block of classes and, at K = 6, two padded blocks).
    @Test(arguments: [(false, 3), (true, 3), (false, 6), (true, 6)])
    func gradientMatchesFiniteDifferences(soft: Bool, classes k: Int) throws {
        let (d, n) = (5, 60)
        let fixture = try LearnerFixture(classes: k, dimensions: d, separation: 1.5, train: n, test: 1, seed: 11)
        let rng = GSLRandom(seed: 12)
        let targets: SoftmaxRegression.Targets
        if soft {
            targets = .soft((0..<n).flatMap { _ in rng.dirichlet([Double](repeating: 1, count: k)) })
        } else {
            targets = .hard(fixture.trainLabels)
        }
        let learner = try SoftmaxRegression(classes: k, dimensions: d, l2: 0.3)
        let point = (0..<(k * (d + 1))).map { _ in rng.gaussian(sigma: 0.7) }
        let weights = try SoftmaxWeights(classes: k, dimensions: d, values: point)
        let analytic = try learner.objective(features: fixture.trainFeatures, targets: targets, weights: weights).gradient
        let step = 1e-5
        var worst = 0.0
        for index in point.indices {
            var plus = point
            var minus = point
            plus[index] += step
            minus[index] -= step
            let up = try learner.objective(
                features: fixture.trainFeatures, targets: targets, weights: SoftmaxWeights(classes: k, dimensions: d, values: plus))
            let down = try learner.objective(
                features: fixture.trainFeatures, targets: targets, weights: SoftmaxWeights(classes: k, dimensions: d, values: minus))
            let numeric = (up.value - down.value) / (2 * step)
            worst = max(worst, abs(numeric - analytic[index]) / max(abs(numeric), abs(analytic[index]), 1e-3))
        }
        print("gradient check soft=\(soft) K=\(k): largest relative error \(worst)")
        #expect(worst < 1e-5, "largest relative error \(worst)")
    }

    @Test func oneHotSoftTargetsEqualHardTargets() throws {
        let fixture = try LearnerFixture(classes: 3, dimensions: 4, separation: 2, train: 500, test: 1, seed: 5)
        let learner = try SoftmaxRegression(classes: 3, dimensions: 4, l2: 1e-2)
        let hard = try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels))
        let oneHot = fixture.trainLabels.flatMap { label in (0..<3).map { $0 == Int(label) ? 1.0 : 0.0 } }
        let soft = try learner.fit(features: fixture.trainFeatures, targets: .soft(oneHot))
        #expect(hard.converged)
        for (a, b) in zip(hard.weights.values, soft.weights.values) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func sameSeedGivesIdenticalWeights() throws {
        func fit() throws -> SoftmaxWeights {
            let fixture = try LearnerFixture(classes: 4, dimensions: 6, separation: 2, train: 2000, test: 1, seed: 99)
            let learner = try SoftmaxRegression(classes: 4, dimensions: 6)
            return try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels)).weights
        }
        #expect(try fit() == fit())
    }

    @Test func warmStartAtTheOptimumStopsAtOnce() throws {
        let fixture = try LearnerFixture(classes: 2, dimensions: 3, separation: 2, train: 1000, test: 1, seed: 3)
        let learner = try SoftmaxRegression(classes: 2, dimensions: 3, l2: 1e-2)
        let cold = try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels))
        let warm = try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels), warmStart: cold.weights)
        #expect(cold.iterations > 0)
        #expect(warm.iterations <= 1)
    }

    /// Two padded class blocks (K = 6) and an unpenalised fit on separable data: the Newton fit
    /// converges in the first case and ends without error in the second.
    @Test func newtonHandlesManyClassesAndNoPenalty() throws {
        let fixture = try LearnerFixture(classes: 6, dimensions: 5, separation: 2, train: 3000, test: 1, seed: 8)
        let learner = try SoftmaxRegression(classes: 6, dimensions: 5, l2: 1e-3, tolerance: 1e-8)
        let fitted = try learner.fit(features: fixture.trainFeatures, targets: .hard(fixture.trainLabels))
        #expect(fitted.converged && fitted.gradientNorm <= 1e-8)
        let separable: [Double] = [-2, -1, 1, 2]
        let unpenalised = try SoftmaxRegression(classes: 2, dimensions: 1, l2: 0, maxIterations: 60)
        let apart = try unpenalised.fit(features: separable, targets: .hard([0, 0, 1, 1]))
        #expect(apart.predict(features: separable) == [0, 0, 1, 1])
    }

    @Test func rejectsMalformedInput() throws {
        let learner = try SoftmaxRegression(classes: 2, dimensions: 2)
        #expect(throws: SoftmaxRegressionError.self) { try learner.fit(features: [0, 1, 2], targets: .hard([0])) }
        #expect(throws: SoftmaxRegressionError.self) { try learner.fit(features: [0, 1], targets: .hard([2])) }
        #expect(throws: SoftmaxRegressionError.self) { try learner.fit(features: [0, .nan], targets: .hard([0])) }
        #expect(throws: SoftmaxRegressionError.self) { try SoftmaxRegression(classes: 2, dimensions: 2, l2: -1) }
    }

    @Test func metricsOnAPerfectModel() throws {
        // A model with huge weights on the right feature predicts these separated points perfectly.
        let weights = try SoftmaxWeights(classes: 2, dimensions: 1, values: [50, -50, 0, 0])
        let fitted = FittedSoftmax(weights: weights, objective: 0, gradientNorm: 0, iterations: 0, converged: true)
        let features: [Double] = [1, -1, 2, -3]
        let labels: [Int32] = [0, 1, 0, 1]
        #expect(fitted.predict(features: features) == labels)
        #expect(fitted.accuracy(features: features, labels: labels) == 1)
        #expect(fitted.macroF1(features: features, labels: labels) == 1)
        #expect(fitted.logLoss(features: features, labels: labels) < 1e-20)
    }
}
