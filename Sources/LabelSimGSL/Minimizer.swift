internal import CGSL

/// A gradient-based minimiser of a smooth function of many variables: GSL's BFGS2
/// (`gsl_multimin_fdfminimizer_vector_bfgs2`, Fletcher's line search), which owns its GSL state
/// and frees it in `deinit`.
///
/// The objective is given as Swift closures over plain arrays. The minimiser keeps one point
/// array and one gradient array for the whole run and copies GSL's vectors into and out of them,
/// so a call allocates nothing; the copy is `dimension` doubles, negligible next to any objective
/// worth minimising this way.
///
/// Stopping rule (deterministic): iterate until the Euclidean norm of the gradient is at most
/// ``Settings/gradientTolerance`` (`gsl_multimin_test_gradient`), or GSL reports that the line
/// search can make no further progress (`GSL_ENOPROG`, the usual end at machine precision), or
/// ``Settings/maxIterations`` iterations have run. The same start and objective always take the
/// same path.
public final class Minimizer {
    /// Tuning of one minimisation.
    public struct Settings: Sendable, Equatable {
        /// Length of the first trial step (GSL's `step_size`).
        public var initialStep: Double
        /// Accuracy of each line search, as a ratio of directional derivatives (GSL's `tol`; 0.1 is
        /// GSL's recommendation for BFGS2).
        public var lineTolerance: Double
        /// Stop once the gradient's Euclidean norm is at most this.
        public var gradientTolerance: Double
        /// Stop after this many iterations even if the gradient is still larger.
        public var maxIterations: Int

        /// Creates settings; the defaults suit objectives of order one.
        public init(initialStep: Double = 0.1, lineTolerance: Double = 0.1, gradientTolerance: Double = 1e-6, maxIterations: Int = 1000) {
            self.initialStep = initialStep
            self.lineTolerance = lineTolerance
            self.gradientTolerance = gradientTolerance
            self.maxIterations = maxIterations
        }
    }

    /// The outcome of one minimisation.
    public struct Result: Sendable, Equatable {
        /// The best point found.
        public let point: [Double]
        /// The objective at ``point``.
        public let value: Double
        /// The Euclidean norm of the gradient at ``point``.
        public let gradientNorm: Double
        /// Number of BFGS iterations run.
        public let iterations: Int
        /// Whether the gradient tolerance was met (false after the iteration cap or a stalled line
        /// search with a larger gradient).
        public let converged: Bool
        /// Number of objective evaluations (value only, or value with gradient).
        public let evaluations: Int
    }

    /// Number of variables.
    public let dimension: Int
    private let state: UnsafeMutablePointer<gsl_multimin_fdfminimizer>
    private let start: UnsafeMutablePointer<gsl_vector>

