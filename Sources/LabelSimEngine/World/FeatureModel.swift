import LabelSimGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Class-conditional Gaussian features: an item of class k has features x = μ_k + ε with
/// ε ~ N(0, I_D), so `separation` is measured in units of the noise standard deviation.
///
/// ## Geometry of the class means
/// Every pair of class means is exactly `separation` (s) apart, so no pair of classes is easier
/// to tell apart than another:
/// - **K = 2:** μ₀ = +s/2 and μ₁ = −s/2 on the first axis, zero elsewhere.
/// - **K ≥ 3 and `informative` ≥ K:** the centred scaled simplex μ_k = (s/√2)(e_k − 𝟙/K) in the
///   first K coordinates (‖e_j − e_k‖ = √2, so pairs are s apart); the signal is spread over K
///   coordinates and the means average to zero.
/// - **K ≥ 3 and `informative` = K − 1:** the same simplex expressed in a Helmert basis of the
///   sum-zero plane, so it occupies only the first K − 1 coordinates:
///   μ_k[j−1] = (s/√2)·h_j(k) with h_j(k) = 1/√(j(j+1)) for k < j, −j/√(j(j+1)) for k = j, 0 for
///   k > j (j = 1…K−1). K equidistant points need at least K − 1 dimensions, so `informative` < K − 1
///   is rejected. (For K = 2 this is the first case.)
///
/// Coordinates beyond the informative ones carry pure noise. Because the noise is isotropic, the
/// choice among these (isometric) layouts changes neither the Bayes accuracy nor the behaviour of
/// a rotation-invariant learner such as L2-penalised softmax regression; only K, s and D matter.
///
/// ## Bayes accuracy
/// The Bayes classifier picks argmax_j log π_j − ½‖x − μ_j‖². For the simplex, writing the noise in
/// the e-basis as independent ε_j, class k wins over j exactly when
/// ε_j < ε_k + s/√2 + (√2/s)·log(π_k/π_j), hence (a one-dimensional integral, exact for any prior)
///
///     P(correct | k) = ∫ φ(z) Π_{j≠k} Φ(z + s/√2 + (√2/s)·log(π_k/π_j)) dz.
///
/// (In the Helmert layout the same holds: the differences μ_k − μ_j have the same Gram matrix, so
/// the projections of the noise onto them have the same joint law.) For K = 2 the integral is
/// Φ(s/2 + log(π₀/π₁)/s) for class 0 — Φ(s/2) with equal priors, since E Φ(Z + c) = Φ(c/√2) —
/// and is computed in that closed form; for K ≥ 3 it is evaluated by adaptive Gauss–Kronrod
/// quadrature over the real line (GSL `qagi`). With s = 0 the Bayes accuracy is max_k π_k. The
/// tests check K = 2 against the closed form and K = 4 (equal and unequal priors) against a
/// 200,000-item Monte Carlo run of the Bayes classifier.
public struct FeatureModel: Sendable, Equatable {
    /// Number of classes K (at least 2).
    public let classes: Int
    /// Number of feature dimensions D.
    public let dimensions: Int
    /// Distance between any two class means, in noise standard deviations.
    public let separation: Double
    /// Number of leading coordinates that may carry class signal (K − 1 … D).
    public let informative: Int
    /// Class means, class-major: mean k is `means[k * dimensions ..< (k + 1) * dimensions]`.
    public let means: [Double]
    /// Gaussian components per class (1: the simplex model above; more: the checkerboard mixture
    /// of `FeatureModel+Mixture.swift`).
    public let components: Int
    /// Component means of the mixture, class-major then component: component m of class k is
    /// `componentMeans[(k * components + m) * dimensions ...]` (empty when `components` is 1).
    let componentMeans: [Double]

