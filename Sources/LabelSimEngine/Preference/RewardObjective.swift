#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reward model's objective (1/m) Σ log(1 + exp(−(t_i · w · d_i − m_i))) + (λ/2)‖w‖² over an
/// evenly spread subset of the pairs (m_i: Llama 2's margin, 0 without), with its gradient in the
/// same pass, and the Hessian (1/m) Σ s(1 − s) d dᵀ of such a subset.
///
/// The subset of `stride` s is every s-th block of ``blockRows`` consecutive pairs (all pairs for
/// s = 1): contiguous blocks keep the memory reads sequential (a pair every s rows would cost a
/// cache and TLB miss per pair), and blocks of 64 spread the subset over data stored in any order.
///
/// Speed comes from these choices (the pass reads each 8·D-byte row once):
/// - **Four rows at a time, four features per SIMD lane block.** Four independent chains of
///   multiply–adds for the four margins; the gradient takes the four rows' contributions in one
///   update of each block.
/// - **The SIMD exponential of ``SoftmaxObjective``** for e^−|z| of four rows at once.
/// - **One logarithm per chunk.** log(1 + e^−|z|) sums as the logarithm of a product of values
///   in [1, 2]; 256 rows per lane keep the product below 2^256, so one `log` per lane replaces
///   one per row.
/// - **The data are shared, not copied.**
///
/// Results depend only on the data, `w` and `stride` (fixed summation order), never on timing.
/// Not thread-safe: one objective per fit.
final class RewardObjective {
    typealias Block = SIMD4<Double>

    let dimensions: Int
    let count: Int
    let l2: Double
    /// Full four-feature blocks per row, ⌊D/4⌋; the remaining D mod 4 features are scalar.
    private let blocks: Int
    private let differences: [Double]
    private let labels: [UInt8]
    /// Margin per row; empty for none.
    private let margins: [Double]
    private let weightBlocks: UnsafeMutablePointer<Block>
    private let gradientBlocks: UnsafeMutablePointer<Block>

    /// Shares `differences` (pair-major, `labels.count` × `dimensions`), `labels` (1: A preferred)
    /// and `margins` (one per row, or empty for none).
    init(differences: [Double], labels: [UInt8], dimensions: Int, l2: Double, margins: [Double] = []) {
        self.dimensions = dimensions
        self.count = labels.count
        self.l2 = l2
        self.blocks = dimensions / 4
        self.differences = differences
        self.labels = labels
        self.margins = margins.count == labels.count ? margins : []
        weightBlocks = .allocate(capacity: max(blocks, 1))
        weightBlocks.initialize(repeating: Block(), count: max(blocks, 1))
        gradientBlocks = .allocate(capacity: max(blocks, 1))
        gradientBlocks.initialize(repeating: Block(), count: max(blocks, 1))
    }

    deinit {
        weightBlocks.deallocate()
        gradientBlocks.deallocate()
    }

    /// Consecutive pairs per block of a subset.
    static let blockRows = 64

    /// The row ranges of the subset of `stride`: one range for 1, else every `stride`-th block.
    func ranges(stride: Int) -> [Range<Int>] {
        guard stride > 1 else { return [0..<count] }
        return Swift.stride(from: 0, to: count, by: Self.blockRows * stride).map { $0..<min($0 + Self.blockRows, count) }
    }

    /// Rows in the subset of `stride`.
    func rows(stride: Int) -> Int { ranges(stride: stride).reduce(0) { $0 + $1.count } }

    /// The objective over the subset of `stride` at `w`; writes its gradient.
    func evaluate(_ w: [Double], stride: Int, gradient: inout [Double]) -> Double {
        let d = dimensions
        let subset = ranges(stride: stride)
        let m = subset.reduce(0) { $0 + $1.count }
        for b in 0..<blocks { weightBlocks[b] = Block(w[4 * b], w[4 * b + 1], w[4 * b + 2], w[4 * b + 3]) }
        for b in 0..<blocks { gradientBlocks[b] = Block() }
        var tailGradient = [Double](repeating: 0, count: d - 4 * blocks)
        var linear = 0.0
        var logarithms = 0.0
        let table = SoftmaxObjective.exponentTable
        differences.withUnsafeBufferPointer { xs in
            labels.withUnsafeBufferPointer { ys in
                table.withUnsafeBufferPointer { tableBuffer in
                    margins.withUnsafeBufferPointer { ms in
                        guard let x = xs.baseAddress, let y = ys.baseAddress, let t = tableBuffer.baseAddress else { return }
                        for range in subset {
                            // An empty array's buffer may still have a base address: test the count.
                            let m = ms.isEmpty ? nil : ms.baseAddress
                            let result = accumulate(x, y, m, w, range, tail: &tailGradient, table: t)
                            linear += result.linear
                            logarithms += result.logarithms
                        }
                    }
                }
            }
        }
        var penalty = 0.0
        let scale = 1 / Double(max(m, 1))
        for j in 0..<d {
            let raw = j < 4 * blocks ? gradientBlocks[j / 4][j % 4] : tailGradient[j - 4 * blocks]
            gradient[j] = raw * scale + l2 * w[j]
            penalty += w[j] * w[j]
        }
        return (linear + logarithms) * scale + l2 / 2 * penalty
    }

