import Foundation
import LabelSimCore
import LabelSimGSL

/// Step 2 of a preference replication: one vendor's raters, drawn per replication.
///
/// A rater of rationality β, style bias γ and domain skill s_d prefers A on an ordinary pair with
/// probability σ(β · s_d · (z + γ · Δstyle)); on a misleading pair they see through the error with
/// their type's probability for the domain, and otherwise judge as if z were −z. Spammers answer
/// at random. "About the same" (a tie) when |β · s_d · (z + γ · Δstyle)| is below the type's
/// `ties_below`.
public struct RaterPanel: Sendable {
    /// β · s_d per rater and domain, rater-major.
    public var rationality: [Double]
    /// γ per rater.
    public var styleBias: [Double]
    /// Whether each rater spams.
    public var isSpammer: [Bool]
    /// Probability of seeing through a misleading pair, rater-major by domain.
    public var seesThrough: [Double]
    /// Tie threshold per rater.
    public var tiesBelow: [Double]
    /// Seconds one comparison takes, per rater.
    var secondsPerComparison: [Double]
    /// Domains of the task.
    let domainCount: Int

    /// Number of raters.
    public var count: Int { styleBias.count }

    /// Draws `vendor`'s raters: each rater's type by the shares, then their speed.
    public static func draw(vendor: VendorSpec, raters spec: PreferenceVendorSpec, task: TaskSpec, using rng: GSLRandom) throws
        -> RaterPanel
    {
        let domains = task.domains.map(\.name)
        let types = try DiscreteSampler(weights: spec.types.map(\.share))
        var panel = RaterPanel(
            rationality: [], styleBias: [], isSpammer: [], seesThrough: [], tiesBelow: [], secondsPerComparison: [],
            domainCount: domains.count)
        for _ in 0..<vendor.workforce.workers {
            let type = spec.types[rng.sample(types)]
            for domain in domains {
                panel.rationality.append(type.rationality * (vendor.workforce.domainSkill[domain] ?? 1))
                panel.seesThrough.append(type.seesThrough[domain] ?? 0)
            }
            panel.styleBias.append(type.styleBias)
            panel.isSpammer.append(type.isSpammer)
            panel.tiesBelow.append(type.tiesBelow)
            switch vendor.workforce.secondsPerLabel {
            case .lognormal(let mu, let sigma)?: panel.secondsPerComparison.append(rng.lognormal(mu: mu, sigma: sigma))
            case .fixed(let seconds)?: panel.secondsPerComparison.append(seconds)
            case nil: panel.secondsPerComparison.append(vendor.secondsPerLabel)
            }
        }
        return panel
    }

    /// One comparison of `pair` by `rater`: 1 prefers A, 0 prefers B, −1 about the same.
    @inline(__always)
    func compare(rater: Int, pair: Int, pairs: PreferenceWorld.Pairs, dimensions: Int, using rng: GSLRandom) -> Int8 {
        if isSpammer[rater] { return rng.uniform() < 0.5 ? 1 : 0 }
        let domain = Int(pairs.domains[pair])
        var gap = pairs.rewardGaps[pair]
        if pairs.misleading[pair], !(rng.uniform() < seesThrough[rater * domainCount + domain]) { gap = -gap }
        let style = pairs.differences[pair * dimensions + dimensions - 1]
        let perceived = rationality[rater * domainCount + domain] * (gap + styleBias[rater] * style)
        let u = rng.uniform()
        if abs(perceived) < tiesBelow[rater] { return -1 }
        return u < 1 / (1 + Foundation.exp(-perceived)) ? 1 : 0
    }
}
