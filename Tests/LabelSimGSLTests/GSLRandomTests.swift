import LabelSimGSL
import Testing

@Suite("GSLRandom")
struct GSLRandomTests {
    @Test("mt19937 seeded 42 gives GSL's pinned uniforms")
    func pinnedValues() {
        let rng = GSLRandom(gslSeed: 42)
        #expect(rng.uniform() == 0.37454011430963874)
        #expect(rng.uniform() == 0.79654298420064151)
        #expect(rng.uniform() == 0.95071431156247854)
    }

    @Test("the same seed gives the same stream; different seeds differ")
    func reseed() {
        let a = GSLRandom(seed: 123_456_789)
        let b = GSLRandom(seed: 123_456_789)
        let c = GSLRandom(seed: 987_654_321)
        let first = (0..<100).map { _ in a.uniform() }
        #expect(first == (0..<100).map { _ in b.uniform() })
        #expect(first != (0..<100).map { _ in c.uniform() })
    }

    @Test("seed 0 does not alias GSL's default seed 4357")
    func zeroSeed() {
        let zero = GSLRandom(seed: 0)
        let gslDefault = GSLRandom(gslSeed: 4357)
        #expect(zero.uniform() != gslDefault.uniform())
    }

    @Test("seeded Beta(8, 2) mean is within 4 standard errors of 0.8")
    func betaMean() {
        let rng = GSLRandom(seed: 5)
        let n = 200_000
        let mean = (0..<n).reduce(0.0) { sum, _ in sum + rng.beta(8, 2) } / Double(n)
        // Var Beta(8,2) = ab/((a+b)^2 (a+b+1)) = 16/1100.
        let standardError = (16.0 / 1100.0 / Double(n)).squareRoot()
        #expect(abs(mean - 0.8) < 4 * standardError)
    }

    @Test("discrete sampler frequencies match its weights")
    func discreteFrequencies() throws {
        let sampler = try DiscreteSampler(weights: [1, 2, 3, 4])
        let rng = GSLRandom(seed: 11)
        let n = 400_000
        var counts = [0, 0, 0, 0]
        for _ in 0..<n { counts[rng.sample(sampler)] += 1 }
        for k in 0..<4 {
            let p = Double(k + 1) / 10
            let standardError = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(Double(counts[k]) / Double(n) - p) < 4 * standardError)
            #expect(abs(sampler.probability(of: k) - p) < 1e-12)
        }
    }

    @Test("invalid discrete weights throw instead of aborting")
    func invalidWeights() {
        #expect(throws: GSLError.self) { try DiscreteSampler(weights: [0, 0]) }
        #expect(throws: GSLError.self) { try DiscreteSampler(weights: [1, -1]) }
        #expect(throws: GSLError.self) { try DiscreteSampler(weights: []) }
    }

    @Test("Student t and binomial values match known tables")
    func distributions() {
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10) - 2.228138851986) < 1e-9)
        #expect(abs(Distributions.normalCDF(1.959963984540054) - 0.975) < 1e-12)
        // P(Bin(5, 0.7) > 2) = 0.83692
        #expect(abs(Distributions.binomialUpperTail(above: 2, n: 5, p: 0.7) - 0.83692) < 1e-12)
    }
}

@Suite("GSLRandom blocks")
struct GSLRandomBlockTests {
    @Test("fillUniform gives the same values as one-by-one draws")
    func blockEqualsSingle() {
        let single = GSLRandom(seed: 31)
        let blocked = GSLRandom(seed: 31)
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 1000)
        defer { buffer.deallocate() }
        blocked.fillUniform(buffer)
        #expect(Array(buffer) == (0..<1000).map { _ in single.uniform() })
        #expect(blocked.uniform() == single.uniform())
    }

    @Test("fillUniform (Swift mt19937 over GSL's state) matches GSL bit for bit across twists, block sizes and starting points")
    func blockEqualsSingleAcrossTwists() {
        for seed: UInt64 in [1, 31, 4_000_000_007] {
            let single = GSLRandom(seed: seed)
            let blocked = GSLRandom(seed: seed)
            // Sizes that end and start inside a 624-word state, on its edge and across several twists.
            for size in [1, 2, 623, 624, 625, 1, 1247, 1248, 3, 5000, 624 * 3 + 7] {
                let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: size)
                defer { buffer.deallocate() }
                blocked.fillUniform(buffer)
                let expected = (0..<size).map { _ in single.uniform() }
                #expect(Array(buffer).map(\.bitPattern) == expected.map(\.bitPattern), "seed \(seed), block \(size)")
            }
            // The state is left where GSL's calls leave it, for every kind of draw that follows.
            #expect(blocked.uniform() == single.uniform())
            #expect(blocked.uniformInt(1000) == single.uniformInt(1000))
            #expect(blocked.gaussian() == single.gaussian())
        }
    }
}