    /// Allocates a BFGS2 minimiser for functions of `dimension` variables.
    public init(dimension: Int) throws(GSLError) {
        GSLRuntime.prepare()
        guard dimension > 0 else {
            throw GSLError(status: Int32(GSL_EINVAL), context: "a minimiser needs at least one variable, got \(dimension)")
        }
        guard let vector = gsl_vector_alloc(dimension) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a start vector of \(dimension) values")
        }
        guard let minimizer = gsl_multimin_fdfminimizer_alloc(labelsim_multimin_bfgs2(), dimension) else {
            gsl_vector_free(vector)
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a BFGS2 minimiser of \(dimension) variables")
        }
        self.dimension = dimension
        self.state = minimizer
        self.start = vector
    }

    deinit {
        gsl_multimin_fdfminimizer_free(state)
        gsl_vector_free(start)
    }

    /// Minimises an objective from `initialPoint`.
    ///
    /// - Parameters:
    ///   - initialPoint: The start, `dimension` values.
    ///   - settings: Step, line-search accuracy and stopping rule.
    ///   - value: Returns f(x) alone (GSL asks for it inside line searches).
    ///   - valueAndGradient: Returns f(x) and writes ∇f(x) into its second argument, which holds
    ///     `dimension` values on entry (their contents are unspecified); GSL's gradient-only
    ///     requests also go here, the value being discarded.
    /// - Throws: ``GSLError`` if the start has the wrong length or GSL reports a failure (for
    ///   example a non-finite objective).
    public func minimize(
        from initialPoint: [Double], settings: Settings = Settings(),
        value: @escaping ([Double]) -> Double,
        valueAndGradient: @escaping ([Double], inout [Double]) -> Double
    ) throws(GSLError) -> Result {
        guard initialPoint.count == dimension else {
            throw GSLError(
                status: Int32(GSL_EBADLEN), context: "start point has \(initialPoint.count) values, the minimiser \(dimension)")
        }
        guard settings.maxIterations >= 0, settings.gradientTolerance >= 0, settings.initialStep > 0 else {
            throw GSLError(status: Int32(GSL_EINVAL), context: "minimiser settings \(settings)")
        }
        let box = ObjectiveBox(dimension: dimension, value: value, valueAndGradient: valueAndGradient)
        for index in 0..<dimension {
            gsl_vector_set(start, index, initialPoint[index])
        }
        let function = UnsafeMutablePointer<gsl_multimin_function_fdf>.allocate(capacity: 1)
        defer { function.deallocate() }
        function.initialize(
            to: gsl_multimin_function_fdf(
                f: objectiveValue, df: objectiveGradient, fdf: objectiveValueAndGradient, n: dimension,
                params: Unmanaged.passUnretained(box).toOpaque()))
        return try withExtendedLifetime(box) { () throws(GSLError) -> Result in
            try GSLRuntime.check(
                gsl_multimin_fdfminimizer_set(state, function, start, settings.initialStep, settings.lineTolerance),
                "starting the BFGS2 minimiser")
            try box.checkFinite()
            var iterations = 0
            var converged = gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(state), settings.gradientTolerance) == GSL_SUCCESS
            while !converged && iterations < settings.maxIterations {
                let status = gsl_multimin_fdfminimizer_iterate(state)
                try box.checkFinite()
                if status == GSL_ENOPROG {
                    break
                }
                try GSLRuntime.check(status, "BFGS2 iteration \(iterations + 1)")
                iterations += 1
                converged =
                    gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(state), settings.gradientTolerance) == GSL_SUCCESS
            }
            guard let best = gsl_multimin_fdfminimizer_x(state), let gradient = gsl_multimin_fdfminimizer_gradient(state) else {
                throw GSLError(status: Int32(GSL_EFAULT), context: "reading the BFGS2 result")
            }
            let point = (0..<dimension).map { gsl_vector_get(best, $0) }
            return Result(
                point: point, value: gsl_multimin_fdfminimizer_minimum(state), gradientNorm: gsl_blas_dnrm2(gradient),
                iterations: iterations, converged: converged, evaluations: box.evaluations)
        }
    }
}

// MARK: - C callbacks

/// The closures and reusable arrays of one run, reached from GSL's `params` pointer.
private final class ObjectiveBox {
    let value: ([Double]) -> Double
    let valueAndGradient: ([Double], inout [Double]) -> Double
    var point: [Double]
    var gradient: [Double]
    var sawNonFinite = false
    var evaluations = 0

    init(dimension: Int, value: @escaping ([Double]) -> Double, valueAndGradient: @escaping ([Double], inout [Double]) -> Double) {
        self.value = value
        self.valueAndGradient = valueAndGradient
        self.point = [Double](repeating: 0, count: dimension)
        self.gradient = [Double](repeating: 0, count: dimension)
    }

    func load(_ x: UnsafePointer<gsl_vector>) {
        evaluations += 1
        let stride = x.pointee.stride
        guard let data = x.pointee.data else { return }
        point.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                buffer[index] = data[index * stride]
            }
        }
    }

    func store(into g: UnsafeMutablePointer<gsl_vector>) {
        let stride = g.pointee.stride
        guard let data = g.pointee.data else { return }
        gradient.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                data[index * stride] = buffer[index]
                if !buffer[index].isFinite { sawNonFinite = true }
            }
        }
    }

    func record(_ f: Double) -> Double {
        if !f.isFinite { sawNonFinite = true }
        return f
    }

    func checkFinite() throws(GSLError) {
        if sawNonFinite {
            throw GSLError(status: Int32(GSL_EBADFUNC), context: "the objective or its gradient was not finite")
        }
    }

    static func from(_ params: UnsafeMutableRawPointer?) -> ObjectiveBox? {
        guard let params else { return nil }
        return Unmanaged<ObjectiveBox>.fromOpaque(params).takeUnretainedValue()
    }
}

private func objectiveValue(_ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?) -> Double {
    guard let x, let box = ObjectiveBox.from(params) else { return .nan }
    box.load(x)
    return box.record(box.value(box.point))
}

private func objectiveGradient(
    _ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ g: UnsafeMutablePointer<gsl_vector>?
) {
    guard let x, let g, let box = ObjectiveBox.from(params) else { return }
    box.load(x)
    _ = box.record(box.valueAndGradient(box.point, &box.gradient))
    box.store(into: g)
}

private func objectiveValueAndGradient(
    _ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ f: UnsafeMutablePointer<Double>?,
    _ g: UnsafeMutablePointer<gsl_vector>?
) {
    guard let x, let f, let g, let box = ObjectiveBox.from(params) else { return }
    box.load(x)
    f.pointee = box.record(box.valueAndGradient(box.point, &box.gradient))
    box.store(into: g)
}
