internal import CGSL

/// Adaptive numerical integration with GSL's QUADPACK routines (`gsl_integration_qagi`).
public enum Quadrature {
    /// The integral of `integrand` over the whole real line.
    ///
    /// GSL maps (−∞, ∞) onto (0, 1] with x = (1 − t)/t and applies the 21-point Gauss–Kronrod rule
    /// adaptively until the estimated error is below `absoluteTolerance` or
    /// `relativeTolerance` × |integral|.
    ///
    /// - Throws: ``GSLError`` if the tolerances cannot be met within `workspaceIntervals`
    ///   subdivisions or the integrand is not finite.
    public static func integrateOverRealLine(
        absoluteTolerance: Double = 1e-13, relativeTolerance: Double = 1e-12, workspaceIntervals: Int = 1000,
        _ integrand: (Double) -> Double
    ) throws(GSLError) -> Double {
        GSLRuntime.prepare()
        guard let workspace = gsl_integration_workspace_alloc(workspaceIntervals) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating an integration workspace of \(workspaceIntervals) intervals")
        }
        defer { gsl_integration_workspace_free(workspace) }
        return try withoutActuallyEscaping(integrand) { (escapable) throws(GSLError) -> Double in
            let box = IntegrandBox(escapable)
            return try withExtendedLifetime(box) { () throws(GSLError) -> Double in
                var function = gsl_function(function: evaluateIntegrand, params: Unmanaged.passUnretained(box).toOpaque())
                var result = 0.0
                var error = 0.0
                let status = gsl_integration_qagi(
                    &function, absoluteTolerance, relativeTolerance, workspaceIntervals, workspace, &result, &error)
                try GSLRuntime.check(status, "integrating over the real line (estimated error \(error))")
                return result
            }
        }
    }
}

private final class IntegrandBox {
    let integrand: (Double) -> Double
    init(_ integrand: @escaping (Double) -> Double) { self.integrand = integrand }
}

private func evaluateIntegrand(_ x: Double, _ params: UnsafeMutableRawPointer?) -> Double {
    guard let params else { return .nan }
    return Unmanaged<IntegrandBox>.fromOpaque(params).takeUnretainedValue().integrand(x)
}
