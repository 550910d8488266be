import Foundation
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// Noisy Bradley–Terry against known scores and raters, and against plain Bradley–Terry.
@Suite struct NoisyBradleyTerryTests {
    /// Comparisons drawn from the model itself: rater w prefers left with σ(a_w(s_i − s_j) + b_w).
    struct Simulated {
        var scores: [Double] = []
        var reliabilities: [Double] = []
        var biases: [Double] = []
        var left: [Int32] = []
        var right: [Int32] = []
        var raters: [Int32] = []
        var leftWins: [Bool] = []

        mutating func compare(_ i: Int, _ j: Int, rater w: Int, using rng: GSLRandom) {
            left.append(Int32(i))
            right.append(Int32(j))
            raters.append(Int32(w))
            let m = reliabilities[w] * (scores[i] - scores[j]) + biases[w]
            leftWins.append(rng.uniform() < 1 / (1 + exp(-m)))
        }
    }

    /// 50 raters: 30 honest (a ~ U(0.5, 2), five of them with a bias of 1 towards the left item),
    /// 10 spammers (a = 0), 10 adversaries (a = −1).
    static func raters(_ data: inout Simulated, rng: GSLRandom) {
        for w in 0..<50 {
            switch w {
            case ..<30: data.reliabilities.append(0.5 + 1.5 * rng.uniform())
            case ..<40: data.reliabilities.append(0)
            default: data.reliabilities.append(-1)
            }
            data.biases.append(w < 5 ? 1 : 0)
        }
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let (mx, my) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test func recoversScoresAndRatersOnADenseGraph() throws {
        // 200 items, 30,000 comparisons of random pairs by random raters (300 per item, 600 per rater).
        let rng = GSLRandom(seed: 17)
        var data = Simulated()
        data.scores = (0..<200).map { _ in rng.gaussian(sigma: 1.5) }
        Self.raters(&data, rng: rng)
        for _ in 0..<30_000 {
            let i = rng.uniformInt(200)
            var j = rng.uniformInt(200)
            while j == i { j = rng.uniformInt(200) }
            data.compare(i, j, rater: rng.uniformInt(50), using: rng)
        }
        let fit = NoisyBradleyTerry().fit(
            itemCount: 200, raterCount: 50, left: data.left, right: data.right, raters: data.raters, leftWins: data.leftWins)
        let plain = BradleyTerry().scores(itemCount: 200, left: data.left, right: data.right, leftWins: data.leftWins).scores
        let noisyRank = PreferencePipelineTests.spearman(fit.scores, data.scores)
        let plainRank = PreferencePipelineTests.spearman(plain, data.scores)
        print(
            "dense: spearman noisy \(noisyRank), plain \(plainRank); reliability r \(Self.pearson(fit.reliabilities, data.reliabilities)); iterations \(fit.iterations)"
        )
        #expect(fit.iterations < 500)
        #expect(noisyRank >= 0.99)
        #expect(noisyRank > plainRank)
        // Reliabilities and scores up to the one scale the likelihood leaves free: correlations.
        #expect(Self.pearson(fit.reliabilities, data.reliabilities) >= 0.95)
        #expect(Self.pearson(fit.scores, data.scores) >= 0.99)
        #expect(fit.reliabilities[40...].allSatisfy { $0 < 0 }, "every adversary found")
        #expect(fit.reliabilities[30..<40].allSatisfy { abs($0) < 0.3 }, "spammers near 0")
        // The biased raters' bias, in the raters' own units (no scale to remove).
        #expect(fit.biases[0..<5].allSatisfy { abs($0 - 1) < 0.35 }, "\(fit.biases[0..<5])")
        #expect(fit.biases[5...].allSatisfy { abs($0) < 0.35 })
        let again = NoisyBradleyTerry().fit(
            itemCount: 200, raterCount: 50, left: data.left, right: data.right, raters: data.raters, leftWins: data.leftWins)
        #expect(again.scores == fit.scores && again.reliabilities == fit.reliabilities)
    }

    @Test func beatsPlainBradleyTerryOnPairsWithAdversaries() throws {
        // The preference task's layout: 10,000 disjoint pairs (items 2p, 2p + 1), each compared
        // by 3 distinct raters. Plain Bradley–Terry on one edge is the majority of its 3 votes;
        // noisy Bradley–Terry learns across pairs whom to believe and whom to turn round.
        let rng = GSLRandom(seed: 23)
        var data = Simulated()
        let pairs = 10_000
        data.scores = (0..<(2 * pairs)).map { _ in rng.gaussian(sigma: 2) }
        Self.raters(&data, rng: rng)
        var chosen: [Int] = []
        for pair in 0..<pairs {
            chosen.removeAll()
            while chosen.count < 3 {
                let w = rng.uniformInt(50)
                if !chosen.contains(w) { chosen.append(w) }
            }
            for w in chosen { data.compare(2 * pair, 2 * pair + 1, rater: w, using: rng) }
        }
        let fit = NoisyBradleyTerry().fit(
            itemCount: 2 * pairs, raterCount: 50, left: data.left, right: data.right, raters: data.raters, leftWins: data.leftWins)
        let plain = BradleyTerry().scores(itemCount: 2 * pairs, left: data.left, right: data.right, leftWins: data.leftWins).scores
        func accuracy(_ scores: [Double]) -> Double {
            var hits = 0.0
            for pair in 0..<pairs {
                let (a, b) = (scores[2 * pair], scores[2 * pair + 1])
                let truth = data.scores[2 * pair] > data.scores[2 * pair + 1]
                hits += a == b ? 0.5 : ((a > b) == truth ? 1 : 0)
            }
            return hits / Double(pairs)
        }
        let noisy = accuracy(fit.scores)
        let majority = accuracy(plain)
        print(
            "pairs: accuracy noisy \(noisy), plain \(majority); reliability r \(Self.pearson(fit.reliabilities, data.reliabilities)); iterations \(fit.iterations)"
        )
        #expect(noisy > majority + 0.05)
        #expect(Self.pearson(fit.reliabilities, data.reliabilities) >= 0.9)
        #expect(fit.reliabilities[40...].allSatisfy { $0 < 0 }, "every adversary found")
    }

    @Test func bestScaleMinimisesThePrior() {
        // A = 1, reliabilities [2, 2], v = 1: cost c² + (8/c² − 8/c + 2)/2; the minimum solves
        // 2c − 8/c³ + 4/c² = 0, i.e. c⁴ + 2c − 4 = 0 (c ≈ 1.15).
        let c = NoisyBradleyTerry.bestScale(scoreSquares: 1, reliabilities: [2, 2], inverseVariance: 1)
        #expect(c > 1.1 && c < 1.2 && abs(c * c * c * c + 2 * c - 4) < 1e-6)
        // Already optimal: A = 1, a = [2]: cost c² + (2/c − 1)²/2, least at c = 1.
        #expect(abs(NoisyBradleyTerry.bestScale(scoreSquares: 1, reliabilities: [2], inverseVariance: 1) - 1) < 1e-6)
    }
}
