internal import CGSL

/// Quantiles and tail probabilities from GSL's `gsl_cdf_*` and `gsl_ran_*_pdf` functions.
public enum Distributions {
    /// The `p` quantile of Student's t with `degreesOfFreedom` degrees of freedom.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        GSLRuntime.prepare()
        return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }

    /// The standard normal CDF Φ(x).
    public static func normalCDF(_ x: Double) -> Double {
        gsl_cdf_ugaussian_P(x)
    }

    /// P(X > k) for X ~ Binomial(n, p).
    public static func binomialUpperTail(above k: Int, n: Int, p: Double) -> Double {
        GSLRuntime.prepare()
        if k < 0 { return 1 }
        if k >= n { return 0 }
        return gsl_cdf_binomial_Q(UInt32(k), p, UInt32(n))
    }

    /// The standard normal density φ(x).
    public static func normalPDF(_ x: Double) -> Double {
        gsl_ran_ugaussian_pdf(x)
    }
}
