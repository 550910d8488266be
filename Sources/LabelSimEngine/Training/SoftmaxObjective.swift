#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The penalised mean cross-entropy of softmax regression over one training set, evaluated with
/// its gradient in one pass over the data, and a sampled estimate of its Hessian (``hessian(_:stride:into:)``).
///
/// Speed comes from these choices:
/// - **Targets leave the loop.** With target rows summing to one,
///   Σ_i CE_i = Σ_i logΣexp(z_i) − Σ_c (b_c·N_c + Σ_d W_dc·S_dc) and
///   ∇ = Σ_i p_i ⊗ x_i − S, where N_c = Σ_i y_ic and S_dc = Σ_i y_ic·x_id are computed once in
///   `init`; the per-item loop never reads a target, so hard and soft targets cost the same.
/// - **SIMD blocks of four classes.** Parameters are copied into a padded layout (padding
///   intercepts −∞, so padded classes get probability 0) and an item's scores accumulate in
///   registers; with K ≤ 4 the pass is specialised for a single block and takes two items at a
///   time (each weight row loaded, each gradient row updated, once per pair).
/// - **A SIMD exponential.** e^x for four classes at once from a 64-entry table of 2^(i/64) and
///   a degree-5 polynomial (``exponential(_:table:)``, within 4e-16 relative of the C library's),
///   instead of four calls to `exp`.
/// - **The data are shared, not copied**, and feature sums come from the class sums.
/// - **One logarithm per chunk.** Each item's Σ exp(z − max) lies in [1, K], so their product
///   over a chunk of items stays finite and one `log` of the product replaces one per item.
/// - **No allocation, one pass for value and gradient.**
///
/// Not thread-safe: one objective per fit.
final class SoftmaxObjective {
    typealias Block = SIMD4<Double>
    typealias PairBlock = SIMD8<Float>

    let classes: Int
    let dimensions: Int
    let count: Int
    let l2: Double
    /// Number of four-class blocks, ⌈K/4⌉.
    private let blocks: Int
    /// Items per logarithm: the product of `logChunk` values in [1, K] stays below 2^1000.
    private let logChunk: Int
    /// The caller's feature array, shared rather than copied (arrays are copy-on-write).
    private let features: [Double]
    /// Target mass per class N_c (K values).
    private let classMass: UnsafeMutablePointer<Double>
    /// Target-weighted feature sums S_dc (D × K, feature-major).
    private let classSums: UnsafeMutablePointer<Double>
    /// Padded weights (D × blocks) followed by padded intercepts (blocks).
    private let weights: UnsafeMutablePointer<Block>
    private let gradientBlocks: UnsafeMutablePointer<Block>
    private let scores: UnsafeMutablePointer<Block>
    /// ∇J of the last pass, in ``SoftmaxWeights`` layout.
    private let lastGradient: UnsafeMutablePointer<Double>
    /// Number of class pairs (c ≤ c′ < K − 1) whose curvature the Hessian pass accumulates.
    private let classPairs: Int
    /// Hessian accumulators (single precision: they only steer Newton's step, never the
    /// gradient): per feature pair j ≤ j′ of (x, 1), ⌈pairs/8⌉ blocks of class pairs.
    private let curvature: UnsafeMutablePointer<PairBlock>
    /// Two items' class-pair weights p_c·δ_cc′ − p_c·p_c′, padded to blocks of eight.
    private let pairWeights: UnsafeMutablePointer<PairBlock>
    /// One item's probabilities.
    private let itemProbabilities: UnsafeMutablePointer<Double>
    /// Two items' features in single precision.
    private let itemFeatures: UnsafeMutablePointer<Float>
    /// Feature sums Σ_i x_id (D values), for the objective at zero.
    private let featureSums: UnsafeMutablePointer<Double>

