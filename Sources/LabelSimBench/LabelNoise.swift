import LabelSimEngine
import LabelSimGSL

/// Synthetic label corruption for studying how label noise hurts a learner: each function returns
/// a corrupted copy of `labels` (classes in `0..<K`) at a stated overall flip rate.
public enum LabelNoise {
    /// Flips each label with probability `rate` to a uniformly chosen other class (symmetric noise).
    public static func flipUniformly(_ labels: [Int32], classes: Int, rate: Double, using rng: GSLRandom) -> [Int32] {
        labels.map { label in
            guard rng.uniform() < rate else { return label }
            let other = rng.uniformInt(classes - 1)
            return Int32(other >= Int(label) ? other + 1 : other)
        }
    }

    /// Turns labels of class `source` into `destination` only, with per-item probability chosen so
    /// the overall flip rate is `rate` (rate · n / #source, capped at 1): asymmetric noise.
    public static func flipOneWay(_ labels: [Int32], from source: Int32, to destination: Int32, rate: Double, using rng: GSLRandom)
        -> [Int32]
    {
        let sourceCount = labels.filter { $0 == source }.count
        guard sourceCount > 0 else { return labels }
        let probability = min(1, rate * Double(labels.count) / Double(sourceCount))
        return labels.map { label in
            label == source && rng.uniform() < probability ? destination : label
        }
    }

    /// Per-item flip probabilities proportional to `difficulties`, scaled so they average `rate`.
    ///
    /// Items whose scaled probability would exceed 1 are capped at 1 and the rest rescaled until
    /// the mean is `rate` (possible whenever `rate` ≤ the fraction of items with positive
    /// difficulty; otherwise every such item gets probability 1).
    public static func boundaryFlipProbabilities(difficulties: [Double], rate: Double) -> [Double] {
        let n = Double(difficulties.count)
        var capped = [Bool](repeating: false, count: difficulties.count)
        var probabilities = [Double](repeating: 0, count: difficulties.count)
        for _ in 0..<difficulties.count + 1 {
            let cappedMass = Double(capped.filter { $0 }.count)
            let freeDifficulty = zip(difficulties, capped).reduce(0.0) { $0 + ($1.1 ? 0 : max(0, $1.0)) }
            guard freeDifficulty > 0 else { break }
            let scale = max(0, rate * n - cappedMass) / freeDifficulty
            var newlyCapped = false
            for index in difficulties.indices {
                if capped[index] {
                    probabilities[index] = 1
                } else {
                    probabilities[index] = scale * max(0, difficulties[index])
                    if probabilities[index] > 1 {
                        capped[index] = true
                        newlyCapped = true
                    }
                }
            }
            if !newlyCapped { break }
        }
        return probabilities.map { min(1, $0) }
    }

    /// Flips item i with probability ``boundaryFlipProbabilities(difficulties:rate:)``[i] to a
    /// uniformly chosen other class: noise concentrated near the class boundary.
    static func flipNearBoundary(_ labels: [Int32], classes: Int, difficulties: [Double], rate: Double, using rng: GSLRandom)
        -> [Int32]
    {
        let probabilities = boundaryFlipProbabilities(difficulties: difficulties, rate: rate)
        return zip(labels, probabilities).map { label, probability in
            guard rng.uniform() < probability else { return label }
            let other = rng.uniformInt(classes - 1)
            return Int32(other >= Int(label) ? other + 1 : other)
        }
    }

    /// Relabels every item of one feature region — component `region.component` of class
    /// `region.class` in a mixture world — as `destination`: noise concentrated in one region of
    /// feature space (a region of class y that non-experts read as z), all other labels untouched.
    public static func flipRegion(_ labels: [Int32], components: [Int32], region: (class: Int32, component: Int32), to destination: Int32)
        -> [Int32]
    {
        zip(labels, components).map { label, component in
            label == region.class && component == region.component ? destination : label
        }
    }
}