    /// Creates a validated model.
    ///
    /// - Parameters:
    ///   - classes: K ≥ 2.
    ///   - dimensions: D ≥ max(1, K − 1).
    ///   - separation: s ≥ 0 and finite.
    ///   - informative: K − 1 ≤ informative ≤ D; `nil` means D.
    /// - Throws: ``FeatureModelError`` naming the offending parameter.
    ///   - components: Gaussian components per class (1 = the simplex; more = a mixture).
    public init(classes: Int, dimensions: Int, separation: Double, informative: Int? = nil, components: Int = 1)
        throws(FeatureModelError)
    {
        guard components >= 1, components <= 64 else {
            throw .invalidParameter(name: "components", value: "\(components)", expected: "between 1 and 64")
        }
        guard classes >= 2 else { throw .invalidParameter(name: "classes", value: "\(classes)", expected: "at least 2") }
        guard separation.isFinite, separation >= 0 else {
            throw .invalidParameter(name: "separation", value: "\(separation)", expected: "a finite number ≥ 0")
        }
        let needed = max(1, classes - 1)
        guard dimensions >= needed else {
            throw .invalidParameter(
                name: "dimensions", value: "\(dimensions)", expected: "at least \(needed) for \(classes) equidistant class means")
        }
        let informative = informative ?? dimensions
        guard informative >= needed, informative <= dimensions else {
            throw .invalidParameter(name: "informative", value: "\(informative)", expected: "between \(needed) and \(dimensions)")
        }
        self.classes = classes
        self.dimensions = dimensions
        self.separation = separation
        self.informative = informative
        self.means = Self.simplexMeans(classes: classes, dimensions: dimensions, separation: separation, informative: informative)
        self.components = components
        self.componentMeans =
            components == 1
            ? [] : Self.checkerboardMeans(classes: classes, components: components, dimensions: dimensions, separation: separation)
    }

    private static func simplexMeans(classes: Int, dimensions: Int, separation: Double, informative: Int) -> [Double] {
        var means = [Double](repeating: 0, count: classes * dimensions)
        if classes == 2 {
            means[0] = separation / 2
            means[dimensions] = -separation / 2
            return means
        }
        let scale = separation / 2.0.squareRoot()
        if informative >= classes {
            for k in 0..<classes {
                for j in 0..<classes {
                    means[k * dimensions + j] = scale * ((j == k ? 1 : 0) - 1 / Double(classes))
                }
            }
        } else {
            for k in 0..<classes {
                for j in 1..<classes {
                    let norm = (Double(j) * Double(j + 1)).squareRoot()
                    let helmert = k < j ? 1 / norm : (k == j ? -Double(j) / norm : 0)
                    means[k * dimensions + j - 1] = scale * helmert
                }
            }
        }
        return means
    }

    // MARK: - Drawing

    /// Draws one feature row per entry of `classes` (each in `0..<K`), row-major n × D.
    public func drawFeatures(classes labels: [Int32], using rng: GSLRandom) -> [Double] {
        if components > 1 { return drawMixture(classes: labels, using: rng).features }
        let d = dimensions
        var features = [Double](repeating: 0, count: labels.count * d)
        // The noise in the order of one draw per item and coordinate, then the means added.
        features.withUnsafeMutableBufferPointer { out in
            rng.fillGaussians(out)
            means.withUnsafeBufferPointer { mu in
                for (item, label) in labels.enumerated() {
                    let row = item * d
                    let meanRow = Int(label) * d
                    for j in 0..<d {
                        out[row + j] = mu[meanRow + j] + out[row + j]
                    }
                }
            }
        }
        return features
    }

    /// Draws `count` classes independently from `prior` (`nil` = uniform).
    ///
    /// - Throws: ``FeatureModelError`` if the prior is not a probability vector over K classes.
    public func drawClasses(count: Int, prior: [Double]? = nil, using rng: GSLRandom) throws(FeatureModelError) -> [Int32] {
        guard let prior else {
            return (0..<count).map { _ in Int32(rng.uniformInt(classes)) }
        }
        let weights = try validated(prior: prior)
        do {
            let sampler = try DiscreteSampler(weights: weights)
            return (0..<count).map { _ in Int32(rng.sample(sampler)) }
        } catch {
            throw .invalidPrior(prior, reason: error.description)
        }
    }

    // MARK: - Bayes classifier

    /// The Bayes posterior P(class | x) of one feature row (`dimensions` values) under `prior`
    /// (`nil` = uniform).
    public func posterior(features row: ArraySlice<Double>, prior: [Double]? = nil) -> [Double] {
        precondition(row.count == dimensions, "a feature row has \(dimensions) values")
        if components > 1 { return mixturePosterior(features: row, prior: prior) }
        var scores = [Double](repeating: 0, count: classes)
        var best = -Double.infinity
        for k in 0..<classes {
            var squared = 0.0
            var j = 0
            for value in row {
                let diff = value - means[k * dimensions + j]
                squared += diff * diff
                j += 1
            }
            let logPrior = prior.map { $0[k] > 0 ? log($0[k]) : -Double.infinity } ?? 0
            scores[k] = logPrior - squared / 2
            best = max(best, scores[k])
        }
        var total = 0.0
        for k in 0..<classes {
            scores[k] = exp(scores[k] - best)
            total += scores[k]
        }
        for k in 0..<classes { scores[k] /= total }
        return scores
    }

