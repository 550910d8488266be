import Foundation
import LabelSimGSL

/// Pieces every iterative aggregator shares: the majority-vote start, numerically safe
/// normalisation in log space and seeded hard decisions (the EM loop itself is
/// ``ExpectationMaximization``).
enum AggregationSupport {
    /// Probabilities never go below this inside a logarithm, so no method produces `-inf` or NaN.
    static let probabilityFloor = 1e-300

    /// Soft majority vote: item-major vote shares, uniform for an item with no labels.
    ///
    /// Deterministic (no tie-breaking), which makes it the starting point of every EM method.
    static func voteShares(_ matrix: AnnotationMatrix) -> [Double] {
        let classes = matrix.classCount
        var shares = [Double](repeating: 0, count: matrix.itemCount * classes)
        let uniform = 1 / Double(max(classes, 1))
        shares.withUnsafeMutableBufferPointer { out in
            matrix.itemStart.withUnsafeBufferPointer { starts in
                matrix.labels.withUnsafeBufferPointer { labels in
                    for item in 0..<matrix.itemCount {
                        let start = starts[item]
                        let end = starts[item + 1]
                        let row = item * classes
                        if start == end {
                            for k in 0..<classes { out[row + k] = uniform }
                            continue
                        }
                        let weight = 1 / Double(end - start)
                        for slot in start..<end { out[row + Int(labels[slot])] += weight }
                    }
                }
            }
        }
        return shares
    }

    /// Replaces `values[0..<count]` (log scores) by their normalised probabilities and returns the
    /// log of the normaliser (log-sum-exp). Never produces NaN for finite or `-inf` inputs.
    @inline(__always)
    static func normalizeLogScores(_ values: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var maximum = -Double.infinity
        for k in 0..<count where values[k] > maximum { maximum = values[k] }
        if !maximum.isFinite {
            let uniform = 1 / Double(count)
            for k in 0..<count { values[k] = uniform }
            return maximum.isNaN ? 0 : maximum
        }
        var total = 0.0
        for k in 0..<count {
            let scaled = negativeExp(values[k] - maximum)
            values[k] = scaled
            total += scaled
        }
        let inverse = 1 / total
        for k in 0..<count { values[k] *= inverse }
        return maximum + log(total)
    }

    /// `exp(x)` for `x <= 0`, to about 1e-15 relative error, without a libm call (the E-step's
    /// normalisation is otherwise dominated by `exp`): `x = n ln 2 + r`, `|r| <= ln 2 / 2`,
    /// a degree-11 Taylor polynomial for `e^r`, and `2^n` built from its exponent bits.
    @inline(__always)
    static func negativeExp(_ x: Double) -> Double {
        if x < -708 { return 0 }
        // Nearest integer multiple of ln 2, so |r| <= ln 2 / 2 and the polynomial stays accurate.
        let n = (x * 1.4426950408889634).rounded(.toNearestOrEven)
        let r = (x - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10
        var p = 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return p * Double(bitPattern: UInt64(Int64(n) + 1023) << 52)
    }

    /// Hard labels from item-major posteriors: the most probable class, a uniformly random one
    /// (drawn from `rng`) among classes within a relative 1e-12 of the best; `-1` for unlabelled items.
    static func hardLabels(_ posteriors: [Double], matrix: AnnotationMatrix, using rng: GSLRandom) -> [Int32] {
        let classes = matrix.classCount
        var labels = [Int32](repeating: -1, count: matrix.itemCount)
        guard classes > 0 else { return labels }
        posteriors.withUnsafeBufferPointer { post in
            matrix.itemStart.withUnsafeBufferPointer { starts in
                labels.withUnsafeMutableBufferPointer { out in
                    guard let base = post.baseAddress else { return }
                    for item in 0..<matrix.itemCount where starts[item + 1] > starts[item] {
                        let row = base + item * classes
                        // Fast path: one clear winner (the usual case) needs no second look.
                        var best = 0
                        var second = -Double.infinity
                        for k in 1..<classes {
                            if row[k] > row[best] {
                                second = max(second, row[best])
                                best = k
                            } else {
                                second = max(second, row[k])
                            }
                        }
                        if second < row[best] - 1e-12 * abs(row[best]) {
                            out[item] = Int32(best)
                        } else {
                            out[item] = Int32(argmax(row, count: classes, using: rng))
                        }
                    }
                }
            }
        }
        return labels
    }

    /// The index of the largest of `count` values, ties (within a relative 1e-12) broken by `rng`;
    /// no draw is made without a tie.
    static func argmax(_ values: UnsafePointer<Double>?, count: Int, using rng: GSLRandom) -> Int {
        guard let values, count > 0 else { return 0 }
        var best = 0
        for k in 1..<count where values[k] > values[best] { best = k }
        let threshold = values[best] - 1e-12 * abs(values[best])
        var tied = 0
        for k in 0..<count where values[k] >= threshold { tied += 1 }
        if tied == 1 { return best }
        var pick = rng.uniformInt(tied)
        for k in 0..<count where values[k] >= threshold {
            if pick == 0 { return k }
            pick -= 1
        }
        return best
    }

    /// A result for matrices where no model can be fitted (fewer than two classes or no labels):
    /// majority vote, which is already well defined there.
    static func trivialResult(_ matrix: AnnotationMatrix, using rng: GSLRandom) -> AggregationResult {
        var result = MajorityVote().aggregate(matrix, using: rng)
        result.iterations = 0
        return result
    }

    /// Whether an iterative model can be fitted at all.
    static func isFittable(_ matrix: AnnotationMatrix) -> Bool {
        matrix.classCount >= 2 && matrix.labelCount > 0 && matrix.workerCount > 0
    }
}
