import LabelSimCore
import LabelSimGSL

/// One replication of the pipeline, as typed stages: each stage's output is the next one's input,
/// and ``StageClock`` times the stages named in brackets.
///
/// 1. **World** (``World``: the ``ItemPool`` to label, the clean test set, the evaluation set):
///    ``world(index:)`` [world].
/// 2. **Workforce** (``Workforce``: each worker's type, skills and speed): `Workforce.draw`, in
///    `label(vendor:vendorIndex:replication:pool:budget:deadline:using:)` [labeling].
/// 3. **Delivered labels** (``LabelingOutcome``: the label matrix and the money and time ledger):
///    ``LabelGenerator`` on the fast path, else ``LabelingProcess`` (assignment policy, gold and
///    banning, review, ledger) [labeling].
/// 4. **Final labels** (`Delivery`: one label and posterior per item, the reviewer's where
///    reviewed): the vendor's ``Aggregator``, in `deliver` [aggregation].
/// 5. **Model** (the learner fitted on the final labels and scored on the test set):
///    ``ModelStage``, in `record` [training].
/// 6. **Metrics** (``MetricRecord``: one value per metric of the ``catalog``): `record`.
///
/// A preference task runs stages 3–6 in ``PreferencePipeline`` (the task-kind seam). A strategy
/// or timeline plan pools the deliveries (stage 4) of several vendors before stage 5.
///
/// Streams: the world draws from `StreamSeed.derive(seed, replication, .world)`; vendor `v` draws
/// its workers, assignments, labels and tie-breaks from `.vendor(v)`, and its reviewer from
/// `.review(v)`. Adding or removing a vendor therefore leaves the other vendors' numbers
/// unchanged, and all vendors see the same items.
public struct Replication: Sendable {
    /// The scenario being run.
    public let scenario: Scenario
    /// The metric catalogue (one value per name per vendor).
    public let catalog: MetricCatalog
    /// The learner stage, when the scenario has features.
    let modelStage: ModelStage?
    /// The preference pipeline, when `task.kind` is `preference` (the task-kind seam: every
    /// stage of a preference replication lives in `Preference/`).
    public let preference: PreferencePipeline?
    /// Time per pipeline stage, over every replication run with this value.
    public let clock = StageClock()
    /// Where softmax fits start (``FitStarts``): nil (the Bayes weights and the oracle) unless a
    /// ``MonteCarloRun`` or a sweep point recorded its first replication's fits.
    var fitStarts: FitStarts?

    /// Whether replication 0 runs first, alone, and its fits become where every other
    /// replication's fits start: with softmax fits and more than one replication (a run and a
    /// sweep point follow the same rule, so their rows agree).
    var startsFromFirstReplication: Bool { scenario.replications > 1 && modelStage?.learner is SoftmaxRegression }

    /// Prepares replications of `scenario`.
    public init(scenario: Scenario) throws {
        self.scenario = scenario
        self.catalog = MetricCatalog(scenario: scenario)
        switch scenario.kind {
        case .classification:
            self.modelStage = try ModelStage(scenario: scenario)
            self.preference = nil
        case .preference:
            self.modelStage = nil
            self.preference = try PreferencePipeline(scenario: scenario)
        }
    }

    /// The items and the clean test set of one replication (shared by its vendors).
    public struct World: Sendable {
        /// Items to label.
        public var pool: ItemPool
        /// Clean test features and classes (empty without a feature model).
        public var test: (features: [Double], classes: [Int32])
        /// Oracle fits shared by the vendors.
        public var oracles = OracleCache()
        /// The evaluation set bought from a vendor, when the scenario buys one.
        public var evaluation: EvaluationSet?
        /// The pairs of a preference task (nil for classification).
        public var preference: PreferenceWorld?
    }

    /// Runs replication `index`; returns one metric record per option (``Scenario/optionNames``:
    /// vendors then strategies, or the timeline's plans after their last period).
    public func run(index: Int) throws -> [MetricRecord<Double>] {
        try runAll(index: index).options
    }

    /// Runs replication `index`: the option records, and for a timeline every plan's record after
    /// each period (`periods[plan][period]`; empty without a timeline).
    func runAll(index: Int) throws -> (options: [MetricRecord<Double>], periods: [[MetricRecord<Double>]]) {
        let world = try self.world(index: index)
        if let timeline = scenario.timeline {
            let periods = try timeline.plans.enumerated().map { plan, spec in
                try runPlan(spec, number: plan, timeline: timeline, replication: index, world: world)
            }
            return (periods.compactMap(\.last), periods)
        }
        var rows: [MetricRecord<Double>] = []
        for vendorIndex in scenario.vendors.indices {
            rows.append(try run(index: index, vendor: vendorIndex, world: world))
        }
        for strategy in scenario.strategies.indices {
            let option = scenario.vendors.count + strategy
            let deliveries = try deliver(
                option: option, replication: index, items: nil, budget: scenario.budget, deadline: scenario.deadlineDays,
                onboarded: [], world: world)
            rows.append(try record(deliveries, world: world, replication: index, stream: option))
        }
        return (rows, [])
    }