    /// Shares the feature array; shapes and values must already be validated (soft rows sum to
    /// one).
    init(classes: Int, dimensions: Int, l2: Double, features: [Double], targets: SoftmaxRegression.Targets) {
        self.classes = classes
        self.dimensions = dimensions
        self.count = features.count / dimensions
        self.l2 = l2
        let blocks = (classes + 3) / 4
        self.blocks = blocks
        self.logChunk = max(1, Int(1000 / log2(Double(max(classes, 2)))))
        self.features = features
        let classMass = UnsafeMutablePointer<Double>.allocate(capacity: classes)
        classMass.initialize(repeating: 0, count: classes)
        let classSums = UnsafeMutablePointer<Double>.allocate(capacity: dimensions * classes)
        classSums.initialize(repeating: 0, count: dimensions * classes)
        self.classMass = classMass
        self.classSums = classSums
        let count = self.count
        switch targets {
        case .hard(let labels):
            features.withUnsafeBufferPointer { x in
                for (item, label) in labels.enumerated() {
                    let c = Int(label)
                    classMass[c] += 1
                    for j in 0..<dimensions { classSums[j * classes + c] += x[item * dimensions + j] }
                }
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
        lastGradient = .allocate(capacity: classes * (dimensions + 1))
        lastGradient.initialize(repeating: 0, count: classes * (dimensions + 1))
        let pairs = (classes - 1) * classes / 2
        classPairs = pairs
        let pairBlocks = (pairs + 7) / 8
        let featurePairs = (dimensions + 1) * (dimensions + 2) / 2
        curvature = .allocate(capacity: featurePairs * pairBlocks)
        curvature.initialize(repeating: PairBlock(repeating: 0), count: featurePairs * pairBlocks)
        pairWeights = .allocate(capacity: 2 * pairBlocks)
        pairWeights.initialize(repeating: PairBlock(repeating: 0), count: 2 * pairBlocks)
        itemProbabilities = .allocate(capacity: classes)
        itemProbabilities.initialize(repeating: 0, count: classes)
        itemFeatures = .allocate(capacity: 2 * dimensions)
        itemFeatures.initialize(repeating: 0, count: 2 * dimensions)
        featureSums = .allocate(capacity: dimensions)
        featureSums.initialize(repeating: 0, count: dimensions)
        // Target rows sum to one, so Σ_c S_dc = Σ_i x_id: no extra pass.
        for j in 0..<dimensions {
            for c in 0..<classes { featureSums[j] += classSums[j * classes + c] }
        }
    }

    deinit {
        classMass.deallocate()
        classSums.deallocate()
        weights.deallocate()
        gradientBlocks.deallocate()
        scores.deallocate()
        lastGradient.deallocate()
        curvature.deallocate()
        pairWeights.deallocate()
        itemProbabilities.deallocate()
        itemFeatures.deallocate()
        featureSums.deallocate()
    }

    /// Whether every target-weighted feature sum S_dc is finite (false when a feature is not).
    var classSumsAreFinite: Bool {
        for index in 0..<(dimensions * classes) where !classSums[index].isFinite { return false }
        return true
    }

    /// Number of parameters K·(D + 1).
    var parameterCount: Int { classes * (dimensions + 1) }

    /// The objective at `theta` and its gradient (``SoftmaxWeights`` layout).
    func valueAndGradient(_ theta: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        guard let point = theta.baseAddress else { return .nan }
        let value = evaluate(point)
        if let out = gradient.baseAddress { out.update(from: lastGradient, count: parameterCount) }
        return value
    }

    /// Copies `theta` into the padded weight blocks (padding intercepts −∞).
    private func loadWeights(_ theta: UnsafePointer<Double>) {
        let k = classes
        let b = blocks
        for j in 0...dimensions {
            for block in 0..<b {
                var lanes = Block(repeating: j == dimensions ? -Double.infinity : 0)
                for lane in 0..<4 where block * 4 + lane < k {
                    lanes[lane] = theta[j * k + block * 4 + lane]
                }
                weights[j * b + block] = lanes
            }
        }
    }

    /// One pass over the data: returns J and leaves ∇J in `lastGradient`.
    private func evaluate(_ theta: UnsafePointer<Double>) -> Double {
        let k = classes
        let d = dimensions
        let b = blocks
        loadWeights(theta)
        gradientBlocks.update(repeating: Block(repeating: 0), count: (d + 1) * b)
        // A literal block count lets the compiler specialise the inlined pass for K ≤ 4.
        let logPartitionSum = features.withUnsafeBufferPointer { buffer in
            guard let data = buffer.baseAddress else { return 0.0 }
            return Self.exponentTable.withUnsafeBufferPointer { table in
                guard let powers = table.baseAddress else { return 0.0 }
                return b == 1 ? accumulatePairs(data, table: powers) : accumulate(data, blocks: b, table: powers)
            }
        }

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
                    lastGradient[j * k + c] = (g - classSums[j * k + c]) * inverseCount + l2 * w
                } else {
                    targetScore += w * classMass[c]
                    lastGradient[j * k + c] = (g - classMass[c]) * inverseCount
                }
            }
        }
        return (logPartitionSum - targetScore) * inverseCount + 0.5 * l2 * penalty
    }

    /// The largest lane (the standard library's `max()` is not inlined here).
    @inline(__always)
    static func largest(_ z: Block) -> Double { max(max(z[0], z[1]), max(z[2], z[3])) }

    /// The sum of the lanes, in a fixed order.
    @inline(__always)
    static func total(_ z: Block) -> Double { (z[0] + z[1]) + (z[2] + z[3]) }

    /// 2^(i/64) for i in 0..<64.
    static let exponentTable: [Double] = (0..<64).map { exp2(Double($0) / 64) }

    /// e^x lane by lane for x ≤ 0 (scores minus their maximum), within a few units in the last
    /// place: x = (64·m + i)·(ln 2 / 64) + r with |r| ≤ ln 2 / 128 (two-part ln 2 / 64), so
    /// e^x = 2^m · 2^(i/64) · e^r, with e^r by its Taylor polynomial of degree 5 (truncation below
    /// 4e-17 relative) and 2^m built in the exponent bits. Arguments below −708 (including the −∞
    /// of padded classes) give e^−708 ≈ 3e-308 instead of a subnormal or zero, which no sum here
    /// can notice. Fixed operation order, so results are reproducible.
    @inline(__always)
    static func exponential(_ x: Block, table: UnsafePointer<Double>) -> Block {
        let clamped = x.replacing(with: -708, where: x .< -708)
        let shifter: Double = 0x1.8p52
        let t = clamped * 0x1.71547652b82fep6 + shifter
        let j = t - shifter
        let r = (clamped - j * 0x1.62e42fee00000p-7) - j * 0x1.a39ef35793c76p-39
        var p = r * (1.0 / 120) + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let bits = unsafeBitCast(t, to: SIMD4<UInt64>.self)
        let scale = unsafeBitCast(((bits &>> 6) &+ 1023) &<< 52, to: Block.self)
        let index = bits & 63
        let powers = Block(table[Int(index[0])], table[Int(index[1])], table[Int(index[2])], table[Int(index[3])])
        return p * powers * scale
    }

    /// ``accumulate(_:blocks:)`` for K ≤ 4 (one block), two items at a time: each weight row is
    /// loaded once for both items and each gradient row updated once per pair, with four
    /// independent chains of additions for the scores.
    private func accumulatePairs(_ data: UnsafePointer<Double>, table: UnsafePointer<Double>) -> Double {
        let d = dimensions
        let bias = weights[d]
        var gradientBias = Block(repeating: 0)
        var maxima = 0.0
        var logTotal = 0.0
        var product = 1.0
        var inChunk = 0
        var item = 0
        while item &+ 1 < count {
            let x = data + item &* d
            let y = x + d
            var evenX = bias
            var oddX = Block(repeating: 0)
            var evenY = bias
            var oddY = Block(repeating: 0)
            var j = 0
            while j &+ 1 < d {
                let w0 = weights[j]
                let w1 = weights[j &+ 1]
                evenX += w0 * x[j]
                oddX += w1 * x[j &+ 1]
                evenY += w0 * y[j]
                oddY += w1 * y[j &+ 1]
                j &+= 2
            }
            if j < d {
                evenX += weights[j] * x[j]
                evenY += weights[j] * y[j]
            }
            let zX = evenX + oddX
            let zY = evenY + oddY
            let topX = Self.largest(zX)
            let topY = Self.largest(zY)
            let sX = zX - topX
            let sY = zY - topY
            let eX = Self.exponential(sX, table: table)
            let eY = Self.exponential(sY, table: table)
            let sumX = Self.total(eX)
            let sumY = Self.total(eY)
            maxima += topX + topY
            product *= sumX * sumY
            inChunk &+= 2
            if inChunk &+ 1 >= logChunk {
                logTotal += log(product)
                product = 1
                inChunk = 0
            }
            let pX = eX * (1 / sumX)
            let pY = eY * (1 / sumY)
            gradientBias += pX + pY
            for j in 0..<d {
                gradientBlocks[j] += pX * x[j] + pY * y[j]
            }
            item &+= 2
        }
        if item < count {
            let x = data + item &* d
            var z = bias
            for j in 0..<d { z += weights[j] * x[j] }
            let top = Self.largest(z)
            let s = z - top
            let e = Self.exponential(s, table: table)
            let sum = Self.total(e)
            maxima += top
            product *= sum
            let p = e * (1 / sum)
            gradientBias += p
            for j in 0..<d { gradientBlocks[j] += p * x[j] }
        }
        gradientBlocks[d] += gradientBias
        return maxima + logTotal + log(product)
    }

    /// Σ_i log Σ_c exp z_ic, adding Σ_i p_i ⊗ x_i into `gradientBlocks` (intercepts last).
    @inline(__always)
    private func accumulate(_ data: UnsafePointer<Double>, blocks b: Int, table: UnsafePointer<Double>) -> Double {
        let d = dimensions
        let bias = weights + d &* b
        let gradientBias = gradientBlocks + d &* b
        var maxima = 0.0
        var logTotal = 0.0
        var product = 1.0
        var inChunk = 0
        for item in 0..<count {
            let x = data + item &* d
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
                top = max(top, Self.largest(z))
            }
            var sum = 0.0
            for block in 0..<b {
                let z = scores[block] - top
                let e = Self.exponential(z, table: table)
                scores[block] = e
                sum += Self.total(e)
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

    // MARK: - Zero start and Hessian

    /// J and ∇J at all-zero parameters without a pass over the data: every p_ic = 1/K, so
    /// J = log K and ∇ = (Σ_i x̃_i / K − S) / n, from sums taken in `init`.
    func valueAndGradientAtZero(gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let k = classes
        let d = dimensions
        let inverseCount = 1 / Double(count)
        let share = Double(count) / Double(k)
        for c in 0..<k {
            for j in 0..<d { gradient[j * k + c] = (featureSums[j] / Double(k) - classSums[j * k + c]) * inverseCount }
            gradient[d * k + c] = (share - classMass[c]) * inverseCount
        }
        return log(Double(k))
    }

    /// Number of items the Hessian pass visits with `stride`: items 0, stride, 2·stride, ….
    func sampledItems(stride: Int) -> Int { (count + stride - 1) / stride }

    /// An estimate of the Hessian of J at `theta` (``SoftmaxWeights`` layout, row-major
    /// P × P with P = K·(D + 1), written in full to `hessian`) from every `stride`-th item:
    ///
    ///     H ≈ (1/m) Σ_{sampled i} (diag p_i − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ + l2 on the weight diagonal
    ///         + (1/K) 1 1ᵀ on the intercept block
    ///
    /// with x̃_i = (x_i, 1) and m sampled items (stride 1 gives the exact Hessian, up to the single
    /// precision of the accumulators). Each row of diag p − p pᵀ sums to zero, so only the class
    /// pairs c ≤ c′ < K − 1 are accumulated ((K − 1)·K/2 weighted Gram matrices of x̃, in one
    /// pass over the sampled items) and the blocks of the last class follow by sums. The same
    /// identity makes (0, 1_K) — shifting every intercept equally — a null direction of the data
    /// term; the added (1/K) 1 1ᵀ makes the matrix positive definite without changing Newton
    /// steps, because the gradient is orthogonal to that direction. At all-zero `theta` every
    /// p_i is uniform and a single Gram matrix is accumulated.
    func hessian(_ theta: UnsafeBufferPointer<Double>, stride: Int, into hessian: UnsafeMutableBufferPointer<Double>) {
        guard let point = theta.baseAddress, let out = hessian.baseAddress else { return }
        let k = classes
        let d = dimensions
        let pairBlocks = (classPairs + 7) / 8
        let featurePairs = (d + 1) * (d + 2) / 2
        curvature.update(repeating: PairBlock(repeating: 0), count: featurePairs * pairBlocks)
        features.withUnsafeBufferPointer { buffer in
            Self.exponentTable.withUnsafeBufferPointer { powers in
                guard let data = buffer.baseAddress, let table = powers.baseAddress else { return }
                if theta.allSatisfy({ $0 == 0 }) {
                    accumulateGram(data, stride: stride, pairBlocks: pairBlocks)
                } else if pairBlocks == 1 {
                    // K ≤ 4: the items' scores come from the padded weight blocks (the pass's
                    // scratch, which every evaluation fills again) and the SIMD exponential.
                    loadWeights(point)
                    accumulateCurvature(data, point, table: table, stride: stride, pairBlocks: 1)
                } else {
                    accumulateCurvature(data, point, table: table, stride: stride, pairBlocks: pairBlocks)
                }
            }
        }

        let parameters = parameterCount
        let scale = 1 / Double(sampledItems(stride: stride))
        let last = k - 1
        var block = [Double](repeating: 0, count: k * k)
        var pairs = [Double](repeating: 0, count: max(1, classPairs))
        var featurePair = 0
        for j in 0...d {
            for j2 in j...d {
                let base = curvature + featurePair * pairBlocks
                for q in 0..<classPairs { pairs[q] = Double(base[q / 8][q % 8]) * scale }
                featurePair += 1
                var corner = 0.0
                for c in 0..<last {
                    var row = 0.0
                    for c2 in 0..<last {
                        let (a, b) = c <= c2 ? (c, c2) : (c2, c)
                        let g = pairs[a * (2 * last - a + 1) / 2 + (b - a)]
                        block[c * k + c2] = g
                        row += g
                    }
                    block[c * k + last] = -row
                    block[last * k + c] = -row
                    corner += row
                }
                block[last * k + last] = corner
                for c in 0..<k {
                    for c2 in 0..<k {
                        let value = block[c * k + c2]
                        out[(j * k + c) * parameters + j2 * k + c2] = value
                        out[(j2 * k + c2) * parameters + j * k + c] = value
                    }
                }
            }
        }
        for j in 0..<d {
            for c in 0..<k { out[(j * k + c) * parameters + j * k + c] += l2 }
        }
        let shift = 1 / Double(k)
        for c in 0..<k {
            for c2 in 0..<k { out[(d * k + c) * parameters + d * k + c2] += shift }
        }
    }

    /// Uniform probabilities: accumulates the Gram matrix of x̃ over the sampled items and scales
    /// it by each class pair's weight δ_cc′/K − 1/K².
    private func accumulateGram(_ data: UnsafePointer<Double>, stride: Int, pairBlocks: Int) {
        let d = dimensions
        let featurePairs = (d + 1) * (d + 2) / 2
        var gram = [Double](repeating: 0, count: featurePairs)
        gram.withUnsafeMutableBufferPointer { g in
            var item = 0
            while item < count {
                let x = data + item &* d
                var index = 0
                for j in 0..<d {
                    let xj = x[j]
                    for j2 in j..<d {
                        g[index] += xj * x[j2]
                        index &+= 1
                    }
                    g[index] += xj
                    index &+= 1
                }
                g[index] += 1
                item &+= stride
            }
        }
        let uniform = 1 / Double(classes)
        var weights = PairBlock.zero
        var q = 0
        for c in 0..<(classes - 1) {
            for c2 in c..<(classes - 1) {
                weights[q % 8] = Float((c == c2 ? uniform : 0) - uniform * uniform)
                if q % 8 == 7 || q == classPairs - 1 {
                    for pair in 0..<featurePairs { curvature[pair * pairBlocks + q / 8] = weights * Float(gram[pair]) }
                    weights = .zero
                }
                q += 1
            }
        }
    }

    /// Adds (diag p_i − p_i p_iᵀ)_{cc′} · x̃_ij x̃_ij′ over the sampled items into `curvature`;
    /// for K ≤ 4 (one block of class pairs) two items at a time, so each accumulator is read and
    /// written once per pair of items.
    @inline(__always)
    private func accumulateCurvature(
        _ data: UnsafePointer<Double>, _ theta: UnsafePointer<Double>, table: UnsafePointer<Double>, stride: Int, pairBlocks: Int
    ) {
        let d = dimensions
        var item = 0
        if pairBlocks == 1 {
            let xf = itemFeatures
            let yf = itemFeatures + d
            while item &+ stride < count {
                loadItem(data + item &* d, theta, table: table, slot: 0)
                loadItem(data + (item &+ stride) &* d, theta, table: table, slot: 1)
                let weightsX = pairWeights[0]
                let weightsY = pairWeights[1]
                var target = curvature
                for j in 0..<d {
                    let scaledX = weightsX * xf[j]
                    let scaledY = weightsY * yf[j]
                    for j2 in j..<d {
                        target.pointee += scaledX * xf[j2] + scaledY * yf[j2]
                        target += 1
                    }
                    target.pointee += scaledX + scaledY
                    target += 1
                }
                target.pointee += weightsX + weightsY
                item &+= 2 &* stride
            }
        }
        while item < count {
            loadItem(data + item &* d, theta, table: table, slot: 0)
            let xf = itemFeatures
            var target = curvature
            for j in 0..<d {
                let xj = xf[j]
                for j2 in j..<d {
                    let product = xj * xf[j2]
                    for block in 0..<pairBlocks { target[block] += pairWeights[block] * product }
                    target += pairBlocks
                }
                for block in 0..<pairBlocks { target[block] += pairWeights[block] * xj }
                target += pairBlocks
            }
            for block in 0..<pairBlocks { target[block] += pairWeights[block] }
            item &+= stride
        }
    }

    /// One item's class-pair weights into `pairWeights` and its features in single precision into
    /// `itemFeatures`, at block `slot · ⌈pairs/8⌉` and offset `slot · D`.
    @inline(__always)
    private func loadItem(_ x: UnsafePointer<Double>, _ theta: UnsafePointer<Double>, table: UnsafePointer<Double>, slot: Int) {
        let k = classes
        let d = dimensions
        let last = k - 1
        let p = itemProbabilities
        if classes <= 4 {
            // One SIMD block of scores from the weight blocks `hessian` filled: K ≤ 4 is exactly
            // its one-block-of-pairs branch (K = 4 has 6 class pairs, K = 5 has 10).
            var z = weights[d]
            for j in 0..<d { z += weights[j] * x[j] }
            let e = Self.exponential(z - Self.largest(z), table: table)
            let probabilities = e * (1 / Self.total(e))
            for c in 0..<k { p[c] = probabilities[c] }
        } else {
            let bias = theta + d * k
            var top = -Double.infinity
            for c in 0..<k {
                var z = bias[c]
                for j in 0..<d { z += theta[j &* k &+ c] * x[j] }
                p[c] = z
                top = max(top, z)
            }
            var sum = 0.0
            for c in 0..<k {
                let e = exp(p[c] - top)
                p[c] = e
                sum += e
            }
            let inverseSum = 1 / sum
            for c in 0..<k { p[c] *= inverseSum }
        }
        let weights = pairWeights + slot * ((classPairs + 7) / 8)
        var q = 0
        for c in 0..<last {
            for c2 in c..<last {
                weights[q / 8][q % 8] = Float((c == c2 ? p[c] : 0) - p[c] * p[c2])
                q += 1
            }
        }
        let xf = itemFeatures + slot * d
        for j in 0..<d { xf[j] = Float(x[j]) }
    }
}
