import LabelSimGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The non-linear world: each class is a mixture of M equally weighted unit-variance Gaussian
/// components (`data.features.mixture: M`), whose means sit on a checkerboard.
///
/// ## Layout
/// The K·M component means are the points of a rows × columns grid (rows·columns = K·M, columns a
/// multiple of K, as square as possible; one row when D = 1) in the first two coordinates with
/// spacing `separation` (s), centred on the origin; point (row i, column j) belongs to class
/// (i + j) mod K, so every class gets M points. Neighbouring components belong to different classes
/// (K = 2, M = 2 is the XOR problem), any two components of different classes are at least s apart,
/// and no linear boundary separates the classes: a linear learner is stuck well below the Bayes
/// accuracy, a learner with capacity is not. The other coordinates are noise.
///
/// ## Bayes accuracy
/// The posterior P(k | x) ∝ π_k · (1/M) Σ_m exp(−½‖x − μ_km‖²) is exact; its accuracy has no
/// closed form, so it is estimated as the mean of max_k P(k | x) over items drawn from the model
/// (the Bayes classifier's probability of being right at x, whose mean is its accuracy and whose
/// variance is smaller than that of the 0/1 outcome), from a fixed stream: the estimate and its
/// standard error are reproducible (200,000 items: standard error about 3e-4).
extension FeatureModel {
    /// The checkerboard component means (see the extension's documentation).
    static func checkerboardMeans(classes: Int, components: Int, dimensions: Int, separation: Double) -> [Double] {
        // rows × columns = K·M with columns a multiple of K, as square as possible.
        var rows = 1
        for divisor in 1...components where components % divisor == 0 {
            let columns = classes * components / divisor
            if abs(divisor - columns) < abs(rows - classes * components / rows) { rows = divisor }
        }
        if dimensions < 2 { rows = 1 }
        let columns = classes * components / rows
        var means = [Double](repeating: 0, count: classes * components * dimensions)
        var taken = [Int](repeating: 0, count: classes)
        for i in 0..<rows {
            for j in 0..<columns {
                let k = (i + j) % classes
                let base = (k * components + taken[k]) * dimensions
                means[base] = (Double(j) - Double(columns - 1) / 2) * separation
                if dimensions >= 2 { means[base + 1] = (Double(i) - Double(rows - 1) / 2) * separation }
                taken[k] += 1
            }
        }
        return means
    }

    /// Draws one row per class in `labels` and the component it came from (uniform within the class).
    public func drawMixture(classes labels: [Int32], using rng: GSLRandom) -> (features: [Double], components: [Int32]) {
        let d = dimensions
        var features = [Double](repeating: 0, count: labels.count * d)
        var drawn = [Int32](repeating: 0, count: labels.count)
        let m = max(1, components)
        for (item, label) in labels.enumerated() {
            let component = m == 1 ? 0 : rng.uniformInt(m)
            drawn[item] = Int32(component)
            let meanRow = (Int(label) * m + component) * d
            for j in 0..<d {
                let mean = m == 1 ? means[Int(label) * d + j] : componentMeans[meanRow + j]
                features[item * d + j] = mean + rng.gaussian()
            }
        }
        return (features, drawn)
    }

    /// The mixture posterior P(k | x) of one row.
    func mixturePosterior(features row: ArraySlice<Double>, prior: [Double]?) -> [Double] {
        let d = dimensions
        let m = components
        var logScores = [Double](repeating: 0, count: classes * m)
        var best = -Double.infinity
        for k in 0..<classes {
            let logPrior = prior.map { $0[k] > 0 ? log($0[k]) : -Double.infinity } ?? 0
            for c in 0..<m {
                var squared = 0.0
                var j = 0
                let base = (k * m + c) * d
                for value in row {
                    let diff = value - componentMeans[base + j]
                    squared += diff * diff
                    j += 1
                }
                logScores[k * m + c] = logPrior - squared / 2
                best = max(best, logScores[k * m + c])
            }
        }
        var scores = [Double](repeating: 0, count: classes)
        var total = 0.0
        for k in 0..<classes {
            for c in 0..<m { scores[k] += exp(logScores[k * m + c] - best) }
            total += scores[k]
        }
        for k in 0..<classes { scores[k] /= total }
        return scores
    }

    /// Monte Carlo estimate of the mixture's Bayes accuracy and its standard error, from `samples`
    /// items of a fixed stream (see the extension's documentation).
    public func mixtureBayesAccuracy(prior: [Double]? = nil, samples: Int = 200_000) throws(FeatureModelError) -> (
        value: Double, standardError: Double
    ) {
        let weights = try validated(prior: prior)
        let rng = GSLRandom(seed: 0xBA7E5)
        let labels = try drawClasses(count: samples, prior: prior == nil ? nil : weights, using: rng)
        let features = drawMixture(classes: labels, using: rng).features
        var sum = 0.0
        var squares = 0.0
        for item in 0..<samples {
            let top = mixturePosterior(features: features[(item * dimensions)..<((item + 1) * dimensions)], prior: prior).max() ?? 0
            sum += top
            squares += top * top
        }
        let n = Double(samples)
        let mean = sum / n
        let variance = max(0, squares / n - mean * mean) * n / max(1, n - 1)
        return (mean, (variance / n).squareRoot())
    }
}
