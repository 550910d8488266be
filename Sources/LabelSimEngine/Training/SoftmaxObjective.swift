#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The penalised mean cross-entropy of softmax regression over one training set, evaluated with
/// its gradient in one pass over the data.
///
/// Owns copies of the features and targets in manually allocated buffers plus K-sized scratch
/// rows, so an evaluation allocates nothing. Not thread-safe: one objective per fit.
final class SoftmaxObjective {
    let classes: Int
    let dimensions: Int
    let count: Int
    let l2: Double
    private let features: UnsafeMutablePointer<Double>
    private let hardTargets: UnsafeMutablePointer<Int32>?
    private let softTargets: UnsafeMutablePointer<Double>?
    private let scores: UnsafeMutablePointer<Double>
    private let residuals: UnsafeMutablePointer<Double>

    /// Copies the data; shapes and values must already be validated.
    init(classes: Int, dimensions: Int, l2: Double, features: [Double], targets: SoftmaxRegression.Targets) {
        self.classes = classes
        self.dimensions = dimensions
        self.count = features.count / dimensions
        self.l2 = l2
        self.features = .allocate(capacity: features.count)
        self.features.initialize(from: features, count: features.count)
        switch targets {
        case .hard(let labels):
            let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: labels.count)
            buffer.initialize(from: labels, count: labels.count)
            hardTargets = buffer
            softTargets = nil
        case .soft(let probabilities):
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: probabilities.count)
            buffer.initialize(from: probabilities, count: probabilities.count)
            softTargets = buffer
            hardTargets = nil
        }
        scores = .allocate(capacity: classes)
        residuals = .allocate(capacity: classes)
    }

    deinit {
        features.deallocate()
        hardTargets?.deallocate()
        softTargets?.deallocate()
        scores.deallocate()
        residuals.deallocate()
    }

    /// Number of parameters K·(D + 1).
    var parameterCount: Int { classes * (dimensions + 1) }

    /// The objective at `theta`; when `gradient` is given, also its gradient (same layout).
    func evaluate(_ theta: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>?) -> Double {
        let k = classes
        let d = dimensions
        guard let w = theta.baseAddress else { return .nan }
        let bias = w + d * k
        let z = scores
        let r = residuals
        let g = gradient?.baseAddress
        if let g { g.update(repeating: 0, count: k * (d + 1)) }
        var loss = 0.0
        for item in 0..<count {
            let x = features + item * d
            z.update(from: bias, count: k)
            for j in 0..<d {
                let xj = x[j]
                let row = w + j * k
                for c in 0..<k { z[c] += row[c] * xj }
            }
            var top = z[0]
            for c in 1..<k where z[c] > top { top = z[c] }
            // Cross-entropy needs Σ y_c z_c before the scores are overwritten by their exponentials.
            var targetScore = 0.0
            var targetMass = 1.0
            if let hardTargets {
                targetScore = z[Int(hardTargets[item])]
            } else if let softTargets {
                let y = softTargets + item * k
                targetMass = 0
                for c in 0..<k {
                    targetScore += y[c] * z[c]
                    targetMass += y[c]
                }
            }
            var sum = 0.0
            for c in 0..<k {
                let e = exp(z[c] - top)
                z[c] = e
                sum += e
            }
            loss += (top + log(sum)) * targetMass - targetScore
            guard let g else { continue }
            let scale = targetMass / sum
            for c in 0..<k { r[c] = z[c] * scale }
            if let hardTargets {
                r[Int(hardTargets[item])] -= 1
            } else if let softTargets {
                let y = softTargets + item * k
                for c in 0..<k { r[c] -= y[c] }
            }
            let gradientBias = g + d * k
            for c in 0..<k { gradientBias[c] += r[c] }
            for j in 0..<d {
                let xj = x[j]
                let row = g + j * k
                for c in 0..<k { row[c] += r[c] * xj }
            }
        }
        let inverseCount = 1 / Double(count)
        var penalty = 0.0
        for index in 0..<(d * k) { penalty += w[index] * w[index] }
        if let g {
            for index in 0..<(d * k) { g[index] = g[index] * inverseCount + l2 * w[index] }
            for index in (d * k)..<(k * (d + 1)) { g[index] *= inverseCount }
        }
        return loss * inverseCount + 0.5 * l2 * penalty
    }
}
