import LabelSimGSL
import Testing

@Suite("Buffered uniforms")
struct BufferedUniformsTests {
    @Test("uniforms, integers and discrete draws equal one-by-one GSL calls; finish leaves the stream in step")
    func sameStream() throws {
        let sampler = try DiscreteSampler(weights: [0.5, 0.01, 3, 0.2, 1, 0.7, 0.0, 2])
        let reference = GSLRandom(seed: 77)
        let buffered = GSLRandom(seed: 77)
        let buffer = BufferedUniforms(buffered, blockSize: 64)
        for step in 0..<10_000 {
            switch step % 3 {
            case 0: #expect(buffer.uniform() == reference.uniform())
            case 1: #expect(buffer.uniformInt(1 + step % 997) == reference.uniformInt(1 + step % 997))
            default: #expect(buffer.sample(sampler) == reference.sample(sampler))
            }
        }
        #expect(buffer.uniformInt(3_000_000_000) == reference.uniformInt(3_000_000_000))
        buffer.finish()
        #expect(buffered.uniform() == reference.uniform())
        // Drawing through the buffer again after finish starts a new block in step.
        #expect(buffer.uniform() == reference.uniform())
        buffer.finish()
        #expect(buffered.uniform() == reference.uniform())
    }
}
