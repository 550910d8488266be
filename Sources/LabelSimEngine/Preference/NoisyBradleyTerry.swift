import Foundation

/// Bradley–Terry with a reliability and a bias per rater ("noisy Bradley–Terry"): item scores and
/// rater parameters fitted together by maximum a posteriori.
///
/// Rater w prefers the left item i over the right item j with probability
/// σ(a_w·(s_i − s_j) + b_w): item scores s on the log-odds scale, a reliability a_w (1: the scale
/// of the scores; 0: answers at random, a spammer; negative: prefers the worse item, an adversary)
/// and a bias b_w towards the left item. crowd-kit's `NoisyBradleyTerry` has the same aim in
/// another form — a mixture: with probability σ(γ_w) Bradley–Terry, otherwise a coin that picks
/// the left item with probability σ(q_w) — which can discount a spammer but not turn an
/// adversary's answers round; a signed reliability does both, and is the rater model of
/// ``RaterPanel`` (a_w is β·s_d in reward units up to the scale of s).
///
/// The likelihood leaves the scale and the sign free ((c·s, a/c) and (−s, −a) give the same
/// probabilities) and is unbounded when an item wins every comparison. Gaussian priors fix both:
/// s_i ~ N(0, τ²), a_w ~ N(1, σ_a²) (most raters are honest), b_w ~ N(0, σ_b²). The log posterior
/// is maximised by block coordinate ascent from s = 0, a = 1, b = 0, each iteration:
///
/// 1. **Items**: one step on all scores at once, the gradient divided by 2·(Σ a²·σ(1 − σ) + 1/τ²)
///    per item (twice the diagonal of the Hessian, which bounds a comparison graph's Laplacian, so
///    the step does not overshoot on a quadratic), halved until the posterior does not fall.
/// 2. **Raters**: one Newton step on each rater's (a_w, b_w) (a 2×2 system; raters are independent
///    given s), halved per rater until that rater's posterior does not fall.
/// 3. **Scale**: (c·s, a/c) for the c > 0 that maximises the prior — the likelihood does not
///    change, and without this step coordinate ascent crawls along that ridge. The prior is
///    A·c² + (P/c² − 2Q/c + W)/(2σ_a²) in c (A = Σs²/2τ², P = Σa², Q = Σa, W raters): a grid on
///    log c, then golden-section search.
///
/// It stops when the log posterior rises by less than `tolerance` × (1 + |value|), or after
/// `maxIterations`. Deterministic (fixed order of summation).
struct NoisyBradleyTerry: Sendable {
    /// Prior sd τ of the item scores.
    var scoreSd: Double
    /// Prior sd σ_a of a rater's reliability around 1.
    var reliabilitySd: Double
    /// Prior sd σ_b of a rater's bias around 0.
    var biasSd: Double
    /// Iteration limit.
    var maxIterations: Int
    /// Relative stopping tolerance on the log posterior.
    var tolerance: Double