    /// The Bayes posterior margin of one item: its largest posterior minus the runner-up, in [0, 1].
    public func margin(features row: ArraySlice<Double>, prior: [Double]? = nil) -> Double {
        let posterior = posterior(features: row, prior: prior)
        return Self.topTwoGap(count: posterior.count) { posterior[$0] }
    }

    /// The largest of `count` probabilities minus the runner-up, taken in index order: the one
    /// rule of ``margin(features:prior:)`` and both batch difficulty loops (same bits in all three).
    @inline(__always)
    static func topTwoGap(count: Int, probability: (Int) -> Double) -> Double {
        var first = 0.0
        var second = 0.0
        for c in 0..<count {
            let p = probability(c)
            if p > first {
                second = first
                first = p
            } else if p > second {
                second = p
            }
        }
        return first - second
    }

    /// Item difficulty derived from the features: (1 − margin)^`scale`.
    ///
    /// An item on a class boundary (margin 0) has difficulty 1 and one deep inside its class
    /// (margin → 1) difficulty → 0. `scale` > 1 keeps difficulty near 1 only close to the boundary
    /// (noise concentrated there); `scale` < 1 spreads it further out; 1 is the plain complement.
    /// `scale` must be positive and finite (the scenario layer validates it).
    public func difficulty(features row: ArraySlice<Double>, prior: [Double]? = nil, scale: Double = 1) -> Double {
        precondition(scale > 0 && scale.isFinite, "difficulty scale must be positive and finite")
        let complement = max(0, 1 - margin(features: row, prior: prior))
        return scale == 1 ? complement : pow(complement, scale)
    }

    /// ``difficulty(features:prior:scale:)`` of every row of a row-major n × D matrix.
    ///
    /// For one Gaussian per class it runs the arithmetic of ``posterior(features:prior:)`` and
    /// ``margin(features:prior:)`` in the same order (so the same bits) on one reused buffer,
    /// without an array per item.
    public func difficulties(features: [Double], prior: [Double]? = nil, scale: Double = 1) -> [Double] {
        let n = features.count / dimensions
        guard components == 1 else {
            return (0..<n).map { item in
                difficulty(features: features[item * dimensions..<(item + 1) * dimensions], prior: prior, scale: scale)
            }
        }
        precondition(scale > 0 && scale.isFinite, "difficulty scale must be positive and finite")
        let k = classes
        let d = dimensions
        let logPriors = (0..<k).map { c in prior.map { $0[c] > 0 ? log($0[c]) : -Double.infinity } ?? 0 }
        if k <= 4 { return blockDifficulties(features: features, logPriors: logPriors, scale: scale) }
        var scores = [Double](repeating: 0, count: k)
        var out = [Double](repeating: 0, count: n)
        features.withUnsafeBufferPointer { x in
            means.withUnsafeBufferPointer { mu in
                for item in 0..<n {
                    let row = item * d
                    var best = -Double.infinity
                    for c in 0..<k {
                        var squared = 0.0
                        for j in 0..<d {
                            let diff = x[row + j] - mu[c * d + j]
                            squared += diff * diff
                        }
                        scores[c] = logPriors[c] - squared / 2
                        best = max(best, scores[c])
                    }
                    var total = 0.0
                    for c in 0..<k {
                        scores[c] = exp(scores[c] - best)
                        total += scores[c]
                    }
                    let complement = max(0, 1 - Self.topTwoGap(count: k) { scores[$0] / total })
                    out[item] = scale == 1 ? complement : pow(complement, scale)
                }
            }
        }
        return out
    }