    /// Runs replication `index` for one vendor only: the same numbers that vendor gets in ``run(index:)``.
    public func run(index: Int, vendor vendorIndex: Int, world cached: World? = nil) throws -> MetricRecord<Double> {
        let world: World
        if let cached {
            world = cached
        } else {
            world = try self.world(index: index)
        }
        if let preference, let pairs = world.preference {
            return try preference.run(index: index, vendor: vendorIndex, world: pairs, clock: clock)
        }
        let delivery = try deliver(
            vendor: vendorIndex, replication: index, items: nil, budget: scenario.budget, deadline: scenario.deadlineDays,
            onboarded: false, world: world)
        return try record([delivery], world: world, replication: index, stream: vendorIndex)
    }

    /// The items and test set of replication `index`, drawn from its world stream.
    public func world(index: Int) throws -> World {
        try clock.time(.world) {
            if let preference {
                return World(
                    pool: ItemPool(classes: [], domains: [], difficulty: []), test: ([], []), preference: try preference.world(index: index)
                )
            }
            let worldRandom = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .world))
            let pool = try ItemPool.draw(
                task: scenario.task, count: scenario.data.trainItems, features: modelStage?.features, using: worldRandom)
            let test = try modelStage?.testSet(count: scenario.data.testItems, using: worldRandom) ?? ([], [])
            var world = World(pool: pool, test: test)
            if let features = modelStage?.features {
                world.evaluation = try EvaluationSet.draw(scenario: scenario, replication: index, features: features)
            }
            return world
        }
    }

    /// The labels vendor `vendorIndex` delivers on `pool` under the scenario's budget and deadline.
    public func label(vendorIndex: Int, replication: Int, pool: ItemPool, using rng: GSLRandom) throws -> LabelingOutcome {
        try label(
            vendor: scenario.vendors[vendorIndex], vendorIndex: vendorIndex, replication: replication, pool: pool,
            budget: scenario.budget, deadline: scenario.deadlineDays, using: rng)
    }

    /// The labels `vendor` (entry `vendorIndex` of the scenario, possibly with a changed calendar)
    /// delivers on `pool` under `budget` and `deadline`.
    func label(
        vendor: VendorSpec, vendorIndex: Int, replication: Int, pool: ItemPool, budget: Budget, deadline: Double?,
        using rng: GSLRandom
    ) throws -> LabelingOutcome {
        let task = scenario.task
        let workforce = try Workforce.draw(spec: vendor.workforce, task: task, defaultSeconds: vendor.secondsPerLabel, using: rng)
        // The one-pass generator has no item-level perception: misleading items take the general path.
        if Self.usesFastPath(vendor: vendor, workforce: workforce, deadline: deadline), !task.misleading.isActive {
            let plan = PurchasePlan(vendor: vendor, budget: budget, poolSize: pool.count)
            let generator = LabelGenerator(classes: task.classes, redundancy: vendor.quality.redundancy.minimum)
            let matrix = generator.generate(items: plan.items, pool: pool, workforce: workforce, using: rng)
            var outcome = LabelingOutcome(
                matrix: matrix, labelsBought: plan.labels, laborDollars: Double(plan.labels) * vendor.pricing.dollarsPerLabel)
            var seconds = [Double](repeating: 0, count: workforce.count)
            for worker in matrix.workers { seconds[Int(worker)] += workforce.secondsPerLabel[Int(worker)] }
            outcome.busiestWorkerSeconds = seconds.max() ?? 0
            outcome.fromGenerator = true
            return outcome
        }
        var reviewer: LabelingProcess.Reviewer?
        if let review = vendor.quality.review, let other = scenario.vendors.first(where: { $0.name == review.vendor }) {
            let reviewRandom = GSLRandom(
                seed: StreamSeed.derive(seed: scenario.seed, replication: replication, stream: .review(vendorIndex)))
            let reviewForce = try Workforce.draw(
                spec: other.workforce, task: task, defaultSeconds: other.secondsPerLabel, using: reviewRandom)
            reviewer = LabelingProcess.Reviewer(vendor: other, workforce: reviewForce, rng: reviewRandom)
        }
        let process = LabelingProcess(vendor: vendor, task: task, budget: budget, deadlineDays: deadline, reviewer: reviewer)
        return try process.run(pool: pool, workforce: workforce, using: rng)
    }

    /// Whether the one-pass generator gives the same process: fixed redundancy, no quality
    /// control, no deadline, uniform workload and errors, and every worker at the same speed.
    static func usesFastPath(vendor: VendorSpec, workforce: Workforce, deadline: Double?) -> Bool {
        // Per-label prices do not depend on speed; hourly ones do, unless every worker takes the
        // seconds the price was set with.
        let sameSpeed: Bool
        switch (vendor.pricing, vendor.workforce.secondsPerLabel) {
        case (.perLabel, _), (.perHour, nil): sameSpeed = true
        case (.perHour(_, let priced), .fixed(let seconds)?): sameSpeed = seconds == priced
        case (.perHour, .lognormal?): sameSpeed = false
        }
        return !vendor.quality.hasControls && deadline == nil && vendor.workforce.workload == .uniform && workforce.isPlain
            && sameSpeed
    }
}
