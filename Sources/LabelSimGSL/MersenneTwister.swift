internal import CGSL

/// GSL's `mt19937` run in Swift on a generator's own state (624 32-bit words kept in unsigned
/// longs, then an int index: GSL 2's layout), for code that takes many words at once: the same
/// words in the same order, and the state left where GSL's calls would leave it.
enum MersenneTwister {
    static let stateWords = 624
    static let shift = 397

    /// Whether this GSL's `mt19937` has the layout described above (checked once).
    static let layoutIsKnown: Bool = {
        GSLRuntime.prepare()
        guard let mt = gsl_rng_alloc(labelsim_rng_mt19937()) else { return false }
        defer { gsl_rng_free(mt) }
        let size = gsl_rng_size(mt)
        let name = gsl_rng_name(mt).map { String(cString: $0) }
        return name == "mt19937" && size >= stateWords * MemoryLayout<UInt>.stride + MemoryLayout<Int32>.stride
            && size <= stateWords * MemoryLayout<UInt>.stride + 8
    }()

    /// The regeneration of all 624 words, as GSL's `mt19937` does it.
    @inline(__always)
    static func twist(_ mt: UnsafeMutablePointer<UInt>) {
        let n = stateWords
        let m = shift
        @inline(__always) func mix(_ upper: UInt, _ lower: UInt, _ far: UInt) -> UInt {
            let y = (upper & 0x8000_0000) | (lower & 0x7FFF_FFFF)
            return far ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        for kk in 0..<(n - m) { mt[kk] = mix(mt[kk], mt[kk + 1], mt[kk + m]) }
        for kk in (n - m)..<(n - 1) { mt[kk] = mix(mt[kk], mt[kk + 1], mt[kk + m - n]) }
        mt[n - 1] = mix(mt[n - 1], mt[0], mt[m - 1])
    }

    /// GSL's tempering of a state word into an output word.
    @inline(__always)
    static func temper(_ word: UInt) -> UInt {
        var k = word
        k ^= k >> 11
        k ^= (k << 7) & 0x9D2C_5680
        k ^= (k << 15) & 0xEFC6_0000
        k ^= k >> 18
        return k
    }

    /// Fills `buffer` with the uniforms GSL's `gsl_rng_uniform` would give one by one on the
    /// generator whose state is `raw` (each word k as k / 2³²), and advances the state as they
    /// would. The conversion is exact: 2⁵² + k is a double for k < 2³², and so are the
    /// subtraction of 2⁵² and the product by 2⁻³², so the loop needs no integer-to-double
    /// instruction and vectorises.
    static func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>, state raw: UnsafeMutableRawPointer) {
        guard let out = buffer.baseAddress else { return }
        let mt = raw.assumingMemoryBound(to: UInt.self)
        let index = (raw + stateWords * MemoryLayout<UInt>.stride).assumingMemoryBound(to: Int32.self)
        var next = Int(index.pointee)
        var slot = 0
        let count = buffer.count
        let twoTo52 = 4_503_599_627_370_496.0
        let bias = twoTo52.bitPattern
        let scale = 1.0 / 4_294_967_296.0
        while slot < count {
            if next >= stateWords {
                twist(mt)
                next = 0
            }
            let run = min(stateWords &- next, count &- slot)
            let words = mt + next
            let target = out + slot
            for offset in 0..<run {
                let k = UInt64(temper(words[offset]))
                target[offset] = (Double(bitPattern: bias | k) - twoTo52) * scale
            }
            next &+= run
            slot &+= run
        }
        index.pointee = Int32(truncatingIfNeeded: next)
    }
}
