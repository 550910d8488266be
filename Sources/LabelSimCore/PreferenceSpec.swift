/// What kind of task a scenario simulates (`task.kind`).
public enum TaskKind: String, Sendable, Equatable, CaseIterable {
    /// Items with a true class, labels, aggregation and a classifier (the default).
    case classification
    /// Pairs of responses, pairwise comparisons and a Bradley–Terry reward model.
    case preference
}

/// The preference world and each vendor's raters (`task.kind: preference`).
///
/// A pair's true reward difference z is Gaussian with sd ``rewardScale`` in units of the
/// Bradley–Terry temperature: the true preference is P(A ≻ B) = σ(z). The share
/// ``visibleShare`` of its variance is carried by the response features the reward model sees; the
/// rest by what only a human reader sees. See the README's "Preference data" section.
public struct PreferenceSpec: Sendable, Equatable {
    /// Sd of a pair's true reward difference (`task.reward.scale`).
    public var rewardScale: Double
    /// Share of the reward variance the features carry (`task.reward.visible_share`), in (0, 1].
    public var visibleShare: Double
    /// Weight of the style coordinate in the true reward (`task.reward.style_weight`), per style sd.
    public var styleWeight: Double
    /// Responses per prompt (`task.responses_per_prompt`); every pair of them is a comparison.
    public var responsesPerPrompt: Int
    /// Share of misleading pairs per domain (`task.misleading`): the worse response looks better.
    public var misleading: [String: Double]
    /// How strongly a misleading pair's error goes with style (`task.misleading_style_link`), ρ in
    /// [0, 1]: a pair whose worse response has more style is misleading with probability
    /// min(1, π_d·(1 + ρ)), any other with π_d·(1 − ρ) — the confident, longer answer is the one
    /// with the factual error. 0 (the default) gives errors without a feature signature.
    public var misleadingStyleLink: Double
    /// Llama 2's margin m(strength) of the reward model's loss (`task.strength_margin`), one per
    /// stated strength, significantly better first: the loss of a pair labelled with strength k is
    /// log(1 + exp(−(t·w·d − m_k))). nil (the default): no margin.
    public var strengthMargin: [Double]?
    /// Candidates for best-of-n (`task.best_of_n`).
    public var bestOfN: [Int]
    /// Prompts drawn for the best-of-n evaluation (`task.evaluation_prompts`).
    public var evaluationPrompts: Int
    /// Raters and aggregation per vendor, in vendor order.
    public var vendors: [PreferenceVendorSpec]

    /// Creates a preference specification with the README's defaults.
    public init(
        rewardScale: Double = 3.93, visibleShare: Double = 0.643, styleWeight: Double = 0, responsesPerPrompt: Int = 2,
        misleading: [String: Double] = [:], misleadingStyleLink: Double = 0, strengthMargin: [Double]? = nil,
        bestOfN: [Int] = [4, 16, 64], evaluationPrompts: Int = 2000, vendors: [PreferenceVendorSpec] = []
    ) {
        self.rewardScale = rewardScale
        self.visibleShare = visibleShare
        self.styleWeight = styleWeight
        self.responsesPerPrompt = responsesPerPrompt
        self.misleading = misleading
        self.misleadingStyleLink = misleadingStyleLink
        self.strengthMargin = strengthMargin
        self.bestOfN = bestOfN
        self.evaluationPrompts = evaluationPrompts
        self.vendors = vendors
    }
}

/// One vendor's raters and how their comparisons become one label per pair.
public struct PreferenceVendorSpec: Sendable, Equatable {
    /// Rater types with their shares (the vendor's `workforce.types`).
    public var types: [RaterTypeSpec]
    /// How a pair's comparisons are aggregated.
    public var aggregation: PreferenceAggregation

    /// Creates a vendor's rater settings.
    public init(types: [RaterTypeSpec], aggregation: PreferenceAggregation = .majority) {
        self.types = types
        self.aggregation = aggregation
    }
}

/// A kind of rater: P(prefer A) = σ(β · (Δr + γ · Δstyle)) on an ordinary pair.
public struct RaterTypeSpec: Sendable, Equatable {
    /// Share of the vendor's raters, in [0, 1].
    public var share: Double
    /// Spammers answer at random; everyone else follows the rater model.
    public var isSpammer: Bool
    /// Adversaries (`kind: adversarial`) follow the rater model and answer the opposite of what
    /// they perceive: their β is −β.
    public var isAdversarial: Bool
    /// Rationality β (`rationality`): 1 is the world's own temperature; 0 answers at random.
    public var rationality: Double
    /// Style bias γ (`style_bias`): reward units paid per sd of style.
    public var styleBias: Double
    /// Probability of seeing through a misleading pair, per domain (`sees_through`); default 0.
    public var seesThrough: [String: Double]
    /// "About the same" when |β · (Δr + γ · Δstyle)| is below this (`ties_below`); 0 means no ties.
    public var tiesBelow: Double

    /// Creates a rater type.
    init(
        share: Double, isSpammer: Bool = false, isAdversarial: Bool = false, rationality: Double = 1, styleBias: Double = 0,
        seesThrough: [String: Double] = [:], tiesBelow: Double = 0
    ) {
        self.share = share
        self.isSpammer = isSpammer
        self.isAdversarial = isAdversarial
        self.rationality = rationality
        self.styleBias = styleBias
        self.seesThrough = seesThrough
        self.tiesBelow = tiesBelow
    }
}

/// How a pair's comparisons become one label.
public enum PreferenceAggregation: String, Sendable, Equatable, CaseIterable {
    /// The majority of the pair's comparisons (a single comparison when redundancy is 1); ties at random.
    case majority
    /// Bradley–Terry scores of every response from all comparisons (MM algorithm, Hunter 2004).
    case bradleyTerry = "bradley-terry"
    /// Bradley–Terry with a signed reliability and a bias per rater, fitted with the item scores
    /// (``NoisyBradleyTerry``): discounts spammers and turns adversaries' answers round.
    case noisyBradleyTerry = "noisy-bradley-terry"

    /// The methods only a preference task has (`majority` is shared with classification).
    static let pairwiseOnly: [PreferenceAggregation] = [.bradleyTerry, .noisyBradleyTerry]
}