    /// Σ over the rows `range` of max(−z, 0) (`linear`) and of log(1 + e^−|z|) (`logarithms`),
    /// z = t·w·d − m (`m` nil: no margins); adds the gradient's sum into `gradientBlocks` and `tail`.
    private func accumulate(
        _ x: UnsafePointer<Double>, _ y: UnsafePointer<UInt8>, _ m: UnsafePointer<Double>?, _ w: [Double], _ range: Range<Int>,
        tail: inout [Double],
        table: UnsafePointer<Double>
    ) -> (linear: Double, logarithms: Double) {
        let d = dimensions
        let first = 4 * blocks
        let blocks = self.blocks
        let weightBlocks = self.weightBlocks
        let gradientBlocks = self.gradientBlocks
        var linear = Block()
        var product = Block(repeating: 1)
        var logarithms = 0.0
        var inChunk = 0
        var k = range.lowerBound
        let end = range.upperBound
        while k &+ 3 < end {
            let x0 = x + k &* d
            let x1 = x0 + d
            let x2 = x1 + d
            let x3 = x2 + d
            var a0 = Block()
            var a1 = Block()
            var a2 = Block()
            var a3 = Block()
            for b in 0..<blocks {
                let wb = weightBlocks[b]
                a0 += wb * Self.load(x0, b)
                a1 += wb * Self.load(x1, b)
                a2 += wb * Self.load(x2, b)
                a3 += wb * Self.load(x3, b)
            }
            var margin = Block(Self.total(a0), Self.total(a1), Self.total(a2), Self.total(a3))
            for j in first..<d { margin += Block(repeating: w[j]) * Block(x0[j], x1[j], x2[j], x3[j]) }
            let s0: Double = y[k] == 1 ? 1 : -1
            let s1: Double = y[k &+ 1] == 1 ? 1 : -1
            let s2: Double = y[k &+ 2] == 1 ? 1 : -1
            let s3: Double = y[k &+ 3] == 1 ? 1 : -1
            let sign = Block(s0, s1, s2, s3)
            var z = sign * margin
            if let m { z -= UnsafeRawPointer(m + k).loadUnaligned(as: Block.self) }
            let e = SoftmaxObjective.exponential(pointwiseMin(z, -z), table: table)
            let onePlus = Block(repeating: 1) + e
            let q = Block(repeating: 1) / onePlus
            // σ(−z): e/(1 + e) for z ≥ 0, 1/(1 + e) otherwise (e = e^−|z|).
            let sigma = q.replacing(with: e * q, where: z .>= 0)
            linear += (-z).replacing(with: 0, where: z .>= 0)
            product *= onePlus
            inChunk &+= 1
            if inChunk == 256 {
                logarithms += Self.logTotal(product)
                product = Block(repeating: 1)
                inChunk = 0
            }
            let c = -sign * sigma
            let c0 = c[0]
            let c1 = c[1]
            let c2 = c[2]
            let c3 = c[3]
            for b in 0..<blocks {
                let low: Block = c0 * Self.load(x0, b) + c1 * Self.load(x1, b)
                let high: Block = c2 * Self.load(x2, b) + c3 * Self.load(x3, b)
                gradientBlocks[b] += low + high
            }
            for j in first..<d {
                let low: Double = c0 * x0[j] + c1 * x1[j]
                let high: Double = c2 * x2[j] + c3 * x3[j]
                tail[j - first] += low + high
            }
            k &+= 4
        }
        logarithms += Self.logTotal(product)
        var rest = Self.total(linear)
        while k < end {
            let xr = x + k &* d
            var margin = 0.0
            for j in 0..<d { margin += w[j] * xr[j] }
            let sign: Double = y[k] == 1 ? 1 : -1
            let z = sign * margin - (m?[k] ?? 0)
            let e = exp(-abs(z))
            rest += max(-z, 0)
            logarithms += log1p(e)
            let sigma = z >= 0 ? e / (1 + e) : 1 / (1 + e)
            let c = -sign * sigma
            for b in 0..<blocks { gradientBlocks[b] += c * Self.load(xr, b) }
            for j in first..<d { tail[j - first] += c * xr[j] }
            k &+= 1
        }
        return (rest, logarithms)
    }

