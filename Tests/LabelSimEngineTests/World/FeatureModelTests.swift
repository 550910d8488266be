import Foundation
import LabelSimEngine
import LabelSimGSL
import Testing

@Suite struct FeatureModelTests {
    @Test(arguments: [(2, 16, 16), (3, 8, 8), (3, 8, 2), (4, 16, 16), (4, 16, 3), (5, 6, 4)])
    func classMeansAreEquidistant(classes: Int, dimensions: Int, informative: Int) throws {
        let model = try FeatureModel(classes: classes, dimensions: dimensions, separation: 2.5, informative: informative)
        for a in 0..<classes {
            for b in (a + 1)..<classes {
                var squared = 0.0
                for j in 0..<dimensions {
                    let diff = model.means[a * dimensions + j] - model.means[b * dimensions + j]
                    squared += diff * diff
                    if j >= informative { #expect(model.means[a * dimensions + j] == 0) }
                }
                #expect(abs(squared.squareRoot() - 2.5) < 1e-12)
            }
        }
    }

    @Test func rejectsTooFewInformativeDimensions() {
        #expect(throws: FeatureModelError.self) { try FeatureModel(classes: 4, dimensions: 8, separation: 1, informative: 2) }
        #expect(throws: FeatureModelError.self) { try FeatureModel(classes: 1, dimensions: 8, separation: 1) }
        #expect(throws: FeatureModelError.self) { try FeatureModel(classes: 2, dimensions: 8, separation: -1) }
    }

    @Test(arguments: [0.5, 1.0, 2.0, 3.0])
    func binaryBayesAccuracyIsExactlyPhiOfHalfSeparation(separation: Double) throws {
        let model = try FeatureModel(classes: 2, dimensions: 4, separation: separation)
        #expect(try model.bayesAccuracy() == Distributions.normalCDF(separation / 2))
        // The general integral agrees with the closed form (checks the K-class formula at K = 2).
        let integral = try Quadrature.integrateOverRealLine { z in
            Distributions.normalPDF(z) * Distributions.normalCDF(z + separation / 2.0.squareRoot())
        }
        #expect(abs(integral - Distributions.normalCDF(separation / 2)) < 1e-10)
    }

    /// The K = 4 quadrature matches a seeded Monte Carlo run of the Bayes classifier itself.
    @Test(arguments: [(nil as [Double]?), [0.4, 0.3, 0.2, 0.1]])
    func fourClassBayesAccuracyMatchesMonteCarlo(prior: [Double]?) throws {
        let model = try FeatureModel(classes: 4, dimensions: 4, separation: 2)
        let exact = try model.bayesAccuracy(prior: prior)
        let rng = GSLRandom(seed: 2024)
        let count = 200_000
        let labels = try model.drawClasses(count: count, prior: prior, using: rng)
        let features = model.drawFeatures(classes: labels, using: rng)
        var correct = 0
        for item in 0..<count {
            let posterior = model.posterior(features: features[item * 4..<(item + 1) * 4], prior: prior)
            let predicted = posterior.indices.max { posterior[$0] < posterior[$1] } ?? 0
            if predicted == Int(labels[item]) { correct += 1 }
        }
        let estimate = Double(correct) / Double(count)
        let standardError = (estimate * (1 - estimate) / Double(count)).squareRoot()
        print("K=4 prior \(prior ?? []): quadrature \(exact), Monte Carlo \(estimate) ± \(standardError)")
        #expect(abs(estimate - exact) < 3 * standardError, "quadrature \(exact), Monte Carlo \(estimate) ± \(standardError)")
    }

    @Test func drawsRecoverClassMeans() throws {
        let model = try FeatureModel(classes: 3, dimensions: 5, separation: 3)
        let rng = GSLRandom(seed: 7)
        let labels = try model.drawClasses(count: 30_000, using: rng)
        let features = model.drawFeatures(classes: labels, using: rng)
        for k in 0..<3 {
            let rows = labels.indices.filter { labels[$0] == Int32(k) }
            for j in 0..<5 {
                let mean = rows.reduce(0.0) { $0 + features[$1 * 5 + j] } / Double(rows.count)
                // Five standard errors of a mean of unit-variance draws.
                #expect(abs(mean - model.means[k * 5 + j]) < 5 / Double(rows.count).squareRoot())
            }
        }
    }

    @Test func drawsArePinnedAndReproducible() throws {
        let model = try FeatureModel(classes: 2, dimensions: 3, separation: 2)
        let first = model.drawFeatures(classes: [0, 1], using: GSLRandom(seed: 42))
        let second = model.drawFeatures(classes: [0, 1], using: GSLRandom(seed: 42))
        #expect(first == second)
        // Class 0 mean (1, 0, 0), class 1 mean (−1, 0, 0), plus GSL ziggurat draws for seed 42.
        let pinned: [Double] = [
            0.18873643164193754, 1.0925563343237223, -1.8730739565482541, -1.1464003095698105, -1.6537030443954495,
            -1.2815925532287542,
        ]
        for (value, expected) in zip(first, pinned) { #expect(abs(value - expected) < 1e-12) }
    }

    @Test func marginAndDifficultyFollowTheBoundary() throws {
        let model = try FeatureModel(classes: 2, dimensions: 2, separation: 2)
        #expect(abs(model.margin(features: [0, 5][...])) < 1e-12)
        #expect(model.difficulty(features: [0, 0][...]) == 1)
        let far = model.difficulty(features: [4, 0][...])
        #expect(far < 0.01)
        #expect(model.difficulty(features: [0.5, 0][...], scale: 2) < model.difficulty(features: [0.5, 0][...]))
        let posterior = model.posterior(features: [1, 0][...])
        // Log-odds of class 0 at x₁ = 1 are ⟨x, μ₀ − μ₁⟩ = s·x₁ = 2.
        #expect(abs(posterior[0] - 1 / (1 + exp(-2.0))) < 1e-12)
    }

    /// The batch form runs the per-row arithmetic on one buffer; for K ≤ 4 with the softmax fit's
    /// SIMD exponential (a few units in the last place from the C library's), so within 1e-14.
    @Test(arguments: [(2, nil as [Double]?), (4, [0.4, 0.3, 0.2, 0.1])])
    func difficultiesMatchTheRowByRowArithmetic(classes: Int, prior: [Double]?) throws {
        let model = try FeatureModel(classes: classes, dimensions: 5, separation: 2)
        let rng = GSLRandom(seed: 8)
        let features = model.drawFeatures(classes: try model.drawClasses(count: 500, prior: prior, using: rng), using: rng)
        for scale in [1.0, 2.0] {
            let all = model.difficulties(features: features, prior: prior, scale: scale)
            for item in 0..<500 {
                let single = model.difficulty(features: features[(item * 5)..<((item + 1) * 5)], prior: prior, scale: scale)
                #expect(abs(all[item] - single) <= 1e-14, "item \(item): \(all[item]) vs \(single)")
            }
        }
    }
}
