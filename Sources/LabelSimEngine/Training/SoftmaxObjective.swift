#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The penalised mean cross-entropy of softmax regression over one training set, evaluated with
/// its gradient in one pass over the data.
///
/// Speed comes from four choices:
/// - **Targets leave the loop.** With target rows summing to one,
///   Σ_i CE_i = Σ_i logΣexp(z_i) − Σ_c (b_c·N_c + Σ_d W_dc·S_dc) and
///   ∇ = Σ_i p_i ⊗ x_i − S, where N_c = Σ_i y_ic and S_dc = Σ_i y_ic·x_id are computed once in
///   `init`; the per-item loop never reads a target, so hard and soft targets cost the same.
/// - **SIMD blocks of four classes.** Parameters are copied into a padded layout (padding
///   intercepts −∞, so padded classes get probability 0) and an item's scores accumulate in
///   registers; with K ≤ 4 the pass is specialised for a single block.
/// - **One logarithm per chunk.** Each item's Σ exp(z − max) lies in [1, K], so their product
///   over a chunk of items stays finite and one `log` of the product replaces one per item.
/// - **No allocation, one pass for value and gradient.** A value-only request computes the
///   gradient too and caches it, because GSL's line search asks for the gradient at the point
///   whose value it has just requested.
///
/// Not thread-safe: one objective per fit.
final class SoftmaxObjective {
    typealias Block = SIMD4<Double>

    let classes: Int
    let dimensions: Int
    let count: Int
    let l2: Double
    /// Number of four-class blocks, ⌈K/4⌉.
    private let blocks: Int
    /// Items per logarithm: the product of `logChunk` values in [1, K] stays below 2^1000.
    private let logChunk: Int
    private let features: UnsafeMutablePointer<Double>
    /// Target mass per class N_c (K values).
    private let classMass: UnsafeMutablePointer<Double>
    /// Target-weighted feature sums S_dc (D × K, feature-major).
    private let classSums: UnsafeMutablePointer<Double>
    /// Padded weights (D × blocks) followed by padded intercepts (blocks).
    private let weights: UnsafeMutablePointer<Block>
    private let gradientBlocks: UnsafeMutablePointer<Block>
    private let scores: UnsafeMutablePointer<Block>
    private let cachedPoint: UnsafeMutablePointer<Double>
    private let cachedGradient: UnsafeMutablePointer<Double>
    private var cachedValue: Double?

    /// Copies the data; shapes and values must already be validated (soft rows sum to one).
    init(classes: Int, dimensions: Int, l2: Double, features: [Double], targets: SoftmaxRegression.Targets) {
        self.classes = classes
        self.dimensions = dimensions
        self.count = features.count / dimensions
        self.l2 = l2
        let blocks = (classes + 3) / 4
        self.blocks = blocks
        self.logChunk = max(1, Int(1000 / log2(Double(max(classes, 2)))))
        self.features = .allocate(capacity: features.count)
        self.features.initialize(from: features, count: features.count)
        classMass = .allocate(capacity: classes)
        classMass.initialize(repeating: 0, count: classes)
        classSums = .allocate(capacity: dimensions * classes)
        classSums.initialize(repeating: 0, count: dimensions * classes)
        switch targets {
        case .hard(let labels):
            for (item, label) in labels.enumerated() {
                let c = Int(label)
                classMass[c] += 1
                for j in 0..<dimensions { classSums[j * classes + c] += features[item * dimensions + j] }
            }
        case .soft(let probabilities):
            for item in 0..<count {
                for c in 0..<classes {
                    let y = probabilities[item * classes + c]
                    classMass[c] += y
                    for j in 0..<dimensions { classSums[j * classes + c] += y * features[item * dimensions + j] }
                }
            }
        }
        let parameterBlocks = (dimensions + 1) * blocks
        weights = .allocate(capacity: parameterBlocks)
        weights.initialize(repeating: Block(repeating: 0), count: parameterBlocks)
        gradientBlocks = .allocate(capacity: parameterBlocks)
        gradientBlocks.initialize(repeating: Block(repeating: 0), count: parameterBlocks)
        scores = .allocate(capacity: blocks)
        scores.initialize(repeating: Block(repeating: 0), count: blocks)
        cachedPoint = .allocate(capacity: classes * (dimensions + 1))
        cachedPoint.initialize(repeating: 0, count: classes * (dimensions + 1))
        cachedGradient = .allocate(capacity: classes * (dimensions + 1))
        cachedGradient.initialize(repeating: 0, count: classes * (dimensions + 1))
    }

