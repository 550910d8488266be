internal import CGSL

/// A Walker alias table over `0..<weights.count` (`gsl_ran_discrete_t`), built once and shared
/// read-only between threads; it frees its GSL table in `deinit`.
public final class DiscreteSampler: @unchecked Sendable {
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// Number of outcomes.
    public let count: Int
    // GSL's alias table (`F`, `A`), read directly so that ``outcome(forUniform:)`` can inline.
    @usableFromInline let cutoffs: UnsafeMutablePointer<Double>
    @usableFromInline let aliases: UnsafeMutablePointer<Int>
    @usableFromInline let scale: Double

    /// Builds the table; weights must be finite, non-negative and not all zero.
    public init(weights: [Double]) throws(GSLError) {
        GSLRuntime.prepare()
        guard !weights.isEmpty, weights.allSatisfy({ $0.isFinite && $0 >= 0 }),
            weights.contains(where: { $0 > 0 })
        else {
            throw GSLError(status: Int32(GSL_EDOM), context: "discrete distribution weights \(weights)")
        }
        let built = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc(weights.count, $0.baseAddress) }
        guard let built else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "building a discrete distribution table")
        }
        table = built
        count = weights.count
        cutoffs = built.pointee.F
        aliases = built.pointee.A
        scale = Double(weights.count)
    }

    deinit {
        gsl_ran_discrete_free(table)
    }

    /// The outcome `gsl_ran_discrete` returns when its uniform draw is `u` (GSL 2.7's Knuth
    /// convention: the cell is ⌊u K⌋, and u itself is compared with the cell's cutoff).
    @inlinable @inline(__always)
    public func outcome(forUniform u: Double) -> Int {
        let cell = Int(u * scale)
        return Self.select(uniform: u, cell: cell, cutoff: cutoffs[cell], alias: aliases[cell])
    }

    /// The cell of `u` or its alias, as GSL chooses: `u < cutoff` keeps the cell. (GSL first
    /// returns the cell when the cutoff is exactly 1; u < 1 always, so the one test decides both.)
    ///
    /// Branch-free on the sign bit of u − cutoff (set exactly when u < cutoff; equality gives +0):
    /// which way a draw goes is a coin flip a branch predictor cannot learn, and a mispredicted
    /// branch waiting on the cutoff's load stalls everything after the draw.
    @inlinable @inline(__always)
    public static func select(uniform u: Double, cell: Int, cutoff: Double, alias: Int) -> Int {
        let keep = Int(truncatingIfNeeded: Int64(bitPattern: (u - cutoff).bitPattern) >> 63)  // −1 when u < cutoff
        return alias ^ ((alias ^ cell) & keep)
    }

    /// The cutoff and alias of `cell` (GSL's `F[cell]`, `A[cell]`), for callers that keep the
    /// table in their own layout.
    public func entry(_ cell: Int) -> (cutoff: Double, alias: Int) {
        (cutoffs[cell], aliases[cell])
    }

    /// The probability of outcome `k` as stored in the table.
    public func probability(of k: Int) -> Double {
        gsl_ran_discrete_pdf(k, table)
    }
}