    /// ``difficulties(features:prior:scale:)`` for K ≤ 4: the K squared distances of an item are
    /// one SIMD block (each lane summed in the scalar loop's order, so the same bits), the
    /// exponentials come from the softmax fit's SIMD exponential (within a few units in the last
    /// place of the C library's: a difficulty moves by about 1e-16) and a square is a product
    /// instead of `pow` (the default blend's scale is 2).
    private func blockDifficulties(features: [Double], logPriors: [Double], scale: Double) -> [Double] {
        typealias Block = SIMD4<Double>
        let k = classes
        let d = dimensions
        let n = features.count / d
        var out = [Double](repeating: 0, count: n)
        var meanRows = [Block](repeating: Block(repeating: 0), count: d)
        var base = Block(repeating: -Double.infinity)
        for c in 0..<k {
            base[c] = logPriors[c]
            for j in 0..<d { meanRows[j][c] = means[c * d + j] }
        }
        features.withUnsafeBufferPointer { x in
            SoftmaxObjective.exponentTable.withUnsafeBufferPointer { table in
                guard let table = table.baseAddress else { return }
                guard let x = x.baseAddress else { return }
                out.withUnsafeMutableBufferPointer { out in
                    meanRows.withUnsafeBufferPointer { meanRows in
                        @inline(__always) func finish(_ squared: Block, _ item: Int) {
                            let scores = base - squared / 2
                            let best = SoftmaxObjective.largest(scores)
                            let e = SoftmaxObjective.exponential(scores - best, table: table)
                            var total = 0.0
                            for c in 0..<k { total += e[c] }
                            let complement = max(0, 1 - Self.topTwoGap(count: k) { e[$0] / total })
                            out[item] = scale == 1 ? complement : (scale == 2 ? complement * complement : pow(complement, scale))
                        }
                        ItemSums.forEach(
                            items: n, dimensions: d, features: x, start: Block(repeating: 0),
                            term: { j, value in
                                let difference = Block(repeating: value) - meanRows[j]
                                return difference * difference
                            }, finish: finish)
                    }
                }
            }
        }
        return out
    }

    /// The accuracy of the Bayes classifier under `prior` (`nil` = uniform).
    ///
    /// Exactly Φ(s/2) for K = 2 with equal priors and Φ(s/2 ± log(π₀/π₁)/s) per class with unequal
    /// ones; for K ≥ 3 the integral in the type's documentation, by adaptive quadrature (absolute
    /// error below about 1e-12). For a mixture (`components` > 1), the Monte Carlo estimate of
    /// ``mixtureBayesAccuracy(prior:samples:)``.
    ///
    /// - Throws: ``FeatureModelError`` for an invalid prior or a failed quadrature.
    public func bayesAccuracy(prior: [Double]? = nil) throws(FeatureModelError) -> Double {
        if components > 1 { return try mixtureBayesAccuracy(prior: prior).value }
        let s = separation
        if classes == 2 && prior == nil {
            return Distributions.normalCDF(s / 2)
        }
        let weights = try validated(prior: prior ?? [Double](repeating: 1, count: classes))
        let total = weights.reduce(0, +)
        let pi = weights.map { $0 / total }
        if s == 0 {
            return pi.max() ?? 0
        }
        if classes == 2 {
            guard pi[0] > 0, pi[1] > 0 else { return 1 }
            let shift = log(pi[0] / pi[1]) / s
            return pi[0] * Distributions.normalCDF(s / 2 + shift) + pi[1] * Distributions.normalCDF(s / 2 - shift)
        }
        var accuracy = 0.0
        for k in 0..<classes where pi[k] > 0 {
            let offsets = (0..<classes).filter { $0 != k && pi[$0] > 0 }.map { j in
                s / 2.0.squareRoot() + 2.0.squareRoot() / s * log(pi[k] / pi[j])
            }
            do {
                let correct = try Quadrature.integrateOverRealLine { z in
                    var product = Distributions.normalPDF(z)
                    for offset in offsets { product *= Distributions.normalCDF(z + offset) }
                    return product
                }
                accuracy += pi[k] * correct
            } catch {
                throw .quadratureFailed(error.description)
            }
        }
        return accuracy
    }

    func validated(prior: [Double]?) throws(FeatureModelError) -> [Double] {
        guard let prior else { return [Double](repeating: 1, count: classes) }
        guard prior.count == classes else {
            throw .invalidPrior(prior, reason: "it has \(prior.count) entries for \(classes) classes")
        }
        guard prior.allSatisfy({ $0.isFinite && $0 >= 0 }), prior.contains(where: { $0 > 0 }) else {
            throw .invalidPrior(prior, reason: "entries must be finite, non-negative and not all zero")
        }
        return prior
    }
}
