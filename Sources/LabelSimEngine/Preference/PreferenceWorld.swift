import Foundation
import LabelSimCore
import LabelSimGSL

/// Step 1 of a preference replication: prompts, their responses and every pair of responses to the
/// same prompt, for training, for held-out testing, and a set of prompts for best-of-n.
///
/// A response has D Gaussian features φ ~ N(0, I): D − 1 content coordinates and a style
/// coordinate (the last; length, assertiveness). Its true reward is
/// r = c · Σ_{j<D−1} φ_j + η + w_s · φ_{D−1}, with c = S·√(v / (2(D − 1))) and η ~ N(0, S²(1 − v)/2)
/// a part only a human reader sees, so that a pair's reward difference z = r_A − r_B has sd S
/// (plus √2·w_s from style) and the features carry the share v of it. The true preference of a
/// pair is drawn once: A with probability σ(z) (Bradley–Terry at temperature 1). A misleading
/// pair's error may go with style (``PreferenceSpec/misleadingStyleLink``).
public struct PreferenceWorld: Sendable {
    /// Pairs of responses with everything a rater, an aggregator or an evaluation needs.
    public struct Pairs: Sendable {
        /// Number of pairs.
        public var count: Int { rewardGaps.count }
        /// Pair-major φ(A) − φ(B), `count` × D.
        public var differences: [Double] = []
        /// True reward difference z = r(A) − r(B).
        var rewardGaps: [Double] = []
        /// The true preference: 1 when A is preferred.
        public var truth: [UInt8] = []
        /// Domain index of the prompt.
        public var domains: [Int32] = []
        /// Whether the pair is misleading (the worse response looks better to a rater who does not see through it).
        public var misleading: [Bool] = []
        /// Strength level by |z| quartile: 0 significantly better … 3 negligibly better.
        public var levels: [UInt8] = []
        /// Global response ids of A and B (responses of one prompt are numbered consecutively).
        public var left: [Int32] = []
        /// Global response id of B.
        public var right: [Int32] = []
    }

    /// Feature dimensions D (the last is style).
    public let dimensions: Int
    /// Pairs the budget buys from, in prompt order.
    public var pool: Pairs
    /// Held-out pairs for the reward-model accuracy.
    public var test: Pairs
    /// Best-of-n prompts: prompt-major features, `evaluationPrompts` × `candidates` × D.
    var candidateFeatures: [Double]
    /// True reward of each candidate, prompt-major.
    var candidateRewards: [Double]
    /// Candidates per evaluation prompt (the largest n of best-of-n).
    public let candidates: Int

    /// Content weight c and latent sd of the world of `spec` with `dimensions` features.
    static func rewardParameters(_ spec: PreferenceSpec, dimensions: Int) -> (content: Double, latent: Double) {
        let s = spec.rewardScale
        return (s * (spec.visibleShare / (2 * Double(dimensions - 1))).squareRoot(), s * ((1 - spec.visibleShare) / 2).squareRoot())
    }

    /// |z| thresholds between the four strength levels, highest first: the quartiles of |z|,
    /// z ~ N(0, S² + 2 w_s²); a pair is at the first level whose threshold its |z| reaches.
    static func levelThresholds(_ spec: PreferenceSpec) -> [Double] {
        let sd = (spec.rewardScale * spec.rewardScale + 2 * spec.styleWeight * spec.styleWeight).squareRoot()
        return [0.25, 0.5, 0.75].map { share in
            // P(|z| > t) = share ⇔ Φ(t / sd) = 1 − share / 2; bisection (Φ is monotone).
            var low = 0.0
            var high = 40.0
            for _ in 0..<200 {
                let middle = (low + high) / 2
                if Distributions.normalCDF(middle) < 1 - share / 2 { low = middle } else { high = middle }
            }
            return sd * (low + high) / 2
        }
    }

