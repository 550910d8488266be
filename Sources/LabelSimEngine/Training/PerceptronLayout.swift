#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shape of a fully connected network D → H₁ → … → K and the forward and backward passes
/// over a batch, shared by training (``MultilayerPerceptron``) and prediction (``FittedPerceptron``).
///
/// Parameters are one flat array, layer by layer: the weights of layer l are input-major
/// (`in × out`, so one input's outgoing weights are contiguous and the inner loops are
/// contiguous multiply-adds the compiler vectorises), followed by its `out` biases. Hidden units
/// are ReLU; the output is a softmax.
struct PerceptronLayout: Sendable, Equatable {
    /// Units per layer, input first, classes last.
    let widths: [Int]
    /// Offset of each layer's weights in the parameter array.
    let weightOffsets: [Int]
    /// Offset of each layer's biases in the parameter array.
    let biasOffsets: [Int]
    /// Number of parameters.
    let parameterCount: Int

    init(dimensions: Int, hidden: [Int], classes: Int) {
        widths = [dimensions] + hidden + [classes]
        var weights: [Int] = []
        var biases: [Int] = []
        var offset = 0
        for layer in 0..<(widths.count - 1) {
            weights.append(offset)
            offset += widths[layer] * widths[layer + 1]
            biases.append(offset)
            offset += widths[layer + 1]
        }
        weightOffsets = weights
        biasOffsets = biases
        parameterCount = offset
    }

    var layerCount: Int { widths.count - 1 }
    var classes: Int { widths[widths.count - 1] }

    /// Units of every layer's activations for a batch of `rows` (input excluded).
    func activationCount(rows: Int) -> Int { widths.dropFirst().reduce(0, +) * rows }

    /// Forward pass of `rows` items: `input` row-major rows × D; `activations` receives each
    /// layer's outputs (ReLU, then softmax probabilities last) back to back, rows × width each.
    func forward(
        _ theta: UnsafeBufferPointer<Double>, input: UnsafeBufferPointer<Double>, rows: Int,
        activations: UnsafeMutableBufferPointer<Double>
    ) {
        var sourceStart = 0
        var targetStart = 0
        for layer in 0..<layerCount {
            let fanIn = widths[layer]
            let fanOut = widths[layer + 1]
            let w = weightOffsets[layer]
            let b = biasOffsets[layer]
            for row in 0..<rows {
                let z = targetStart + row * fanOut
                let x = sourceStart + row * fanIn
                for o in 0..<fanOut { activations[z + o] = theta[b + o] }
                for i in 0..<fanIn {
                    let xi = layer == 0 ? input[x + i] : activations[x + i]
                    if xi == 0 { continue }
                    let wi = w + i * fanOut
                    for o in 0..<fanOut { activations[z + o] += xi * theta[wi + o] }
                }
                if layer < layerCount - 1 {
                    for o in 0..<fanOut { activations[z + o] = max(activations[z + o], 0) }
                } else {
                    var top = activations[z]
                    for o in 1..<fanOut { top = max(top, activations[z + o]) }
                    var sum = 0.0
                    for o in 0..<fanOut {
                        activations[z + o] = exp(activations[z + o] - top)
                        sum += activations[z + o]
                    }
                    let scale = 1 / sum
                    for o in 0..<fanOut { activations[z + o] *= scale }
                }
            }
            sourceStart = targetStart
            targetStart += rows * fanOut
        }
    }

    /// Backward pass after ``forward(_:input:rows:activations:)``: the gradient of the mean
    /// cross-entropy against `targets` (rows × K probability rows) plus `penalty`·W on the
    /// weights, into `gradient`. `delta` and `spare` are scratch of rows × the widest layer.
    func backward(
        _ theta: UnsafeBufferPointer<Double>, input: UnsafeBufferPointer<Double>, rows: Int, activations: UnsafeBufferPointer<Double>,
        targets: UnsafeBufferPointer<Double>, penalty: Double, gradient: UnsafeMutableBufferPointer<Double>,
        delta: UnsafeMutableBufferPointer<Double>, spare: UnsafeMutableBufferPointer<Double>
    ) {
        let scale = 1 / Double(rows)
        var outputsStart = [Int](repeating: 0, count: layerCount)
        var offset = 0
        for layer in 0..<layerCount {
            outputsStart[layer] = offset
            offset += rows * widths[layer + 1]
        }
        // δ of the softmax layer: (p − y) / rows.
        let k = classes
        let probabilities = outputsStart[layerCount - 1]
        for index in 0..<(rows * k) { delta[index] = (activations[probabilities + index] - targets[index]) * scale }
        var current = delta
        var next = spare
        for layer in stride(from: layerCount - 1, through: 0, by: -1) {
            let fanIn = widths[layer]
            let fanOut = widths[layer + 1]
            let w = weightOffsets[layer]
            let b = biasOffsets[layer]
            let source = layer == 0 ? input : UnsafeBufferPointer(rebasing: activations[outputsStart[layer - 1]...])
            for index in 0..<(fanIn * fanOut) { gradient[w + index] = penalty * theta[w + index] }
            for o in 0..<fanOut { gradient[b + o] = 0 }
            for row in 0..<rows {
                let d = row * fanOut
                let x = row * fanIn
                for o in 0..<fanOut { gradient[b + o] += current[d + o] }
                for i in 0..<fanIn {
                    let xi = source[x + i]
                    if xi == 0 { continue }
                    let gwi = w + i * fanOut
                    for o in 0..<fanOut { gradient[gwi + o] += xi * current[d + o] }
                }
            }
            guard layer > 0 else { break }
            // δ of the hidden layer below: (Wᵀδ) ⊙ ReLU′, where ReLU′ = [activation > 0].
            for row in 0..<rows {
                let d = row * fanOut
                let x = row * fanIn
                for i in 0..<fanIn {
                    guard source[x + i] > 0 else {
                        next[x + i] = 0
                        continue
                    }
                    let wi = w + i * fanOut
                    var sum = 0.0
                    for o in 0..<fanOut { sum += theta[wi + o] * current[d + o] }
                    next[x + i] = sum
                }
            }
            swap(&current, &next)
        }
    }
}
