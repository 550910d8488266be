internal import CGSL

/// Solves symmetric positive-definite linear systems A x = b by GSL's Cholesky factorisation
/// (`gsl_linalg_cholesky_decomp1`, then `gsl_linalg_cholesky_solve`); owns its GSL matrix and
/// vectors, allocated once and freed in `deinit`, so repeated solves allocate nothing.
///
/// Not thread-safe: one solver per thread.
public final class CholeskySolver {
    /// Size n of the n × n systems this solver handles.
    public let dimension: Int
    private let factor: UnsafeMutablePointer<gsl_matrix>
    private let rightSide: UnsafeMutablePointer<gsl_vector>
    private let solution: UnsafeMutablePointer<gsl_vector>
    /// Whether `factor` holds the factor of the last successful ``solve(matrix:shift:rightSide:solution:)``.
    private var factored = false

    /// Allocates a solver for `dimension` × `dimension` systems.
    public init(dimension: Int) throws(GSLError) {
        GSLRuntime.prepare()
        guard dimension > 0 else {
            throw GSLError(status: Int32(GSL_EINVAL), context: "a linear system needs at least one unknown, got \(dimension)")
        }
        guard let factor = gsl_matrix_alloc(dimension, dimension) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a \(dimension) × \(dimension) matrix")
        }
        guard let rightSide = gsl_vector_alloc(dimension) else {
            gsl_matrix_free(factor)
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a vector of \(dimension) values")
        }
        guard let solution = gsl_vector_alloc(dimension) else {
            gsl_matrix_free(factor)
            gsl_vector_free(rightSide)
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a vector of \(dimension) values")
        }
        self.dimension = dimension
        self.factor = factor
        self.rightSide = rightSide
        self.solution = solution
    }

    deinit {
        gsl_matrix_free(factor)
        gsl_vector_free(rightSide)
        gsl_vector_free(solution)
    }

    /// Solves (A + shift·I) x = b.
    ///
    /// - Parameters:
    ///   - matrix: A, row-major `dimension` × `dimension`, symmetric (only its lower triangle is
    ///     read; it is mirrored into GSL's matrix).
    ///   - shift: Added to the diagonal before factorising (0 for A itself).
    ///   - rightSide: b, `dimension` values.
    ///   - solution: Receives x, `dimension` values.
    /// - Returns: `false`, leaving `solution` unchanged, when A + shift·I is not numerically
    ///   positive definite (GSL's `GSL_EDOM`), so the caller can retry with a larger shift.
    /// - Throws: ``GSLError`` for wrong lengths or any other GSL failure.
    public func solve(
        matrix: UnsafeBufferPointer<Double>, shift: Double = 0, rightSide b: UnsafeBufferPointer<Double>,
        solution x: UnsafeMutableBufferPointer<Double>
    ) throws(GSLError) -> Bool {
        let n = dimension
        guard matrix.count == n * n, b.count == n, x.count == n else {
            throw GSLError(
                status: Int32(GSL_EBADLEN),
                context: "Cholesky solve of size \(n) given \(matrix.count) matrix, \(b.count) right-side, \(x.count) solution values")
        }
        guard let a = factor.pointee.data, let rhs = rightSide.pointee.data, let out = solution.pointee.data else {
            throw GSLError(status: Int32(GSL_EFAULT), context: "reading the Cholesky solver's storage")
        }
        let tda = factor.pointee.tda
        for row in 0..<n {
            for column in 0..<n { a[row * tda + column] = matrix[max(row, column) * n + min(row, column)] }
            a[row * tda + row] += shift
        }
        let stride = rightSide.pointee.stride
        for index in 0..<n { rhs[index * stride] = b[index] }
        factored = false
        let status = gsl_linalg_cholesky_decomp1(factor)
        if status == GSL_EDOM { return false }
        try GSLRuntime.check(status, "Cholesky factorisation of a \(n) × \(n) matrix")
        factored = true
        try GSLRuntime.check(gsl_linalg_cholesky_solve(factor, rightSide, solution), "Cholesky solve of size \(n)")
        let outStride = solution.pointee.stride
        for index in 0..<n { x[index] = out[index * outStride] }
        return true
    }

    /// Solves (A + shift·I) x = b for a new b with the A and shift of the last successful
    /// ``solve(matrix:shift:rightSide:solution:)``, reusing its factorisation (two triangular
    /// solves, O(n²), instead of O(n³/3)).
    ///
    /// - Returns: `false`, leaving `solution` unchanged, when no factorisation is held yet.
    /// - Throws: ``GSLError`` for wrong lengths or a GSL failure.
    public func solveAgain(rightSide b: UnsafeBufferPointer<Double>, solution x: UnsafeMutableBufferPointer<Double>) throws(GSLError)
        -> Bool
    {
        let n = dimension
        guard b.count == n, x.count == n else {
            throw GSLError(
                status: Int32(GSL_EBADLEN), context: "Cholesky solve of size \(n) given \(b.count) right-side, \(x.count) solution values")
        }
        guard factored else { return false }
        guard let rhs = rightSide.pointee.data, let out = solution.pointee.data else {
            throw GSLError(status: Int32(GSL_EFAULT), context: "reading the Cholesky solver's storage")
        }
        let stride = rightSide.pointee.stride
        for index in 0..<n { rhs[index * stride] = b[index] }
        try GSLRuntime.check(gsl_linalg_cholesky_solve(factor, rightSide, solution), "Cholesky solve of size \(n)")
        let outStride = solution.pointee.stride
        for index in 0..<n { x[index] = out[index * outStride] }
        return true
    }
}
