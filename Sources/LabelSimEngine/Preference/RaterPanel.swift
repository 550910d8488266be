import Foundation
import LabelSimCore
import LabelSimGSL

/// Step 2 of a preference replication: one vendor's raters, drawn per replication.
///
/// A rater of rationality β, style bias γ and domain skill s_d prefers A on an ordinary pair with
/// probability σ(β · s_d · (z + γ · Δstyle)); on a misleading pair they see through the error with
/// their type's probability for the domain, and otherwise judge as if z were −z. Spammers answer
/// at random. "About the same" (a tie) when |β · s_d · (z + γ · Δstyle)| is below the type's
/// `ties_below`. Each comparison carries the rater's stated strength (``StatedStrength``).
public struct RaterPanel: Sendable {
    /// β · s_d per rater and domain, rater-major (negative for an adversary).
    public var rationality: [Double]
    /// γ per rater.
    public var styleBias: [Double]
    /// Whether each rater spams.
    public var isSpammer: [Bool]
    /// Probability of seeing through a misleading pair, rater-major by domain.
    public var seesThrough: [Double]
    /// Tie threshold per rater.
    public var tiesBelow: [Double]
    /// Stated-strength thresholds on |perceived log-odds|, three per rater and domain, rater-major.
    var strengthThresholds: [Double] = []
    /// Seconds one comparison takes, per rater.
    var secondsPerComparison: [Double]
    /// Domains of the task.
    let domainCount: Int

    /// Number of raters.
    public var count: Int { styleBias.count }

    /// Draws `vendor`'s raters: each rater's type by the shares, then their speed.
    public static func draw(
        vendor: VendorSpec, raters spec: PreferenceVendorSpec, task: TaskSpec, world: PreferenceSpec, using rng: GSLRandom
    ) throws -> RaterPanel {
        let domains = task.domains.map(\.name)
        let types = try DiscreteSampler(weights: spec.types.map(\.share))
        // Thresholds per type and domain: the sd of β·s_d·(z + γ·Δstyle) on an ordinary pair,
        // z + γ·Δstyle having variance S² + 2(w_s + γ)².
        let thresholds = try spec.types.map { type in
            try domains.map { domain -> [Double] in
                guard !type.isSpammer else { return try StatedStrength.thresholds(perceivedSd: 0) }
                let style = world.styleWeight + type.styleBias
                let gap = (world.rewardScale * world.rewardScale + 2 * style * style).squareRoot()
                return try StatedStrength.thresholds(
                    perceivedSd: type.rationality * (vendor.workforce.domainSkill[domain] ?? 1) * gap)
            }
        }
        var panel = RaterPanel(
            rationality: [], styleBias: [], isSpammer: [], seesThrough: [], tiesBelow: [], secondsPerComparison: [],
            domainCount: domains.count)
        for _ in 0..<vendor.workforce.workers {
            let typeIndex = rng.sample(types)
            let type = spec.types[typeIndex]
            for domainThresholds in thresholds[typeIndex] { panel.strengthThresholds += domainThresholds }
            for domain in domains {
                let rationality = type.rationality * (vendor.workforce.domainSkill[domain] ?? 1)
                panel.rationality.append(type.isAdversarial ? -rationality : rationality)
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

    /// One comparison of `pair` by `rater`: 1 prefers A, 0 prefers B, −1 about the same; and the
    /// stated strength (0 significantly better … 3 negligibly better or a tie).
    @inline(__always)
    func compare(rater: Int, pair: Int, pairs: PreferenceWorld.Pairs, dimensions: Int, using rng: GSLRandom) -> (
        outcome: Int8, strength: UInt8
    ) {
        let domain = Int(pairs.domains[pair])
        let offset = 3 * (rater * domainCount + domain)
        if isSpammer[rater] {
            let u = rng.uniform()
            // q = −logit(u): the choice below is q > 0.
            return (u < 0.5 ? 1 : 0, StatedStrength.level(Foundation.log((1 - u) / u), thresholds: strengthThresholds, offset: offset))
        }
        var gap = pairs.rewardGaps[pair]
        if pairs.misleading[pair], !(rng.uniform() < seesThrough[rater * domainCount + domain]) { gap = -gap }
        let style = pairs.differences[pair * dimensions + dimensions - 1]
        let perceived = rationality[rater * domainCount + domain] * (gap + styleBias[rater] * style)
        let u = rng.uniform()
        if abs(perceived) < tiesBelow[rater] { return (-1, 3) }
        // u < σ(perceived) ⇔ q = perceived − logit(u) > 0: the same choice as before stated strength.
        let q = perceived - Foundation.log(u / (1 - u))
        return (u < Logistic.sigmoid(perceived) ? 1 : 0, StatedStrength.level(q, thresholds: strengthThresholds, offset: offset))
    }
}
