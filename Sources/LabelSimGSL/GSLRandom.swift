internal import CGSL

/// A seeded Mersenne Twister (GSL's `mt19937`) that owns its GSL handle and frees it in `deinit`.
///
/// One generator belongs to one thread at a time; the engine makes one per random stream.
/// GSL's mt19937 uses the low 32 bits of its seed and treats seed 0 as 4357, so seeds are mixed
/// into a non-zero 32-bit value first (see ``init(seed:)``).
public final class GSLRandom {
    let handle: UnsafeMutablePointer<gsl_rng>

    /// Creates a generator from a 64-bit seed.
    ///
    /// The seed is folded to 32 bits (xor of halves); a zero result becomes 1, so no two
    /// distinct 32-bit folds share a stream.
    public init(seed: UInt64) {
        GSLRuntime.prepare()
        guard let rng = gsl_rng_alloc(labelsim_rng_mt19937()) else {
            // Allocation of a 5 KB state failing means the process is out of memory.
            preconditionFailure("GSL could not allocate a random number generator")
        }
        handle = rng
        let folded = (seed ^ (seed >> 32)) & 0xFFFF_FFFF
        gsl_rng_set(handle, UInt(folded == 0 ? 1 : folded))
    }

    /// Creates a generator whose 32-bit GSL seed is exactly `gslSeed` (for pinned-value tests).
    public init(gslSeed: UInt32) {
        GSLRuntime.prepare()
        guard let rng = gsl_rng_alloc(labelsim_rng_mt19937()) else {
            preconditionFailure("GSL could not allocate a random number generator")
        }
        handle = rng
        gsl_rng_set(handle, UInt(gslSeed))
    }

    deinit {
        gsl_rng_free(handle)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    public func uniform() -> Double {
        gsl_rng_uniform(handle)
    }

    /// A uniform integer in `0..<n`; `n` must be at least 1.
    @inline(__always)
    public func uniformInt(_ n: Int) -> Int {
        Int(gsl_rng_uniform_int(handle, UInt(n)))
    }

    /// Fills `buffer` with uniform doubles in [0, 1): the same values, in the same order, as
    /// `buffer.count` calls of ``uniform()``, at a fraction of the call overhead (hot loops draw
    /// their uniforms in blocks).
    /// With GSL's own `mt19937` layout the words are taken from the state in Swift
    /// (``MersenneTwister``), without a call per value.
    public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>) {
        if MersenneTwister.layoutIsKnown, handle.pointee.type == labelsim_rng_mt19937(), let state = gsl_rng_state(handle) {
            MersenneTwister.fillUniform(buffer, state: state)
            return
        }
        guard let getDouble = handle.pointee.type.pointee.get_double else {
            for index in buffer.indices { buffer[index] = gsl_rng_uniform(handle) }
            return
        }
        let state = handle.pointee.state
        for index in buffer.indices {
            buffer[index] = getDouble(state)
        }
    }

    /// A Beta(a, b) variate; `a` and `b` must be positive.
    public func beta(_ a: Double, _ b: Double) -> Double {
        gsl_ran_beta(handle, a, b)
    }

    /// Fills `buffer` with N(0, 1) variates: exactly the values successive ``gaussian(sigma:)``
    /// calls give, leaving the generator where they would (``ZigguratGaussians``: GSL's ziggurat
    /// run on this generator's state, most draws without a call into GSL).
    public func fillGaussians(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard let ziggurat = ZigguratGaussians.shared else {
            for index in buffer.indices { buffer[index] = gsl_ran_gaussian_ziggurat(handle, 1) }
            return
        }
        ziggurat.fill(buffer, handle: handle)
    }

    /// A Gaussian variate with mean 0 and standard deviation `sigma`.
    public func gaussian(sigma: Double = 1) -> Double {
        gsl_ran_gaussian_ziggurat(handle, sigma)
    }

    /// A lognormal variate: exp of a Gaussian with mean `mu` and standard deviation `sigma`.
    public func lognormal(mu: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(handle, mu, sigma)
    }

    /// A probability vector drawn from a symmetric or general Dirichlet with parameters `alpha`.
    public func dirichlet(_ alpha: [Double]) -> [Double] {
        var theta = [Double](repeating: 0, count: alpha.count)
        alpha.withUnsafeBufferPointer { a in
            theta.withUnsafeMutableBufferPointer { t in
                gsl_ran_dirichlet(handle, alpha.count, a.baseAddress, t.baseAddress)
            }
        }
        return theta
    }

    /// Draws from a preprocessed discrete distribution (`gsl_ran_discrete`).
    @inline(__always)
    public func sample(_ sampler: DiscreteSampler) -> Int {
        Int(gsl_ran_discrete(handle, sampler.table))
    }

    /// Draws `count` values from `sampler` and returns their sum, to time the raw GSL draw rate.
    public func drawDiscreteChecksum(_ sampler: DiscreteSampler, count: Int) -> Int {
        var sum = 0
        let table = sampler.table
        for _ in 0..<count {
            sum &+= Int(gsl_ran_discrete(handle, table))
        }
        return sum
    }
}
