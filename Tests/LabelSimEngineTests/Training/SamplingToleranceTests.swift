import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The softmax fit's sampling stopping rule (``SoftmaxRegression/samplingTolerance``) and the
/// accuracy-only scoring pass the simulation's oracle uses.
@Suite struct SamplingToleranceTests {
    /// The rule's premise, exactly: at the population optimum θ* the mean gradient of n items
    /// has E‖∇J_n(θ*)‖² = tr(Cov ∇ℓ)/n, and when the model holds Cov ∇ℓ is the Fisher
    /// information, whose trace is E[Σ_c p_c(1 − p_c)·(1 + ‖x‖²)]. Gaussian classes with unit
    /// covariance make softmax regression exact, with the Bayes weights as θ* (no penalty), so
    /// the mean of ‖∇J_n(θ*)‖² over 400 draws must match the trace over n within its Monte
    /// Carlo error; and the data term of ``SoftmaxRegression/curvature(features:targets:weights:)``,
    /// the trace the rule reads, must match it within its 2,048-item sample's error.
    @Test func gradientSamplingErrorIsTheFisherTrace() throws {
        let (k, d, n, draws) = (3, 4, 500, 400)
        let model = try FeatureModel(classes: k, dimensions: d, separation: 1.5)
        let prior = [Double](repeating: 1.0 / Double(k), count: k)
        let optimum = try #require(ModelStage.bayesWeights(model, prior: prior))
        let unpenalised = try SoftmaxRegression(classes: k, dimensions: d, l2: 0)
        var squares: [Double] = []
        for draw in 0..<draws {
            let data = try SyntheticDataset(model: model, train: n, test: 0, seed: 1000 + UInt64(draw))
            let gradient = try unpenalised.objective(
                features: data.trainFeatures, targets: .hard(data.trainLabels), weights: optimum.weights
            )
            .gradient
            squares.append(gradient.reduce(0) { $0 + $1 * $1 })
        }
        let mean = squares.reduce(0, +) / Double(draws)
        let spread = (squares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1)).squareRoot()
        let error = spread / Double(draws).squareRoot()
        // The Fisher trace from a large sample (its own error is far below the check's).
        let big = try SyntheticDataset(model: model, train: 200_000, test: 0, seed: 7)
        let p = optimum.probabilities(features: big.trainFeatures)
        var trace = 0.0
        for item in 0..<200_000 {
            var squaredNorm = 1.0
            for j in 0..<d { squaredNorm += big.trainFeatures[item * d + j] * big.trainFeatures[item * d + j] }
            var spreadOfClasses = 0.0
            for c in 0..<k { spreadOfClasses += p[item * k + c] * (1 - p[item * k + c]) }
            trace += spreadOfClasses * squaredNorm
        }
        trace /= 200_000
        let expected = trace / Double(n)
        print("E‖∇J_n(θ*)‖²: \(mean) ± \(error) over \(draws) draws; tr(Fisher)/n = \(expected)")
        #expect(abs(mean - expected) < 4 * error, "mean \(mean) ± \(error), expected \(expected)")
        // The rule's trace: the curvature's diagonal without the penalty and the 1/K per intercept.
        let l2 = 1e-3
        let learner = try SoftmaxRegression(classes: k, dimensions: d, l2: l2)
        let hessian = try learner.curvature(features: big.trainFeatures, targets: .hard(big.trainLabels), weights: optimum.weights)
        let parameters = k * (d + 1)
        let diagonal = (0..<parameters).reduce(0.0) { $0 + hessian[$1 * parameters + $1] }
        let sampled = diagonal - l2 * Double(k * d) - 1
        print("the rule's trace from the sampled Hessian: \(sampled); exact \(trace)")
        #expect(abs(sampled / trace - 1) < 0.08, "sampled trace \(sampled), exact \(trace)")
    }

    /// A fit under the rule stops at f·√(tr H/n) (within the drift of the trace between the
    /// Hessian it last estimated and the one at its end), far above the 1e-10 tolerance, in
    /// fewer passes than the tight fit, and predicts the test set as the tight fit does.
    @Test func fitStopsAtTheSamplingThreshold() throws {
        let (k, d, n, f, l2) = (4, 8, 4000, 1e-3, 1e-3)
        let fixture = try LearnerFixture(classes: k, dimensions: d, separation: 2, train: n, test: 5000, seed: 31)
        let targets = SoftmaxRegression.Targets.hard(fixture.trainLabels)
        let tight = try SoftmaxRegression(classes: k, dimensions: d, l2: l2, tolerance: 1e-10)
            .fit(features: fixture.trainFeatures, targets: targets)
        let rule = try SoftmaxRegression(classes: k, dimensions: d, l2: l2, tolerance: 1e-10, samplingTolerance: f)
        let loose = try rule.fit(features: fixture.trainFeatures, targets: targets)
        let hessian = try rule.curvature(features: fixture.trainFeatures, targets: targets, weights: loose.weights)
        let parameters = k * (d + 1)
        let data = (0..<parameters).reduce(0.0) { $0 + hessian[$1 * parameters + $1] } - l2 * Double(k * d) - 1
        let threshold = f * (data / Double(n)).squareRoot()
        print(
            "sampling rule: stopped at ‖∇J‖ = \(loose.gradientNorm) (threshold ≈ \(threshold)) after \(loose.evaluations) passes;"
                + " tight: \(tight.gradientNorm) after \(tight.evaluations)")
        #expect(tight.converged && loose.converged)
        #expect(loose.gradientNorm <= 1.25 * threshold)
        #expect(loose.gradientNorm > 1e-8)
        #expect(loose.evaluations < tight.evaluations)
        #expect(loose.objective >= tight.objective - 1e-15)
        #expect(loose.objective - tight.objective < 1e-8)
        let a = loose.predict(features: fixture.testFeatures)
        let b = tight.predict(features: fixture.testFeatures)
        let differing = zip(a, b).filter { $0 != $1 }.count
        #expect(differing <= 5, "\(differing) of 5,000 test predictions differ")
    }

    /// The threshold itself, on a hand-made Hessian: f·√((tr H − l2·K·D − 1)/n), never below the
    /// tolerance, and the tolerance when the rule is off, the data trace is not positive or the
    /// matrix has the wrong size.
    @Test func stoppingThresholdIsTheFormula() throws {
        let (k, d, l2) = (3, 2, 0.01)
        let parameters = k * (d + 1)
        var hessian = [Double](repeating: 0.3, count: parameters * parameters)
        for index in 0..<parameters { hessian[index * parameters + index] = 0.5 + Double(index) / 10 }
        // Diagonal sum 0.5·9 + (0 + 1 + … + 8)/10 = 8.1; data trace 8.1 − 0.01·6 − 1 = 7.04.
        let rule = try SoftmaxRegression(classes: k, dimensions: d, l2: l2, tolerance: 1e-6, samplingTolerance: 1e-3)
        #expect(abs(rule.stoppingThreshold(hessian: hessian, items: 400) - 1e-3 * (7.04 / 400).squareRoot()) < 1e-15)
        let tight = try SoftmaxRegression(classes: k, dimensions: d, l2: l2, tolerance: 1e-2, samplingTolerance: 1e-3)
        #expect(tight.stoppingThreshold(hessian: hessian, items: 400) == 1e-2)
        let off = try SoftmaxRegression(classes: k, dimensions: d, l2: l2, tolerance: 1e-6)
        #expect(off.stoppingThreshold(hessian: hessian, items: 400) == 1e-6)
        let penaltyOnly = (0..<(parameters * parameters)).map { index -> Double in
            let (row, column) = (index / parameters, index % parameters)
            guard row == column else { return 0 }
            return row < k * d ? l2 : 1 / Double(k)
        }
        #expect(rule.stoppingThreshold(hessian: penaltyOnly, items: 400) == 1e-6)
        #expect(rule.stoppingThreshold(hessian: [1, 2, 3], items: 400) == 1e-6)
    }

    @Test func negativeOrNonFiniteSamplingToleranceIsRejected() {
        #expect(throws: SoftmaxRegressionError.self) { try SoftmaxRegression(classes: 2, dimensions: 2, samplingTolerance: -1) }
        #expect(throws: SoftmaxRegressionError.self) { try SoftmaxRegression(classes: 2, dimensions: 2, samplingTolerance: .nan) }
    }

    /// The accuracy-only pass gives the same bits as the full scores, for one to four padded
    /// lanes and for more classes than one SIMD block (the probability-array fallback).
    @Test(arguments: [2, 3, 4, 6])
    func accuracyPassEqualsScoresAccuracy(classes k: Int) throws {
        let d = 5
        let fixture = try LearnerFixture(classes: k, dimensions: d, separation: 1, train: 1, test: 3000, seed: UInt64(40 + k))
        let rng = GSLRandom(seed: 9)
        let values = (0..<(k * (d + 1))).map { _ in rng.gaussian(sigma: 1) }
        let fitted = FittedSoftmax(
            weights: try SoftmaxWeights(classes: k, dimensions: d, values: values), objective: .nan, gradientNorm: .nan, iterations: 0,
            converged: false)
        let scores = fitted.scores(features: fixture.testFeatures, labels: fixture.testLabels)
        let accuracy = fitted.accuracy(features: fixture.testFeatures, labels: fixture.testLabels)
        #expect(accuracy == scores.accuracy)
        #expect(accuracy > 0 && accuracy < 1)
        let any: any ProbabilisticClassifier = fitted
        #expect(any.accuracy(features: fixture.testFeatures, labels: fixture.testLabels) == scores.accuracy)
    }

    /// Exact ties (class 1 a copy of class 0) take the pass's slow path, which must pick the lower
    /// class as the probabilities do, at small and huge score scales.
    @Test(arguments: [2, 3, 4], [1e-12, 1.0, 1e8, -1e8, 1e150])
    func accuracyPassOnTies(classes k: Int, scale: Double) throws {
        let d = 3
        let fixture = try LearnerFixture(classes: k, dimensions: d, separation: 1, train: 1, test: 400, seed: UInt64(60 + k))
        let rng = GSLRandom(seed: 10)
        var values = (0..<(k * (d + 1))).map { _ in rng.gaussian(sigma: 1) * scale }
        for j in 0...d { values[j * k + 1] = values[j * k] }
        let fitted = FittedSoftmax(
            weights: try SoftmaxWeights(classes: k, dimensions: d, values: values), objective: .nan, gradientNorm: .nan, iterations: 0,
            converged: false)
        let reference = ClassifierScores(
            probabilities: fitted.probabilities(features: fixture.testFeatures), labels: fixture.testLabels, classes: k)
        #expect(fitted.accuracy(features: fixture.testFeatures, labels: fixture.testLabels) == reference.accuracy)
        #expect(fitted.scores(features: fixture.testFeatures, labels: fixture.testLabels).accuracy == reference.accuracy)
    }
}