    /// Creates the method; the priors are weak next to a few comparisons per item.
    init(scoreSd: Double = 3, reliabilitySd: Double = 2, biasSd: Double = 0.5, maxIterations: Int = 500, tolerance: Double = 1e-9) {
        self.scoreSd = scoreSd
        self.reliabilitySd = reliabilitySd
        self.biasSd = biasSd
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// The fitted model.
    struct Fit: Sendable {
        /// Item scores s (log-odds scale; 0 for items in no comparison).
        var scores: [Double]
        /// Rater reliabilities a.
        var reliabilities: [Double]
        /// Rater biases b towards the left item.
        var biases: [Double]
        /// Iterations run.
        var iterations: Int
        /// The final log posterior.
        var logPosterior: Double
    }

    /// Fits `itemCount` items and `raterCount` raters to comparisons `(left[k], right[k])` by
    /// `raters[k]`, won by left when `leftWins[k]`.
    func fit(itemCount: Int, raterCount: Int, left: [Int32], right: [Int32], raters: [Int32], leftWins: [Bool]) -> Fit {
        let n = left.count
        let sign = leftWins.map { $0 ? 1.0 : -1.0 }
        // Comparisons grouped by rater (counting sort, stable), for the rater step.
        var start = [Int](repeating: 0, count: raterCount + 1)
        for k in 0..<n { start[Int(raters[k]) + 1] += 1 }
        for w in 0..<raterCount { start[w + 1] += start[w] }
        var byRater = [Int](repeating: 0, count: n)
        var fill = start
        for k in 0..<n {
            byRater[fill[Int(raters[k])]] = k
            fill[Int(raters[k])] += 1
        }
        var s = [Double](repeating: 0, count: itemCount)
        var a = [Double](repeating: 1, count: raterCount)
        var b = [Double](repeating: 0, count: raterCount)
        let inverseScoreVariance = 1 / (scoreSd * scoreSd)
        let inverseReliabilityVariance = 1 / (reliabilitySd * reliabilitySd)
        let inverseBiasVariance = 1 / (biasSd * biasSd)

        func logPrior(_ s: [Double], _ a: [Double], _ b: [Double]) -> Double {
            var total = 0.0
            for value in s { total -= value * value * inverseScoreVariance / 2 }
            for w in 0..<raterCount {
                total -= (a[w] - 1) * (a[w] - 1) * inverseReliabilityVariance / 2 + b[w] * b[w] * inverseBiasVariance / 2
            }
            return total
        }
        func logLikelihood(_ s: [Double], _ a: [Double], _ b: [Double]) -> Double {
            var total = 0.0
            for k in 0..<n {
                let w = Int(raters[k])
                total += Logistic.logSigmoid(sign[k] * (a[w] * (s[Int(left[k])] - s[Int(right[k])]) + b[w]))
            }
            return total
        }

        var value = logLikelihood(s, a, b) + logPrior(s, a, b)
        var gradient = [Double](repeating: 0, count: itemCount)
        var curvature = [Double](repeating: 0, count: itemCount)
        var trial = s
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let before = value
            // 1. Items.
            for i in 0..<itemCount {
                gradient[i] = -s[i] * inverseScoreVariance
                curvature[i] = inverseScoreVariance
            }
            for k in 0..<n {
                let w = Int(raters[k])
                let (i, j) = (Int(left[k]), Int(right[k]))
                let p = Logistic.sigmoid(sign[k] * (a[w] * (s[i] - s[j]) + b[w]))
                // d/dm log σ(t·m) = t·(1 − σ(t·m)); the item's share is ±a_w of it.
                let slope = sign[k] * (1 - p) * a[w]
                gradient[i] += slope
                gradient[j] -= slope
                let weight = p * (1 - p) * a[w] * a[w]
                curvature[i] += weight
                curvature[j] += weight
            }
            var scale = 1.0
            while scale > 1e-8 {
                for i in 0..<itemCount { trial[i] = s[i] + scale * gradient[i] / (2 * curvature[i]) }
                let candidate = logLikelihood(trial, a, b) + logPrior(trial, a, b)
                if candidate >= value {
                    value = candidate
                    swap(&s, &trial)
                    break
                }
                scale /= 2
            }
            // 2. Raters.
            for w in 0..<raterCount {
                let range = start[w]..<start[w + 1]
                func raterValue(_ aw: Double, _ bw: Double) -> Double {
                    var total = -(aw - 1) * (aw - 1) * inverseReliabilityVariance / 2 - bw * bw * inverseBiasVariance / 2
                    for index in range {
                        let k = byRater[index]
                        total += Logistic.logSigmoid(sign[k] * (aw * (s[Int(left[k])] - s[Int(right[k])]) + bw))
                    }
                    return total
                }
                var ga = -(a[w] - 1) * inverseReliabilityVariance
                var gb = -b[w] * inverseBiasVariance
                var haa = inverseReliabilityVariance
                var hab = 0.0
                var hbb = inverseBiasVariance
                for index in range {
                    let k = byRater[index]
                    let x = s[Int(left[k])] - s[Int(right[k])]
                    let p = Logistic.sigmoid(sign[k] * (a[w] * x + b[w]))
                    let slope = sign[k] * (1 - p)
                    ga += slope * x
                    gb += slope
                    let weight = p * (1 - p)
                    haa += weight * x * x
                    hab += weight * x
                    hbb += weight
                }
                // Newton: the negative Hessian [haa hab; hab hbb] is positive definite (priors).
                let determinant = haa * hbb - hab * hab
                guard determinant > 0 else { continue }
                let stepA = (hbb * ga - hab * gb) / determinant
                let stepB = (haa * gb - hab * ga) / determinant
                let current = raterValue(a[w], b[w])
                var scale = 1.0
                while scale > 1e-8 {
                    let candidate = raterValue(a[w] + scale * stepA, b[w] + scale * stepB)
                    if candidate >= current {
                        a[w] += scale * stepA
                        b[w] += scale * stepB
                        break
                    }
                    scale /= 2
                }
            }
            // 3. Scale.
            let c = Self.bestScale(
                scoreSquares: s.reduce(0) { $0 + $1 * $1 } * inverseScoreVariance / 2, reliabilities: a,
                inverseVariance: inverseReliabilityVariance)
            if c != 1 {
                for i in 0..<itemCount { s[i] *= c }
                for w in 0..<raterCount { a[w] /= c }
            }
            value = logLikelihood(s, a, b) + logPrior(s, a, b)
            if value - before <= tolerance * (1 + abs(value)) { break }
        }
        return Fit(scores: s, reliabilities: a, biases: b, iterations: iterations, logPosterior: value)
    }

    /// The c > 0 minimising A·c² + Σ(a_w/c − 1)²·v/2 (A = `scoreSquares`, v = `inverseVariance`); 1
    /// unless another c is strictly better.
    static func bestScale(scoreSquares: Double, reliabilities a: [Double], inverseVariance v: Double) -> Double {
        let p = a.reduce(0) { $0 + $1 * $1 }
        let q = a.reduce(0, +)
        let count = Double(a.count)
        func cost(_ logC: Double) -> Double {
            let c = exp(logC)
            return scoreSquares * c * c + (p / (c * c) - 2 * q / c + count) * v / 2
        }
        let step = 0.1
        var best = 0.0
        for k in -60...60 where cost(Double(k) * step) < cost(best) { best = Double(k) * step }
        // Golden-section search on [best − step, best + step].
        let ratio = (5.0.squareRoot() - 1) / 2
        var (low, high) = (best - step, best + step)
        for _ in 0..<40 {
            let x1 = high - ratio * (high - low)
            let x2 = low + ratio * (high - low)
            if cost(x1) < cost(x2) { high = x2 } else { low = x1 }
        }
        let found = (low + high) / 2
        return cost(found) < cost(0) ? exp(found) : 1
    }
}