    /// (1/m) Σ s(1 − s) d dᵀ over the subset of `stride` at `w`, row-major D × D (both triangles).
    /// Four rows at a time into single-precision blocks of eight columns of the upper triangle
    /// (each block loaded and stored once per four rows), flushed into double precision after
    /// every range of at most ``blockRows`` rows (or 64 for the whole data), so rounding stays at
    /// single precision of 64-row sums; the Hessian only steers Newton's step, never the gradient.
    func hessian(_ w: [Double], stride: Int, into hessian: inout [Double]) {
        typealias Lanes = SIMD8<Float>
        let d = dimensions
        let subset = ranges(stride: stride).flatMap { range in
            Swift.stride(from: range.lowerBound, to: range.upperBound, by: Self.blockRows).map {
                $0..<min($0 + Self.blockRows, range.upperBound)
            }
        }
        let m = subset.reduce(0) { $0 + $1.count }
        let padded = (d + 7) / 8
        let width = padded * 8
        var total = [Double](repeating: 0, count: d * width)
        var accumulator = [Lanes](repeating: Lanes(), count: d * padded)
        // Four rows in single precision zero-padded to whole blocks, and their weights s(1 − s).
        var rows = [Float](repeating: 0, count: 4 * width)
        var weight = [Float](repeating: 0, count: 4)
        let margins = self.margins
        let labels = self.labels
        differences.withUnsafeBufferPointer { xs in
            accumulator.withUnsafeMutableBufferPointer { h in
                rows.withUnsafeMutableBufferPointer { r in
                    guard let x = xs.baseAddress, let h = h.baseAddress, let r = r.baseAddress else { return }
                    let r1 = r + width
                    let r2 = r1 + width
                    let r3 = r2 + width
                    for range in subset {
                        var k = range.lowerBound
                        while k < range.upperBound {
                            let group = min(4, range.upperBound - k)
                            for g in 0..<4 {
                                guard g < group else {
                                    weight[g] = 0
                                    continue
                                }
                                let row = r + g * width
                                let xr = x + (k + g) * d
                                var margin = 0.0
                                for j in 0..<d {
                                    margin += w[j] * xr[j]
                                    row[j] = Float(xr[j])
                                }
                                // s(1 − s) is even in z = t·w·d, so t matters only with a margin.
                                if !margins.isEmpty { margin = (labels[k + g] == 1 ? margin : -margin) - margins[k + g] }
                                let p = Logistic.sigmoid(margin)
                                weight[g] = Float(p * (1 - p))
                            }
                            for a in 0..<d {
                                let c0 = Lanes(repeating: weight[0] * r[a])
                                let c1 = Lanes(repeating: weight[1] * r1[a])
                                let c2 = Lanes(repeating: weight[2] * r2[a])
                                let c3 = Lanes(repeating: weight[3] * r3[a])
                                let line = h + a * padded
                                for b in (a / 8)..<padded {
                                    let low: Lanes = c0 * Self.load(r, b) + c1 * Self.load(r1, b)
                                    let high: Lanes = c2 * Self.load(r2, b) + c3 * Self.load(r3, b)
                                    line[b] += low + high
                                }
                            }
                            k += group
                        }
                        for a in 0..<d {
                            for b in (a / 8)..<padded {
                                let block = h[a * padded + b]
                                for lane in 0..<8 { total[a * width + b * 8 + lane] += Double(block[lane]) }
                                h[a * padded + b] = Lanes()
                            }
                        }
                    }
                }
            }
        }
        let scale = 1 / Double(max(m, 1))
        for a in 0..<d {
            for b in a..<d {
                let value = total[a * width + b] * scale
                hessian[a * d + b] = value
                hessian[b * d + a] = value
            }
        }
    }

    @inline(__always)
    private static func load(_ row: UnsafePointer<Float>, _ block: Int) -> SIMD8<Float> {
        UnsafeRawPointer(row + 8 &* block).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func load(_ row: UnsafePointer<Double>, _ block: Int) -> Block {
        UnsafeRawPointer(row + 4 &* block).loadUnaligned(as: Block.self)
    }

    @inline(__always)
    private static func total(_ z: Block) -> Double { (z[0] + z[1]) + (z[2] + z[3]) }

    @inline(__always)
    private static func logTotal(_ product: Block) -> Double {
        (log(product[0]) + log(product[1])) + (log(product[2]) + log(product[3]))
    }
}
