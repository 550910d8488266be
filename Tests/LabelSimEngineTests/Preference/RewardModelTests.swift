import Foundation
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The reward model's fast objective against a plain one, and its fit against the optimum.
@Suite struct RewardModelTests {
    /// `count` Bradley–Terry pairs with `dimensions` features, d ~ N(0, 2I).
    static func data(count: Int, dimensions: Int, seed: UInt64) -> (x: [Double], y: [UInt8]) {
        let rng = GSLRandom(seed: seed)
        let truth = (0..<dimensions).map { _ in rng.gaussian(sigma: 1 / Double(dimensions).squareRoot()) }
        var x = [Double](repeating: 0, count: count * dimensions)
        var y = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            var margin = 0.0
            for j in 0..<dimensions {
                x[i * dimensions + j] = rng.gaussian(sigma: 2.0.squareRoot())
                margin += truth[j] * x[i * dimensions + j]
            }
            y[i] = rng.uniform() < 1 / (1 + exp(-margin)) ? 1 : 0
        }
        return (x, y)
    }

    /// The objective and gradient over `rows`, written out term by term (with Llama 2's margin
    /// `offsets[i]` when given).
    static func plain(_ w: [Double], _ x: [Double], _ y: [UInt8], rows: [Int], l2: Double, offsets: [Double] = []) -> (
        Double, [Double]
    ) {
        let d = w.count
        var value = 0.0
        var gradient = [Double](repeating: 0, count: d)
        for i in rows {
            var margin = 0.0
            for j in 0..<d { margin += w[j] * x[i * d + j] }
            let t = y[i] == 1 ? 1.0 : -1.0
            let z = t * margin - (offsets.isEmpty ? 0 : offsets[i])
            value += log1p(exp(-z))
            let sigma = 1 / (1 + exp(z))
            for j in 0..<d { gradient[j] += -t * sigma * x[i * d + j] }
        }
        let m = Double(rows.count)
        let penalty = w.reduce(0) { $0 + $1 * $1 }
        return (value / m + l2 / 2 * penalty, (0..<d).map { gradient[$0] / m + l2 * w[$0] })
    }

    @Test(arguments: [(7, false), (32, false), (7, true), (32, true)])
    func fastObjectiveEqualsPlainOne(dimensions: Int, withMargins: Bool) {
        // 1 003 rows: a remainder after the groups of four; stride 4: every 4th block of 64 rows.
        let (x, y) = Self.data(count: 1003, dimensions: dimensions, seed: 5)
        let w = (0..<dimensions).map { 0.3 * sin(Double($0)) }
        // Llama 2's small margins by a strength level that cycles through the rows.
        let offsets = withMargins ? (0..<1003).map { [1, 2.0 / 3, 1.0 / 3, 0][$0 % 4] } : []
        let objective = RewardObjective(differences: x, labels: y, dimensions: dimensions, l2: 1e-3, margins: offsets)
        for stride in [1, 4] {
            let rows = (0..<1003).filter { ($0 / RewardObjective.blockRows) % stride == 0 }
            #expect(objective.rows(stride: stride) == rows.count)
            var gradient = [Double](repeating: 0, count: dimensions)
            let value = objective.evaluate(w, stride: stride, gradient: &gradient)
            let (expected, expectedGradient) = Self.plain(w, x, y, rows: rows, l2: 1e-3, offsets: offsets)
            #expect(abs(value - expected) < 1e-12)
            #expect(zip(gradient, expectedGradient).allSatisfy { abs($0 - $1) < 1e-12 })
            // The Hessian in single precision per 64-row block: within 1e-5 relative of the plain sum.
            var hessian = [Double](repeating: 0, count: dimensions * dimensions)
            objective.hessian(w, stride: stride, into: &hessian)
            var largest = 0.0
            var error = 0.0
            for a in 0..<dimensions {
                for b in 0..<dimensions {
                    var sum = 0.0
                    for i in rows {
                        var margin = 0.0
                        for j in 0..<dimensions { margin += w[j] * x[i * dimensions + j] }
                        if withMargins { margin = (y[i] == 1 ? margin : -margin) - offsets[i] }
                        let p = 1 / (1 + exp(-margin))
                        sum += p * (1 - p) * x[i * dimensions + a] * x[i * dimensions + b]
                    }
                    sum /= Double(rows.count)
                    largest = max(largest, abs(sum))
                    error = max(error, abs(hessian[a * dimensions + b] - sum))
                }
            }
            #expect(error < 1e-5 * largest)
        }
    }

    @Test func scoresAnyWeightsByTheFitsOwnObjective() {
        // The benchmark scores scikit-learn's weights with these: the objective equals the plain
        // sum, and the accuracy counts agreeing signs (a zero margin half).
        let (x, y) = Self.data(count: 1003, dimensions: 7, seed: 9)
        let model = RewardModel(weights: (0..<7).map { 0.3 * cos(Double($0)) })
        let (expected, _) = Self.plain(model.weights, x, y, rows: Array(0..<1003), l2: 1e-3)
        #expect(abs(model.objective(differences: x, labels: y, l2: 1e-3) - expected) < 1e-12)
        let agreeing = (0..<1003).filter { (model.margin(x, $0) > 0) == (y[$0] == 1) }.count
        #expect(model.accuracy(differences: x, labels: y) == Double(agreeing) / 1003)
        #expect(RewardModel(weights: [Double](repeating: 0, count: 7)).accuracy(differences: x, labels: y) == 0.5)
        #expect(model.accuracy(differences: [], labels: []).isNaN)
    }

    @Test(arguments: [10_000, 80_000])
    func fitReachesTheOptimum(count: Int) throws {
        // 10 000 pairs: one level; 80 000: every 16th block of 64 first (5 000 ≥ 2048 pairs), then all pairs.
        let (x, y) = Self.data(count: count, dimensions: 8, seed: 11)
        let model = try RewardModel.fit(differences: x, labels: y, dimensions: 8, l2: 1e-4, gradientTolerance: 1e-7)
        #expect((count > 50_000) == (model.subsetPasses > 0))
        let (_, gradient) = Self.plain(model.weights, x, y, rows: Array(0..<count), l2: 1e-4)
        #expect(gradient.allSatisfy { abs($0) <= 1e-7 })
        let again = try RewardModel.fit(differences: x, labels: y, dimensions: 8, l2: 1e-4, gradientTolerance: 1e-7)
        #expect(again.weights == model.weights)
    }

    @Test func fitWithMarginsReachesItsOptimum() throws {
        // 80 000 pairs (two levels), margins 1, 2/3, 1/3, 0 by row: the margin objective's gradient
        // vanishes at the fit, and the margins push the weights out (a pair must be won by more).
        let count = 80_000
        let (x, y) = Self.data(count: count, dimensions: 8, seed: 13)
        let offsets = (0..<count).map { [1, 2.0 / 3, 1.0 / 3, 0][$0 % 4] }
        let model = try RewardModel.fit(differences: x, labels: y, dimensions: 8, l2: 1e-4, margins: offsets, gradientTolerance: 1e-7)
        let (_, gradient) = Self.plain(model.weights, x, y, rows: Array(0..<count), l2: 1e-4, offsets: offsets)
        #expect(gradient.allSatisfy { abs($0) <= 1e-7 })
        let without = try RewardModel.fit(differences: x, labels: y, dimensions: 8, l2: 1e-4, gradientTolerance: 1e-7)
        let norm = { (w: [Double]) in w.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        #expect(norm(model.weights) > norm(without.weights))
    }
}
