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
        let cutoff = cutoffs[cell]
        return cutoff == 1 || u < cutoff ? cell : aliases[cell]
    }

    /// The probability of outcome `k` as stored in the table.
    public func probability(of k: Int) -> Double {
        gsl_ran_discrete_pdf(k, table)
    }
}