    /// Draws the world of one replication.
    public static func draw(
        spec: PreferenceSpec, task: TaskSpec, dimensions: Int, poolPairs: Int, testPairs: Int, using rng: GSLRandom
    ) throws -> PreferenceWorld {
        let domainSampler = try DiscreteSampler(weights: task.domains.map(\.share))
        let misleading = task.domains.map { spec.misleading[$0.name] ?? 0 }
        let parameters = rewardParameters(spec, dimensions: dimensions)
        let thresholds = levelThresholds(spec)
        var nextResponse: Int32 = 0
        func pairs(_ count: Int) -> Pairs {
            var result = Pairs()
            let m = spec.responsesPerPrompt
            result.differences.reserveCapacity(count * dimensions)
            var features = [Double](repeating: 0, count: m * dimensions)
            var rewards = [Double](repeating: 0, count: m)
            while result.count < count {
                let domain = Int32(rng.sample(domainSampler))
                drawResponses(
                    m, features: &features, rewards: &rewards, spec: spec, dimensions: dimensions, parameters: parameters, rng: rng)
                let first = nextResponse
                nextResponse += Int32(m)
                for a in 0..<m {
                    for b in (a + 1)..<m where result.count < count {
                        for j in 0..<dimensions { result.differences.append(features[a * dimensions + j] - features[b * dimensions + j]) }
                        let z = rewards[a] - rewards[b]
                        result.rewardGaps.append(z)
                        result.truth.append(rng.uniform() < Logistic.sigmoid(z) ? 1 : 0)
                        result.domains.append(domain)
                        // ρ tilts the share towards pairs whose worse response has more style (z·Δstyle < 0).
                        let share = misleading[Int(domain)]
                        let styleGap = result.differences[result.differences.count - 1]
                        let tilt = z * styleGap < 0 ? 1 + spec.misleadingStyleLink : 1 - spec.misleadingStyleLink
                        result.misleading.append(share > 0 && rng.uniform() < min(1, share * tilt))
                        let size = abs(z)
                        result.levels.append(UInt8(thresholds.firstIndex { size >= $0 } ?? 3))
                        result.left.append(first + Int32(a))
                        result.right.append(first + Int32(b))
                    }
                }
            }
            return result
        }
        let pool = pairs(poolPairs)
        let test = pairs(testPairs)
        let candidates = spec.bestOfN.max() ?? 2
        var candidateFeatures = [Double](repeating: 0, count: spec.evaluationPrompts * candidates * dimensions)
        var candidateRewards = [Double](repeating: 0, count: spec.evaluationPrompts * candidates)
        var features = [Double](repeating: 0, count: candidates * dimensions)
        var rewards = [Double](repeating: 0, count: candidates)
        for prompt in 0..<spec.evaluationPrompts {
            drawResponses(
                candidates, features: &features, rewards: &rewards, spec: spec, dimensions: dimensions, parameters: parameters, rng: rng)
            candidateFeatures.replaceSubrange(
                (prompt * candidates * dimensions)..<((prompt + 1) * candidates * dimensions), with: features)
            candidateRewards.replaceSubrange((prompt * candidates)..<((prompt + 1) * candidates), with: rewards)
        }
        return PreferenceWorld(
            dimensions: dimensions, pool: pool, test: test, candidateFeatures: candidateFeatures, candidateRewards: candidateRewards,
            candidates: candidates)
    }

    private static func drawResponses(
        _ count: Int, features: inout [Double], rewards: inout [Double], spec: PreferenceSpec, dimensions: Int,
        parameters: (content: Double, latent: Double), rng: GSLRandom
    ) {
        for response in 0..<count {
            var content = 0.0
            for j in 0..<dimensions {
                let value = rng.gaussian()
                features[response * dimensions + j] = value
                if j < dimensions - 1 { content += value }
            }
            let style = features[response * dimensions + dimensions - 1]
            rewards[response] = parameters.content * content + rng.gaussian(sigma: parameters.latent) + spec.styleWeight * style
        }
    }

    /// The true weights of the visible reward: c on every content coordinate, w_s on style.
    static func trueWeights(_ spec: PreferenceSpec, dimensions: Int) -> [Double] {
        let content = rewardParameters(spec, dimensions: dimensions).content
        return (0..<dimensions).map { $0 == dimensions - 1 ? spec.styleWeight : content }
    }
}
