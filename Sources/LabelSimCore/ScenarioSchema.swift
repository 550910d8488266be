/// The scenario file format, declared once: every key with its type, range, default, meaning and
/// "exactly one of" rules. This table drives `labelsim validate` (``SchemaValidator`` reports every
/// type, range and unknown-key problem at once), the key table in the README (checked by a test)
/// and `labelsim schema` (a JSON Schema, draft 2020-12).
///
/// To add a scenario key: declare it here (type, default, one-line meaning), read it in
/// ``ScenarioParser`` (which takes its key lists from this table), add a row to the README's key
/// table (`labelsim schema --markdown` prints the rows) and use the key in
/// `Tests/LabelSimCoreTests/KitchenSink.yaml`-style coverage (``ScenarioSchemaTests``).
public enum ScenarioSchema {
    typealias Limits = ScenarioParser.Limits

    /// `{beta: [a, b]}` with positive a and b.
    static let beta = SchemaNode.object([
        SchemaKey("beta", .tuple([.positive, .positive]), required: true, "Beta(a, b) parameters")
    ])
    /// `{values: [v…], weights: [w…]}`: an empirical distribution on [0, 1].
    static let discrete = SchemaNode.object([
        SchemaKey("values", .list(of: .probability, atLeast: 1), required: true, "the values"),
        SchemaKey("weights", .list(of: .probability, atLeast: 1), required: true, "their probabilities (sum 1)"),
    ])
    /// A worker type's `sees_through`: a number, or a distribution each worker draws their own value from.
    static let seeThrough = SchemaNode.anyOf([.probability, beta, discrete])
    /// A value in [0, 1]: a number or `{beta: [a, b]}`.
    static let valueSpec = SchemaNode.anyOf([.probability, beta])
    /// A lognormal's `[mu, sigma]` on the log scale.
    static let lognormal = SchemaNode.object([
        SchemaKey(
            "lognormal",
            .tuple([
                .number(NumberBounds(minimum: -Limits.logScale, maximum: Limits.logScale)),
                .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: Limits.logScale / 5)),
            ]), required: true, "[mu, sigma] of the log")
    ])

    // MARK: - Sections

    static let task = SchemaNode.object([
        SchemaKey(
            "kind", .choice(TaskKind.allCases.map(\.rawValue)), default: "`classification`",
            "`classification` or `preference` (pairwise comparisons and a reward model; see [Preference data](#preference-data))"),
        SchemaKey("classes", .integer(2...Limits.classes), default: "2", "K"),
        SchemaKey("prior", .list(of: .probability, atLeast: 2), default: "uniform", "K class probabilities"),
        SchemaKey("domains", .names(of: .probability), default: "`{general: 1}`", "domain → share of items"),
        SchemaKey(
            "difficulty",
            .anyOf([
                .probability, beta, discrete, .choice(["from_features"]),
                .object([
                    SchemaKey("from_features", .positive, required: true, "the exponent s"),
                    SchemaKey("weight", .probability, default: "1", "weight w of the feature part"),
                    SchemaKey("beta", .tuple([.positive, .positive]), default: "d₀ = 0", "Beta(a, b) of d₀"),
                ]),
            ]), default: "0",
            "human difficulty d: a number in [0, 1], `{beta: [a, b]}`, `{values: […], weights: […]}`, or `from_features` / `{from_features: s, weight: w, beta: [a, b]}`: d = w·(1 − Bayes margin)^s + (1 − w)·d₀, d₀ ~ Beta(a, b) (w = 1, s = 1 by default; see [Response model](#the-response-model))"
        ),
        SchemaKey(
            "misleading",
            .anyOf([
                .object([
                    SchemaKey(
                        "share", .anyOf([.probability, .list(of: .probability, atLeast: 2)]), default: "0", "π, or π per true class"),
                    SchemaKey(
                        "confusable",
                        .anyOf([.choice(["uniform", "ordinal"]), .list(of: .list(of: .probability, atLeast: 2), atLeast: 2)]),
                        default: "`uniform`", "M: `uniform`, `ordinal` or K rows of K weights (zero diagonal)"),
                    SchemaKey("concentration", .probability, default: "0", "ρ: how strongly wrong labels go to the pair's other class"),
                    SchemaKey(
                        "by_domain", .names(of: .anyOf([.probability, .list(of: .probability, atLeast: 2)])), default: "`share`",
                        "domain → π or π per class"),
                    SchemaKey(
                        "ambiguous",
                        .object([
                            SchemaKey(
                                "values", .list(of: .probability, atLeast: 1), required: true,
                                "ambiguity levels t, strictly between 0 and 1"),
                            SchemaKey(
                                "share",
                                .anyOf([.list(of: .probability, atLeast: 1), .list(of: .list(of: .probability, atLeast: 1), atLeast: 2)]),
                                required: true, "probability of each level: one row for every class, or one row per true class"),
                        ]), default: "none",
                        "ambiguous items: each label perceives the confusable class with probability t, label by label"),
                ]), .names(of: .probability),
            ]), default: "none",
            "misleading items (shared misconceptions; see [Response model](#the-response-model)); preference: domain → share of pairs whose worse response looks better"
        ),
        SchemaKey(
            "reward",
            .object([
                SchemaKey("scale", .positive, default: "3.93", "sd S of a pair's true reward difference (BT temperature 1)"),
                SchemaKey(
                    "visible_share", .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: 1)), default: "0.643",
                    "share v of the reward variance the features carry"),
                SchemaKey("style_weight", .number(NumberBounds()), default: "0", "weight of the style coordinate in the true reward"),
            ]), default: "derived defaults", "preference only: the true reward (see [Preference data](#preference-data))"),
        SchemaKey(
            "responses_per_prompt", .integer(2...64), default: "2", "preference only: responses per prompt; every pair of them is compared"),
        SchemaKey(
            "misleading_style_link", .probability, default: "0",
            "preference only: ρ, how strongly a misleading pair's error goes with style: a pair whose worse response has more style is misleading with probability min(1, π·(1 + ρ)), any other with π·(1 − ρ) (see [Preference data](#preference-data))"
        ),
        SchemaKey(
            "strength_margin", .tuple([.nonNegative, .nonNegative, .nonNegative, .nonNegative]), default: "none",
            "preference only: Llama 2's margin m per stated strength (significantly better … negligibly better) subtracted inside the reward model's loss, e.g. `[1, 0.667, 0.333, 0]` (see [Preference data](#preference-data))"
        ),
        SchemaKey(
            "best_of_n", .list(of: .integer(2...1024), atLeast: 1), default: "`[4, 16, 64]`",
            "preference only: candidates n for `best_of_n_gain@n`"),
        SchemaKey("evaluation_prompts", .integer(1...1_000_000), default: "2000", "preference only: prompts drawn for best-of-n"),
    ])

    static let data = SchemaNode.object([
        SchemaKey("train_items", .integer(1...Limits.items), default: "10000", "the pool of items the budget buys from"),
        SchemaKey("test_items", .integer(1...Limits.items), default: "2000", "clean test items for model evaluation"),
        SchemaKey(
            "features",
            .object([
                SchemaKey("dimensions", .integer(1...Limits.dimensions), default: "16", "feature dimensions D"),
                SchemaKey("separation", .positive, default: "2.0", "distance between class means"),
                SchemaKey("informative", .integer(1...Int.max), default: "D", "dimensions that carry signal"),
                SchemaKey(
                    "mixture", .integer(1...64), default: "1",
                    "Gaussian components per class; more than 1 is a checkerboard no linear model separates (see [Model quality](#model-quality))"
                ),
            ]), default: "none", "class-conditional Gaussian features; turns on model training (see [Model quality](#model-quality))"),
    ])

    static let budget = SchemaNode.object(
        [
            SchemaKey(
                "dollars", .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: Limits.dollars)),
                "per vendor: dollars to spend"),
            SchemaKey("items", .integer(1...Limits.items), "per vendor: items to label whatever the cost"),
            SchemaKey(
                "deadline_days", .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: Limits.days)), default: "none",
                "calendar days each vendor has (see [deadline](#economics-and-time))"),
        ], exactlyOne: [["dollars", "items"]])

    static let model = SchemaNode.object([
        SchemaKey(
            "learner", .choice(["softmax-regression", "mlp", "learning-curve"]), default: "`softmax-regression`",
            "the learner: linear, a multilayer perceptron (`model.mlp`), or the lab's own curve (`model.curve`)"),
        SchemaKey("l2", .nonNegative, default: "0.001", "λ of the L2 penalty"),
        SchemaKey(
            "targets", .choice(["hard", "soft"]), default: "`hard`", "`hard` (aggregated label) or `soft` (the aggregator's posterior)"),
        SchemaKey(
            "learning_curve", .list(of: .integer(2...Int.max)), default: "none",
            "training sizes at which to evaluate too, e.g. `[500, 2000, 8000]`"),
        SchemaKey(
            "mlp",
            .object([
                SchemaKey(
                    "hidden", .anyOf([.integer(1...4096), .list(of: .integer(1...4096), atLeast: 1)]), default: "64",
                    "units per hidden layer (one to three layers)"),
                SchemaKey("alpha", .nonNegative, default: "0.0001", "L2 strength α (scikit-learn's `alpha`)"),
                SchemaKey("learning_rate", .positive, default: "0.001", "Adam's step size"),
                SchemaKey("batch_size", .integer(1...1_000_000), default: "200", "items per minibatch"),
                SchemaKey("epochs", .integer(1...100_000), default: "200", "most epochs"),
                SchemaKey("patience", .integer(1...100_000), default: "10", "epochs without validation improvement before stopping"),
                SchemaKey(
                    "validation", .number(NumberBounds(minimum: 0, maximum: 1, maximumIsExclusive: true)), default: "0.1",
                    "share of the vendor's labelled items held out for early stopping"),
            ]), default: "see keys", "the perceptron of `learner: mlp`"),
        SchemaKey(
            "curve",
            .object(
                [
                    SchemaKey(
                        "law",
                        .object([
                            SchemaKey("a", .probability, required: true, "ceiling"),
                            SchemaKey("b", .nonNegative, required: true, "scale"),
                            SchemaKey("c", .positive, required: true, "exponent"),
                        ]), "acc(n) = a − b·n^(−c)"),
                    SchemaKey("points", .list(of: .tuple([.positive, .probability]), atLeast: 1), "pilot points `[[n, accuracy], …]`"),
                ], exactlyOne: [["law", "points"]]), default: "none",
            "the lab's clean learning curve for `learner: learning-curve`"),
    ])

    static let sweep = SchemaNode.object([
        SchemaKey(
            "vary", .names(of: .anyOf([.list(of: .any, atLeast: 1), .text])),
            "key path → list of values or a range `start:stop:step`")
    ])

    // MARK: - Vendors

    static let pricing = SchemaNode.object(
        [
            SchemaKey("per_label", .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: Limits.price)), "dollars per label"),
            SchemaKey(
                "per_hour", .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: Limits.price)),
                "hourly wage (with seconds_per_label)"),
            SchemaKey(
                "seconds_per_label", .positive, default: "30",
                "seconds a label takes: required with per_hour; with per_label it sets the default speed"),
        ], exactlyOne: [["per_label", "per_hour"]])

    static let workerType = SchemaNode.object([
        SchemaKey("share", .probability, required: true, "share of workers"),
        SchemaKey(
            "kind", .choice(WorkerKind.allCases.map(\.rawValue)), default: "`diligent`", "`diligent`, `sloppy`, `spammer`, `adversarial`"),
        SchemaKey(
            "accuracy",
            .anyOf([
                valueSpec, .names(of: valueSpec),
                .object([SchemaKey("by_class", .list(of: valueSpec, atLeast: 2), required: true, "accuracy per perceived class")]),
            ]), default: "0.8 (sloppy 0.6)",
            "a number, `{beta: [a, b]}`, a map domain → either, or `{by_class: [one per class]}` (class-conditional)"),
        SchemaKey(
            "answers",
            .anyOf([
                .choice(SpamStrategy.allCases.map(\.rawValue)),
                .object([SchemaKey("weights", .list(of: .probability, atLeast: 2), required: true, "probability of each class")]),
            ]), default: "`random`",
            "spammers only: `random`, `constant` (always one class, drawn per spammer) or `{weights: [p per class]}` (biased)"),
        SchemaKey(
            "sees_through", .anyOf([seeThrough, .names(of: seeThrough)]), default: "0",
            "probability of perceiving the true class of a misleading item: a number, a distribution drawn per worker (`{beta: [a, b]}` or `{values, weights}`), or domain → either"
        ),
        SchemaKey("rationality", .nonNegative, default: "1", "preference raters: β of σ(β · (Δr + γ · Δstyle))"),
        SchemaKey("style_bias", .number(NumberBounds()), default: "0", "preference raters: γ, reward paid per sd of style"),
        SchemaKey("ties_below", .nonNegative, default: "0", "preference raters: \"about the same\" below this perceived margin"),
        SchemaKey("workload", .positive, default: "1", "multiplier on this type's workload weights (heavy workers of a type)"),
    ])

    static let workforce = SchemaNode.object([
        SchemaKey("workers", .integer(1...Limits.workers), required: true, "number of workers; at least the (maximum) redundancy"),
        SchemaKey("types", .list(of: workerType, atLeast: 1), default: "one diligent type at 0.8", "worker types"),
        SchemaKey("domain_skill", .names(of: .nonNegative), default: "1 per domain", "domain → multiplier on accuracy above chance"),
        SchemaKey(
            "confusion",
            .anyOf([
                .choice(["uniform", "ordinal"]),
                .object([SchemaKey("dirichlet", .positive, required: true, "concentration alpha")]),
            ]), default: "`uniform`", "`uniform`, `ordinal` or `{dirichlet: alpha}`"),
        SchemaKey(
            "workload",
            .anyOf([
                .choice(["uniform"]), .object([SchemaKey("zipf", .positive, required: true, "exponent s")]), lognormal,
            ]), default: "`uniform`", "`uniform`, `{zipf: s}` or `{lognormal: [mu, sigma]}`"),
        SchemaKey(
            "seconds_per_label", .anyOf([.positive, lognormal]), default: "`pricing.seconds_per_label`",
            "a number or `{lognormal: [mu, sigma]}` drawn per worker"),
        SchemaKey(
            "hours_per_day", .number(NumberBounds(minimum: 0, minimumIsExclusive: true, maximum: 24)), default: "8",
            "working hours per worker per day (deadline)"),
    ])

    static let quality = SchemaNode.object([
        SchemaKey(
            "redundancy",
            .anyOf([
                .integer(1...Limits.redundancy),
                .object([
                    SchemaKey("min", .integer(1...Limits.redundancy), required: true, "labels every item gets"),
                    SchemaKey("max", .integer(1...Limits.redundancy), required: true, "labels at most"),
                    SchemaKey("agreement", .probability, required: true, "stop once this share agrees"),
                ]),
            ]), default: "1", "distinct workers per item, or `{min: m, max: M, agreement: t}`"),
        SchemaKey(
            "aggregation", .choice(AggregationMethod.allCases.map(\.rawValue) + PreferenceAggregation.pairwiseOnly.map(\.rawValue)),
            default: "`majority`",
            "`majority`, `wawa`, `dawid-skene`, `one-coin`, `glad`, `mace` (see [Aggregation](#aggregation)); preference: `majority`, `bradley-terry` or `noisy-bradley-terry`"
        ),
        SchemaKey(
            "gold_fraction", .number(NumberBounds(minimum: 0, maximum: 1, maximumIsExclusive: true)), default: "0",
            "share of each worker's stream that is gold questions (paid, no label), below 1"),
        SchemaKey("ban_below", .probability, default: "none", "ban a worker whose gold accuracy falls below this …"),
        SchemaKey("gold_min", .integer(1...Int.max), default: "10", "… once they have answered this many gold questions"),
        SchemaKey(
            "review",
            .object([
                SchemaKey("vendor", .text, required: true, "the reviewing vendor"),
                SchemaKey("below_agreement", .probability, required: true, "review items whose agreement is below this"),
            ]), default: "none",
            "`{vendor: NAME, below_agreement: t}`: items whose agreement is below t are labelled by vendor NAME, whose label wins"),
        SchemaKey("overhead", .nonNegative, default: "0", "platform fee / project management as a fraction of labour spend"),
    ])

    /// The keys of a vendor entry (a vendor profile is the same without `name` and `use`).
    static let vendorKeys: [SchemaKey] = [
        SchemaKey("name", .text, required: true, "unique vendor name"),
        SchemaKey(
            "use", .text, default: "none",
            "a vendor profile (`Scenarios/vendors/NAME.yaml`, or `vendors/NAME.yaml` beside the scenario) the entry's own keys are merged over, field by field"
        ),
        SchemaKey("pricing", pricing, required: true, "per_label, or per_hour with seconds_per_label"),
        SchemaKey(
            "speed", .object([SchemaKey("labels_per_hour", .positive, required: true, "labels per hour")]),
            default: "workers × 3600 ÷ mean seconds per label", "whole-vendor throughput (sets `days`)"),
        SchemaKey("workforce", workforce, required: true, "the vendor's workers"),
        SchemaKey("quality", quality, default: "redundancy 1, majority", "quality control"),
        SchemaKey(
            "calendar",
            .object([
                SchemaKey(
                    "labels_per_day", .positive, default: "`speed.labels_per_hour` × 24, else workers × hours_per_day × 3600 ÷ seconds",
                    "whole-vendor capacity at full speed"),
                SchemaKey(
                    "lead_days", .number(NumberBounds(minimum: 0, maximum: Limits.days)), default: "0",
                    "onboarding days before the first label"),
                SchemaKey(
                    "ramp_days", .number(NumberBounds(minimum: 0, maximum: Limits.days)), default: "0",
                    "days from the first label to full capacity (linear)"),
            ]), default: "no lead time, no ramp", "capacity, onboarding and ramp-up: set `days` and what a deadline lets through"),
    ]

    /// A vendor entry of a scenario.
    public static let vendor = SchemaNode.object(vendorKeys, namedBy: "name")

    /// A vendor profile file (`Scenarios/vendors/NAME.yaml`): a vendor entry without `name` and `use`;
    /// nothing is required since the scenario's entry may supply it.
    public static let profile = SchemaNode.object(vendorKeys.filter { $0.name != "name" && $0.name != "use" }).partial

    /// A scenario file.
    public static let scenario = SchemaNode.object([
        SchemaKey("name", .text, default: "file name", "used in the results folder name and reports"),
        SchemaKey(
            "seed", .integer(0...Int.max), default: "1", "master seed; each replication's streams derive from (seed, replication, stream)"),
        SchemaKey("replications", .integer(1...Limits.replications), default: "100", "Monte Carlo replications"),
        SchemaKey("task", task, default: "2 classes", "the labelling task"),
        SchemaKey("data", data, default: "10000 train, 2000 test items", "the item pool and test set"),
        SchemaKey("budget", budget, default: "required unless `timeline` is given (then its budgets' sum)", "dollars or items per vendor"),
        SchemaKey("vendors", .list(of: vendor, atLeast: 1), required: true, "the vendors"),
        SchemaKey("model", model, default: "softmax regression", "the model trained on the labels"),
        SchemaKey("sweep", sweep, default: "none", "axes for `labelsim sweep`"),
        SchemaKey(
            "evaluation",
            .object([
                SchemaKey("vendor", .text, required: true, "the vendor that labels the set (one of `vendors`)"),
                SchemaKey("items", .integer(1...Limits.items), default: "2000", "items in the set"),
                SchemaKey(
                    "redundancy", .integer(1...Limits.redundancy), default: "1", "labels per item, aggregated by the vendor's method"),
            ]), default: "none", "a test set bought from a vendor: models measured on its labels beside the truth"),
        SchemaKey("strategies", .list(of: strategy), default: "none", "vendor mixes reported beside the vendors"),
        SchemaKey("timeline", timeline, default: "none", "a project period by period; its plans are the options reported"),
    ])

    /// A strategy: a route of domains to vendors, or a split of the budget.
    static let strategy = SchemaNode.object(
        [
            SchemaKey("name", .text, required: true, "unique among vendors and strategies"),
            SchemaKey(
                "route", .names(of: .text), "domain → vendor, every domain routed; the budget is split by each vendor's share of the cost"),
            SchemaKey("split", .names(of: .probability), "vendor → share of the budget (summing to 1); items dealt in proportion"),
        ], exactlyOne: [["route", "split"]], namedBy: "name")

    /// The timeline: periods, their budgets and the plans.
    static let timeline = SchemaNode.object([
        SchemaKey("periods", .integer(1...1000), required: true, "number of periods (months)"),
        SchemaKey("period_days", .positive, default: "30", "calendar days per period"),
        SchemaKey(
            "budget_per_period", .anyOf([.positive, .list(of: .positive, atLeast: 1)]), required: true,
            "dollars per period: one number, or a list with one per period"),
        SchemaKey(
            "plans", .names(of: .anyOf([.text, .list(of: .text, atLeast: 1)])), required: true,
            "plan name → a vendor or strategy for every period, or a list with one per period"),
    ])

    /// The keys declared at `path` in ``scenario`` (`"task"`, `"vendors[].workforce"`,
    /// `"vendors[].workforce.types[]"`); empty when `path` is not an object.
    public static func keys(at path: String) -> [String] {
        node(at: path).flatMap { node -> [String]? in
            if case .object(let object) = node { return object.keys.map(\.name) }
            return nil
        } ?? []
    }

    /// The node at a schema path (`""` is the scenario; `[]` steps into a list's items).
    static func node(at path: String) -> SchemaNode? {
        var current = scenario
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var intoList = false
            if name.hasSuffix("[]") {
                name = name.dropLast(2)
                intoList = true
            }
            guard case .object(let object) = current, let key = object.key(String(name)) else { return nil }
            current = key.value
            if intoList {
                guard case .list(let item, _) = current else { return nil }
                current = item
            }
        }
        return current
    }
}
