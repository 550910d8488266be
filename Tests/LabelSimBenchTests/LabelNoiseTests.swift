import LabelSimBench
import LabelSimEngine
import LabelSimGSL
import Testing

@Suite struct LabelNoiseTests {
    @Test func boundaryProbabilitiesAverageTheRateAndStayProbabilities() {
        let difficulties = (0..<1000).map { Double($0 % 100) / 99 }
        for rate in [0.05, 0.3, 0.6] {
            let probabilities = LabelNoise.boundaryFlipProbabilities(difficulties: difficulties, rate: rate)
            let mean = probabilities.reduce(0, +) / Double(probabilities.count)
            #expect(abs(mean - rate) < 1e-12)
            #expect(probabilities.allSatisfy { $0 >= 0 && $0 <= 1 })
            // Monotone in difficulty.
            #expect(probabilities[99] >= probabilities[50] && probabilities[50] >= probabilities[1])
        }
    }

    @Test func flipRatesMatchOnAverage() {
        let labels = (0..<100_000).map { Int32($0 % 4) }
        let uniform = LabelNoise.flipUniformly(labels, classes: 4, rate: 0.2, using: GSLRandom(seed: 1))
        let oneWay = LabelNoise.flipOneWay(labels, from: 0, to: 1, rate: 0.2, using: GSLRandom(seed: 2))
        func rate(_ noisy: [Int32]) -> Double { Double(zip(noisy, labels).filter { $0 != $1 }.count) / Double(labels.count) }
        // Binomial standard error at n = 100,000 is about 0.0013; allow four.
        #expect(abs(rate(uniform) - 0.2) < 0.005)
        #expect(abs(rate(oneWay) - 0.2) < 0.005)
        #expect(zip(oneWay, labels).allSatisfy { noisy, clean in noisy == clean || (clean == 0 && noisy == 1) })
        #expect(uniform.allSatisfy { $0 >= 0 && $0 < 4 })
    }

    @Test func noiseShapeStudyIsReproducible() throws {
        let model = try FeatureModel(classes: 2, dimensions: 4, separation: 2)
        let study = NoiseShapeStudy(model: model, rate: 0.2, testItems: 2000, replications: 2)
        let first = try study.run(trainingSizes: [300], seed: 9)
        #expect(first == (try study.run(trainingSizes: [300], seed: 9)))
        #expect(first.count == 1 && abs(first[0].boundaryRealisedRate - 0.2) < 0.05)
    }
}
