internal import CGSL

/// GSL's Gaussian ziggurat (`gsl_ran_gaussian_ziggurat`) run in Swift on the generator's own
/// mt19937 state: the same values in the same order, and the generator left where GSL's calls
/// would leave it.
///
/// GSL draws one 32-bit word k per try: its low 7 bits pick a layer, bit 7 the sign and the upper
/// 24 bits j; when j is below the layer's bound the variate is ±j·w (w the layer's width scale),
/// which happens for about 99% of draws. This type does that common case itself — the word from
/// the Mersenne Twister state in memory (tempered in place, the state twisted when spent, as
/// GSL's `mt19937` does), the product in the same double arithmetic — and hands every other case
/// to GSL with the state positioned before that word, so GSL redraws it and goes on exactly as
/// it would have. That saves two indirect calls per variate.
///
/// The bounds and widths are GSL's own: they are read out of `gsl_ran_gaussian_ziggurat` once,
/// by running it on a scripted generator (a word with j = 1 returns the width; the bound is the
/// least j for which GSL asks for a second word), and a layer whose probe does not behave as
/// described is always handed to GSL. Used only when the generator is GSL's `mt19937` with the
/// state layout of GSL 2 (624 words and an index).
struct ZigguratGaussians {
    /// Per layer, the least j GSL does not accept at once (0: always hand to GSL).
    let bounds: [UInt]
    /// Per layer, the width scale: the variate is ±j·width.
    let widths: [Double]

    /// The tables read from GSL, or nil when the probe failed as a whole.
    static let shared: ZigguratGaussians? = probe()

    static let stateWords = MersenneTwister.stateWords

    /// Fills `buffer` with N(0, 1) variates from `handle` (an mt19937 generator).
    func fill(_ buffer: UnsafeMutableBufferPointer<Double>, handle: UnsafeMutablePointer<gsl_rng>) {
        guard let raw = gsl_rng_state(handle) else { return }
        let words = raw.assumingMemoryBound(to: UInt.self)
        let index = (raw + Self.stateWords * MemoryLayout<UInt>.stride).assumingMemoryBound(to: Int32.self)
        var next = Int(index.pointee)
        bounds.withUnsafeBufferPointer { bound in
            widths.withUnsafeBufferPointer { width in
                for slot in buffer.indices {
                    if next >= Self.stateWords {
                        MersenneTwister.twist(words)
                        next = 0
                    }
                    let k = MersenneTwister.temper(words[next])
                    let layer = Int(k & 0x7F)
                    let j = (k >> 8) & 0xFF_FFFF
                    if j < bound[layer] {
                        next &+= 1
                        // GSL's sign·x: bit 7 clear flips the sign bit (a branch here would be
                        // mispredicted half the time); −1·0 is −0 in both.
                        let x = Double(j) * width[layer]
                        buffer[slot] = Double(bitPattern: x.bitPattern ^ (UInt64(~k & 0x80) << 56))
                    } else {
                        index.pointee = Int32(next)
                        buffer[slot] = gsl_ran_gaussian_ziggurat(handle, 1)
                        next = Int(index.pointee)
                    }
                }
            }
        }
        index.pointee = Int32(next)
    }

    /// Reads the bounds and widths out of GSL (see the type's documentation); nil when the
    /// generator type or layout is not the one this code knows, or the probe fails.
    static func probe() -> ZigguratGaussians? {
        GSLRuntime.prepare()
        // The state layout: 624 unsigned longs and an int index (padded).
        guard let mt = gsl_rng_alloc(labelsim_rng_mt19937()) else { return nil }
        let size = gsl_rng_size(mt)
        let name = gsl_rng_name(mt).map { String(cString: $0) }
        gsl_rng_free(mt)
        guard name == "mt19937", size >= stateWords * MemoryLayout<UInt>.stride + MemoryLayout<Int32>.stride,
            size <= stateWords * MemoryLayout<UInt>.stride + 8
        else { return nil }
        let script = ScriptedGenerator()
        var bounds = [UInt](repeating: 0, count: 128)
        var widths = [Double](repeating: 0, count: 128)
        for layer in 0..<128 {
            // Positive sign (bit 7), this layer, j as given.
            func draw(_ j: UInt) -> (value: Double, words: Int) { script.run(first: (j << 8) | 0x80 | UInt(layer)) }
            let one = draw(1)
            guard one.words == 1, one.value > 0, one.value.isFinite else { continue }
            // Least j for which GSL asks for more than the first word.
            var low: UInt = 1
            var high: UInt = 1 << 24
            while low < high {
                let middle = (low + high) / 2
                if draw(middle).words > 1 { high = middle } else { low = middle + 1 }
            }
            let width = one.value
            // Check the product rule on the last accepted j and a few below it.
            let checks: [UInt] = [low - 1, (low - 1) / 2, (low - 1) / 3 + 1, 2]
            guard checks.allSatisfy({ $0 < low && draw($0) == (Double($0) * width, 1) }) else { continue }
            bounds[layer] = low
            widths[layer] = width
        }
        guard bounds.contains(where: { $0 > 0 }) else { return nil }
        return ZigguratGaussians(bounds: bounds, widths: widths)
    }
}

/// A GSL generator that returns scripted 32-bit words (then zeros) and counts the words taken:
/// how ``ZigguratGaussians/probe()`` reads GSL's tables.
private final class ScriptedGenerator {
    /// Words taken, the number of scripted words, then the words.
    private let state: UnsafeMutablePointer<UInt>
    private let type: UnsafeMutablePointer<gsl_rng_type>
    private let generator: UnsafeMutablePointer<gsl_rng>
    private let name: UnsafeMutablePointer<CChar>

    init() {
        state = .allocate(capacity: 3)
        state.initialize(repeating: 0, count: 3)
        name = .allocate(capacity: 9)
        for (offset, byte) in "scripted".utf8CString.enumerated() { name[offset] = byte }
        type = .allocate(capacity: 1)
        type.initialize(
            to: gsl_rng_type(
                name: UnsafePointer(name), max: 0xFFFF_FFFF, min: 0, size: 3 * MemoryLayout<UInt>.stride,
                set: { _, _ in },
                get: { raw in
                    guard let words = raw?.assumingMemoryBound(to: UInt.self) else { return 0 }
                    let taken = words[0]
                    words[0] = taken + 1
                    return taken < words[1] ? words[2] : 0
                },
                get_double: { raw in
                    guard let words = raw?.assumingMemoryBound(to: UInt.self) else { return 0 }
                    let taken = words[0]
                    words[0] = taken + 1
                    return Double(taken < words[1] ? words[2] : 0) / 4_294_967_296.0
                }))
        generator = .allocate(capacity: 1)
        generator.initialize(to: gsl_rng(type: UnsafePointer(type), state: UnsafeMutableRawPointer(state)))
    }

    deinit {
        generator.deallocate()
        type.deallocate()
        name.deallocate()
        state.deallocate()
    }

    /// GSL's ziggurat variate when the first word is `first` and every later one 0, and the
    /// number of words it took.
    func run(first: UInt) -> (value: Double, words: Int) {
        state[0] = 0
        state[1] = 1
        state[2] = first
        let value = gsl_ran_gaussian_ziggurat(generator, 1)
        return (value, Int(state[0]))
    }
}