/// Non-finite features are found through the objective's class sums, not a pass of their own:
/// the error still names the first bad value, comes before any target error, and large finite
/// values whose sums overflow are not called non-finite.
@Suite struct FeatureValidationTests {
    let learner: SoftmaxRegression

    init() throws { learner = try SoftmaxRegression(classes: 3, dimensions: 2) }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteFeatureIsNamed(value: Double) {
        var features = [Double](repeating: 0.5, count: 20)
        features[7] = value
        features[13] = value
        #expect(throws: SoftmaxRegressionError.invalidValue(what: "features", index: 7, value: "\(value)")) {
            try learner.fit(features: features, targets: .hard([Int32](repeating: 1, count: 10)))
        }
        // Soft targets, even where the item's target for some class is 0.
        let soft = (0..<10).flatMap { _ in [0.0, 1.0, 0.0] }
        #expect(throws: SoftmaxRegressionError.invalidValue(what: "features", index: 7, value: "\(value)")) {
            try learner.fit(features: features, targets: .soft(soft))
        }
        // A bad feature is reported before a bad label.
        #expect(throws: SoftmaxRegressionError.invalidValue(what: "features", index: 7, value: "\(value)")) {
            try learner.fit(features: features, targets: .hard([Int32](repeating: 5, count: 10)))
        }
    }

    @Test func overflowingFiniteFeaturesAreNotCalledNonFinite() {
        let features = [Double](repeating: 1e308, count: 20)
        do {
            _ = try learner.fit(features: features, targets: .hard([Int32](repeating: 1, count: 10)))
        } catch let error {
            if case .invalidValue = error { Issue.record("finite features called invalid: \(error)") }
        }
    }
}