    deinit {
        features.deallocate()
        classMass.deallocate()
        classSums.deallocate()
        weights.deallocate()
        gradientBlocks.deallocate()
        scores.deallocate()
        cachedPoint.deallocate()
        cachedGradient.deallocate()
    }

    /// Number of parameters K·(D + 1).
    var parameterCount: Int { classes * (dimensions + 1) }

    /// The objective at `theta` (gradient computed and cached for a following request).
    func value(_ theta: UnsafeBufferPointer<Double>) -> Double {
        evaluateCaching(theta)
    }

    /// The objective at `theta` and its gradient (``SoftmaxWeights`` layout), reusing the cache
    /// when `theta` is the point last evaluated.
    func valueAndGradient(_ theta: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let value = evaluateCaching(theta)
        if let out = gradient.baseAddress { out.update(from: cachedGradient, count: parameterCount) }
        return value
    }

    private func evaluateCaching(_ theta: UnsafeBufferPointer<Double>) -> Double {
        guard let point = theta.baseAddress else { return .nan }
        let n = parameterCount
        if let cachedValue {
            var same = true
            for index in 0..<n where point[index] != cachedPoint[index] {
                same = false
                break
            }
            if same { return cachedValue }
        }
        let value = evaluate(point)
        cachedPoint.update(from: point, count: n)
        cachedValue = value
        return value
    }

    /// One pass over the data: returns J and leaves ∇J in `cachedGradient`.
    private func evaluate(_ theta: UnsafePointer<Double>) -> Double {
        let k = classes
        let d = dimensions
        let b = blocks
        for j in 0...d {
            for block in 0..<b {
                var lanes = Block(repeating: j == d ? -Double.infinity : 0)
                for lane in 0..<4 where block * 4 + lane < k {
                    lanes[lane] = theta[j * k + block * 4 + lane]
                }
                weights[j * b + block] = lanes
            }
        }
        gradientBlocks.update(repeating: Block(repeating: 0), count: (d + 1) * b)
        // A literal block count lets the compiler specialise the inlined pass for K ≤ 4.
        let logPartitionSum = b == 1 ? accumulate(blocks: 1) : accumulate(blocks: b)

        let inverseCount = 1 / Double(count)
        var targetScore = 0.0
        var penalty = 0.0
        for j in 0...d {
            for c in 0..<k {
                let w = theta[j * k + c]
                let g = gradientBlocks[j * b + c / 4][c % 4]
                if j < d {
                    targetScore += w * classSums[j * k + c]
                    penalty += w * w
                    cachedGradient[j * k + c] = (g - classSums[j * k + c]) * inverseCount + l2 * w
                } else {
                    targetScore += w * classMass[c]
                    cachedGradient[j * k + c] = (g - classMass[c]) * inverseCount
                }
            }
        }
        return (logPartitionSum - targetScore) * inverseCount + 0.5 * l2 * penalty
    }

    /// Σ_i log Σ_c exp z_ic, adding Σ_i p_i ⊗ x_i into `gradientBlocks` (intercepts last).
    @inline(__always)
    private func accumulate(blocks b: Int) -> Double {
        let d = dimensions
        let bias = weights + d &* b
        let gradientBias = gradientBlocks + d &* b
        var maxima = 0.0
        var logTotal = 0.0
        var product = 1.0
        var inChunk = 0
        for item in 0..<count {
            let x = features + item &* d
            var top = -Double.infinity
            for block in 0..<b {
                // Two accumulators halve the chain of dependent additions.
                var even = bias[block]
                var odd = Block(repeating: 0)
                var row = weights + block
                var j = 0
                while j &+ 1 < d {
                    even += row.pointee * x[j]
                    odd += row[b] * x[j &+ 1]
                    row += 2 &* b
                    j &+= 2
                }
                if j < d { even += row.pointee * x[j] }
                let z = even + odd
                scores[block] = z
                top = max(top, z.max())
            }
            var sum = 0.0
            for block in 0..<b {
                let z = scores[block] - top
                let e = Block(exp(z[0]), exp(z[1]), exp(z[2]), exp(z[3]))
                scores[block] = e
                sum += e.sum()
            }
            maxima += top
            product *= sum
            inChunk &+= 1
            if inChunk == logChunk {
                logTotal += log(product)
                product = 1
                inChunk = 0
            }
            let inverseSum = 1 / sum
            for block in 0..<b {
                let p = scores[block] * inverseSum
                gradientBias[block] += p
                var row = gradientBlocks + block
                for j in 0..<d {
                    row.pointee += p * x[j]
                    row += b
                }
            }
        }
        return maxima + logTotal + log(product)
    }
}
