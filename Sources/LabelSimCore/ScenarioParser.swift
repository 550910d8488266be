/// Turns a scenario's ``ConfigNode`` tree into a validated ``Scenario``, filling documented
/// defaults and reporting every problem with its file, line and key path.
///
/// Defaults (also in the README): `name` = file name without extension, `seed` 1,
/// `replications` 100, `task.classes` 2, `task.prior` uniform, `task.domains` `{general: 1}`,
/// `task.difficulty` 0, `data.train_items` 10000, `data.test_items` 2000, worker `kind` diligent,
/// worker `accuracy` 0.8 (sloppy 0.6), `domain_skill` 1, `pricing.seconds_per_label` 30,
/// `speed.labels_per_hour` workers × 3600 / seconds_per_label, `quality.redundancy` 1,
/// `quality.aggregation` majority. `budget` (dollars or items), `vendors`, each vendor's
/// `pricing` and `workforce.workers` have no default.
public enum ScenarioParser {
    /// The most labels per item a scenario may ask for (`quality.redundancy`).
    public static let maximumRedundancy = Limits.redundancy

    /// Upper bounds that keep a run within memory (a typo such as `1e12` items is an error, not a crash).
    enum Limits {
        static let replications = 1_000_000
        /// Longest scenario name: it becomes part of a folder name (at most 255 bytes on Linux).
        static let nameLength = 100
        static let classes = 1_000
        static let items = 50_000_000
        static let dimensions = 10_000
        static let workers = 10_000_000
        static let redundancy = 1_000
        static let days = 36_500.0
        /// Largest price (dollars a label or an hour) and budget: far above any real one, and low
        /// enough that costs print as numbers a reader can take in.
        static let price = 1_000_000.0
        static let dollars = 1e12
        /// Bound on a lognormal's |mu| and sigma, so that its draws stay finite.
        static let logScale = 50.0
    }

    // The keys each mapping accepts come from the one declared schema (ScenarioSchema).
    static let topKeys = ScenarioSchema.keys(at: "")
    static let modelKeys = ScenarioSchema.keys(at: "model")
    static let featureKeys = ScenarioSchema.keys(at: "data.features")
    static let taskKeys = ScenarioSchema.keys(at: "task")
    static let dataKeys = ScenarioSchema.keys(at: "data")
    static let budgetKeys = ScenarioSchema.keys(at: "budget")
    static let vendorKeys = ScenarioSchema.keys(at: "vendors[]")
    static let pricingKeys = ScenarioSchema.keys(at: "vendors[].pricing")
    static let workforceKeys = ScenarioSchema.keys(at: "vendors[].workforce")
    static let typeKeys = ScenarioSchema.keys(at: "vendors[].workforce.types[]")
    static let qualityKeys = ScenarioSchema.keys(at: "vendors[].quality")

    /// Validates `root`; `file` names the source in messages and gives the default name.
    /// Every problem is reported at once: the parser's checks, then the schema's checks of types,
    /// ranges and keys over the whole tree for every key path the parser did not report.
    public static func scenario(from root: ConfigNode, file: String) throws(ScenarioProblems) -> Scenario {
        let reader = ScenarioReader(file: file)
        let scenario = read(root, reader: reader)
        let declared = SchemaValidator.problems(in: root, schema: ScenarioSchema.scenario, file: file)
        if let scenario, reader.problems.isEmpty, declared.isEmpty {
            return scenario
        }
        // The parser's messages are the more specific; the schema adds what the parser did not reach.
        var problems = reader.problems
        var seen = Set(problems.map(\.keyPath))
        let reported = problems.map(\.keyPath)
        for problem in declared where seen.insert(problem.keyPath).inserted {
            // A key whose part the parser already blamed (`accuracy` after `accuracy.beta`) would
            // only repeat it as a vaguer "expected …" line.
            let parent = problem.keyPath
            if !parent.isEmpty, reported.contains(where: { $0.hasPrefix(parent + ".") || $0.hasPrefix(parent + "[") }) { continue }
            problems.append(problem)
        }
        if problems.isEmpty {
            // Unreachable when the schema and the parser agree; still a located error, never a crash.
            problems = [ScenarioProblem(file: file, origin: root.origin, keyPath: "", message: "the scenario is incomplete")]
        }
        throw ScenarioProblems(problems.sorted(by: ScenarioProblem.fileOrder))
    }

    /// The keys the parser looks up while reading `root` (a test checks them against the schema).
    static func lookups(reading root: ConfigNode, file: String) -> Set<String> {
        let reader = ScenarioReader(file: file)
        _ = read(root, reader: reader)
        _ = try? sweepAxes(from: root, reader: reader)
        return reader.lookups
    }

    private static func read(_ root: ConfigNode, reader: ScenarioReader) -> Scenario? {
        if case .null = root {
            reader.report(root, "", "the scenario is empty; it needs at least budget and vendors")
            return nil
        }
        guard let top = reader.mapping(root, "", allowed: topKeys) else { return nil }
        let name = reader.string(top["name"], "name") ?? defaultName(reader.file)
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            // The name becomes part of the results folder's name.
            reader.report(
                top["name"] ?? root, "name", "must be printable text (it names the results folder); it holds a control character")
        } else if name.utf8.count > Limits.nameLength {
            reader.report(
                top["name"] ?? root, "name",
                "must be at most \(Limits.nameLength) bytes (it names the results folder), got \(name.utf8.count)")
        } else if name.trimmingCharacters(in: .whitespaces).isEmpty {
            reader.report(top["name"] ?? root, "name", "must not be empty (it names the results folder); leave it out to use the file name")
        }
        let seed = reader.integer(top["seed"], "seed", minimum: 0).map { UInt64($0) } ?? 1
        let replications =
            top["replications"] == nil
            ? 100 : reader.integer(top["replications"], "replications", minimum: 1, maximum: Limits.replications)
        let task = readTask(top["task"], reader: reader)
        let data = readData(top["data"], task: task, reader: reader)
        // A timeline brings its own budgets; the scenario budget is then their sum.
        let budget = top["timeline"] != nil && top["budget"] == nil ? .dollars(0) : readBudget(top["budget"], root: root, reader: reader)
        let deadline = reader.mapping(top["budget"], "budget", allowed: budgetKeys, quiet: true)?["deadline_days"]
            .flatMap { reader.positive($0, "budget.deadline_days") }
        if let deadline, deadline > Limits.days {
            reader.report(top["budget"], "budget.deadline_days", "must be at most \(Int(Limits.days)) days, got \(deadline)")
        }
        let vendors = readVendors(top["vendors"], root: root, task: task, reader: reader)

        let model = readModel(top["model"], reader: reader)
        let kind = readKind(top["task"], reader: reader)
        guard let replications, var task, let data, let budget, let vendors, let model, let kind else { return nil }
        let preference = readPreference(top: top, kind: kind, task: task, vendors: vendors, reader: reader)
        if kind == .preference, preference == nil { return nil }
        if top["model"] != nil, data.features == nil, model.learner != .learningCurve, kind == .classification {
            reader.report(top["model"], "model", "a model needs features to learn from: add data.features")
        }
        if let node = top["task"]?.mapping(key: "difficulty"), isFromFeatures(node) {
            if data.features == nil {
                reader.report(top["task"], "task.difficulty", "from_features needs data.features")
            }
            if let blend = readFromFeatures(node, reader: reader) {
                task.difficultyFromFeatures = blend.scale
                task.featureWeight = blend.weight
                task.difficulty = blend.base
            }
        }
        if case .items(let items) = budget, items > data.trainItems {
            reader.report(top["budget"], "budget.items", "asks for \(items) items but data.train_items is \(data.trainItems)")
        }
        for (index, vendor) in vendors.enumerated() {
            let path = vendorPath(vendor.name, index)
            if case .dollars(let dollars) = budget {
                let itemCost =
                    Double(vendor.quality.redundancy.minimum) * vendor.nominalDollarsPerLabel * (1 + vendor.quality.overhead)
                if dollars > 0, dollars < itemCost {
                    reader.report(
                        top["budget"], "budget.dollars",
                        "$\(ScenarioReader.format(dollars)) buys no item from vendor '\(vendor.name)' (one item costs $\(ScenarioReader.format(itemCost)) at \(path).quality.redundancy \(vendor.quality.redundancy.minimum))"
                    )
                }
            }
        }
        for (index, vendor) in vendors.enumerated() {
            guard let review = vendor.quality.review else { continue }
            let path = "\(vendorPath(vendor.name, index)).quality.review.vendor"
            if review.vendor == vendor.name {
                reader.report(top["vendors"], path, "a vendor cannot review its own labels")
            } else if !vendors.contains(where: { $0.name == review.vendor }) {
                reader.report(
                    top["vendors"], path,
                    "no vendor named '\(review.vendor)' (have: \(vendors.map(\.name).joined(separator: ", ")))")
            }
        }
        var scenario = Scenario(
            name: name, seed: seed, replications: replications, task: task, data: data, budget: budget,
            vendors: vendors, deadlineDays: deadline)
        scenario.model = model
        scenario.preference = preference
        if preference != nil, let node = top["strategies"] ?? top["timeline"] {
            reader.report(node, top["strategies"] != nil ? "strategies" : "timeline", "strategies and timelines need a classification task")
        }
        scenario.strategies = readStrategies(top["strategies"], task: task, vendors: vendors, reader: reader)
        var declared: [String] = []
        if case .sequence(let items, _)? = top["strategies"] { declared = items.compactMap { $0.mapping(key: "name")?.scalarText } }
        scenario.timeline = readTimeline(
            top["timeline"], vendors: vendors, strategies: scenario.strategies, declared: declared, reader: reader)
        if let timeline = scenario.timeline, top["budget"] == nil {
            scenario.budget = .dollars(timeline.budgets.reduce(0, +))
            scenario.deadlineDays = timeline.periodDays * Double(timeline.periods)
        }
        // The memory estimate needs valid values (a gold share of 1 would make it infinite).
        if reader.problems.isEmpty, let (keyPath, message) = ScenarioCost.problem(scenario) {
            reader.report(node(at: keyPath, in: root) ?? root, keyPath, message)
        }
        if let features = data.features {
            let needed = task.classes - 1
            if features.dimensions < needed {
                reader.report(
                    node(at: "data.features.dimensions", in: root) ?? top["data"], "data.features.dimensions",
                    "must be at least \(needed) for \(task.classes) classes (one class mean per vertex of a simplex), got \(features.dimensions)"
                )
            } else if let informative = features.informative, informative < needed {
                reader.report(
                    node(at: "data.features.informative", in: root) ?? top["data"], "data.features.informative",
                    "must be at least \(needed) for \(task.classes) classes, got \(informative)")
            }
        }
        if top["evaluation"] != nil {
            guard let evaluation = readEvaluation(top["evaluation"], vendors: vendors, data: data, reader: reader) else { return nil }
            scenario.evaluation = evaluation
        }
        return scenario
    }

    /// The node at a dotted key path (vendors by name), for the line of a cross-key problem.
    static func node(at keyPath: String, in root: ConfigNode) -> ConfigNode? {
        var current: ConfigNode? = root
        for part in keyPath.split(separator: ".").map(String.init) {
            switch current {
            case .mapping?: current = current?.mapping(key: part)
            case .sequence(let items, _)?:
                current = items.first { $0.mapping(key: "name")?.scalarText == part }
            default: return current
            }
        }
        return current
    }

    static func defaultName(_ file: String) -> String {
        let last = file.split(separator: "/").last.map(String.init) ?? file
        if let dot = last.lastIndex(of: "."), dot != last.startIndex {
            return String(last[..<dot])
        }
        return last
    }

    static func vendorPath(_ name: String?, _ index: Int) -> String {
        if let name, !name.isEmpty { return "vendors.\(name)" }
        return "vendors[\(index)]"
    }

    // MARK: - Task and data

    private static func readTask(_ node: ConfigNode?, reader: ScenarioReader) -> TaskSpec? {
        let fields = reader.mapping(node, "task", allowed: taskKeys) ?? [:]
        guard
            let classes = fields["classes"] == nil
                ? 2 : reader.integer(fields["classes"], "task.classes", minimum: 2, maximum: Limits.classes)
        else { return nil }
        var prior = [Double](repeating: 1 / Double(classes), count: classes)
        if let priorNode = fields["prior"], let items = reader.sequence(priorNode, "task.prior") {
            let values = items.compactMap { reader.probability($0, "task.prior") }
            if values.count == items.count {
                if values.count != classes {
                    reader.report(priorNode, "task.prior", "has \(values.count) entries but task.classes is \(classes)")
                } else {
                    reader.checkSum(values, priorNode, "task.prior", what: "class probabilities")
                    prior = values
                }
            }
        }
        var domains = [DomainShare(name: "general", share: 1)]
        if let domainNode = fields["domains"], let named = reader.namedValues(domainNode, "task.domains") {
            if named.isEmpty {
                reader.report(domainNode, "task.domains", "needs at least one domain")
            } else {
                let parsed = named.compactMap { name, value in
                    reader.probability(value, "task.domains.\(name)").map { DomainShare(name: name, share: $0) }
                }
                if parsed.count == named.count {
                    reader.checkSum(parsed.map(\.share), domainNode, "task.domains", what: "domain shares")
                    domains = parsed
                }
            }
        }
        var difficulty: ValueSpec? = .fixed(0)
        if let node = fields["difficulty"], !isFromFeatures(node) {
            difficulty = reader.valueSpec(node, "task.difficulty", discreteAllowed: true)
        }
        guard let difficulty else { return nil }
        var task = TaskSpec(classes: classes, prior: prior, domains: domains, difficulty: difficulty)
        // A preference task's `misleading` is its own form (domain → share), read with the preference keys.
        let preference = fields["kind"]?.scalarText == TaskKind.preference.rawValue
        guard let misleading = readMisleading(preference ? nil : fields["misleading"], task: task, reader: reader) else { return nil }
        task.misleading = misleading
        return task
    }

    private static func readData(_ node: ConfigNode?, task: TaskSpec?, reader: ScenarioReader) -> DataSpec? {
        let fields = reader.mapping(node, "data", allowed: dataKeys) ?? [:]
        let train =
            fields["train_items"] == nil
            ? 10_000 : reader.integer(fields["train_items"], "data.train_items", minimum: 1, maximum: Limits.items)
        let test =
            fields["test_items"] == nil ? 2_000 : reader.integer(fields["test_items"], "data.test_items", minimum: 1, maximum: Limits.items)
        var features: FeatureSpec?
        var featuresValid = true
        if let featureNode = fields["features"], featureNode.scalarText != nil || !isNull(featureNode) {
            let spec = reader.mapping(featureNode, "data.features", allowed: featureKeys) ?? [:]
            let dimensions =
                spec["dimensions"] == nil
                ? 16 : reader.integer(spec["dimensions"], "data.features.dimensions", minimum: 1, maximum: Limits.dimensions)
            let separation = spec["separation"] == nil ? 2.0 : reader.positive(spec["separation"], "data.features.separation")
            let informative = spec["informative"].flatMap { reader.integer($0, "data.features.informative", minimum: 1) }
            let mixture = spec["mixture"] == nil ? 1 : reader.integer(spec["mixture"], "data.features.mixture", minimum: 1, maximum: 64)
            if let dimensions, let separation, let mixture {
                if let informative, informative > dimensions {
                    reader.report(
                        spec["informative"], "data.features.informative", "is \(informative) but there are only \(dimensions) dimensions")
                    featuresValid = false
                }
                features = FeatureSpec(dimensions: dimensions, separation: separation, informative: informative)
                features?.components = mixture
            } else {
                featuresValid = false
            }
        }
        guard let train, let test, featuresValid else { return nil }
        return DataSpec(trainItems: train, testItems: test, features: features)
    }

    static func isNull(_ node: ConfigNode) -> Bool {
        if case .null = node { return true }
        return false
    }

    static func isFromFeatures(_ node: ConfigNode) -> Bool {
        if case .scalar("from_features", _, _) = node { return true }
        if case .mapping(let entries, _) = node, entries.contains(where: { $0.key == "from_features" }) { return true }
        return false
    }

    private static func readModel(_ node: ConfigNode?, reader: ScenarioReader) -> ModelSpec? {
        guard let node else { return ModelSpec() }
        let fields = reader.mapping(node, "model", allowed: modelKeys) ?? [:]
        var learner: ModelSpec.Learner? = .softmaxRegression
        if let learnerNode = fields["learner"], let text = reader.string(learnerNode, "model.learner") {
            learner = ModelSpec.Learner(rawValue: text)
            if learner == nil {
                reader.report(learnerNode, "model.learner", unknownChoice("learner", text, ModelSpec.Learner.allCases.map(\.rawValue)))
            }
        }
        let perceptron = readPerceptron(fields["mlp"], reader: reader)
        let labCurve = readCurve(fields["curve"], reader: reader)
        if fields["curve"] != nil, labCurve == nil { return nil }
        if learner == .learningCurve, fields["curve"] == nil {
            reader.report(
                node, "model.curve", "model.learner: learning-curve needs model.curve ({law: {a, b, c}} or {points: [[n, accuracy], …]})")
            return nil
        }
        var l2: Double? = 0.001
        if let l2Node = fields["l2"] {
            l2 = reader.double(l2Node, "model.l2")
            if let value = l2, value < 0 {
                reader.report(l2Node, "model.l2", "must be at least 0, got \(value)")
                l2 = nil
            }
        }
        var targets: ModelSpec.Targets? = .hard
        if let targetNode = fields["targets"], let text = reader.string(targetNode, "model.targets") {
            targets = ModelSpec.Targets(rawValue: text)
            if targets == nil {
                reader.report(targetNode, "model.targets", unknownChoice("targets", text, ModelSpec.Targets.allCases.map(\.rawValue)))
            }
        }
        var curve: [Int] = []
        if let curveNode = fields["learning_curve"], let items = reader.sequence(curveNode, "model.learning_curve") {
            curve = items.compactMap { reader.integer($0, "model.learning_curve", minimum: 2) }
            if curve.count != items.count { return nil }
            if Set(curve).count != curve.count {
                reader.report(curveNode, "model.learning_curve", "lists a size twice")
                return nil
            }
        }
        guard let l2, let targets, let learner, let perceptron else { return nil }
        var spec = ModelSpec(l2: l2, targets: targets, learningCurve: curve)
        spec.learner = learner
        spec.perceptron = perceptron
        spec.curve = labCurve
        return spec
    }

    private static func readBudget(_ node: ConfigNode?, root: ConfigNode, reader: ScenarioReader) -> Budget? {
        guard let node else {
            reader.report(root, "budget", "missing; give budget.dollars or budget.items")
            return nil
        }
        if case .null = node {
            // `budget:` with nothing after it: without this the file failed as "incomplete" at line 1.
            reader.report(node, "budget", "is empty; give budget.dollars or budget.items")
            return nil
        }
        guard let fields = reader.mapping(node, "budget", allowed: budgetKeys) else { return nil }
        if fields["dollars"] == nil, fields["items"] == nil, fields["deadline_days"] != nil {
            reader.report(node, "budget", "a deadline needs budget.dollars or budget.items too")
            return nil
        }
        switch (fields["dollars"], fields["items"]) {
        case (let dollars?, nil):
            return reader.positive(dollars, "budget.dollars").map { .dollars($0) }
        case (nil, let items?):
            return reader.integer(items, "budget.items", minimum: 1, maximum: Limits.items).map { .items($0) }
        case (.some, .some):
            reader.report(node, "budget", "give either dollars or items, not both")
            return nil
        case (nil, nil):
            reader.report(node, "budget", "give budget.dollars or budget.items")
            return nil
        }
    }

    // MARK: - Vendors

    private static func readVendors(
        _ node: ConfigNode?, root: ConfigNode, task: TaskSpec?, reader: ScenarioReader
    ) -> [VendorSpec]? {
        guard let node else {
            reader.report(root, "vendors", "missing; list at least one vendor")
            return nil
        }
        guard let items = reader.sequence(node, "vendors") else { return nil }
        if items.isEmpty {
            reader.report(node, "vendors", "list at least one vendor")
            return nil
        }
        var vendors: [VendorSpec] = []
        var names: Set<String> = []
        var complete = true
        for (index, item) in items.enumerated() {
            // From the entry's own text, so that a repeated name is reported beside the entries'
            // other problems too; by position, as both entries carry the name.
            if let name = item.mapping(key: "name")?.scalarText, !names.insert(name).inserted {
                reader.report(item, "vendors[\(index)].name", "two vendors are named '\(name)'")
            }
            guard let vendor = readVendor(item, index: index, task: task, reader: reader) else {
                complete = false
                continue
            }
            vendors.append(vendor)
        }
        return complete ? vendors : nil
    }

    private static func readVendor(_ node: ConfigNode, index: Int, task: TaskSpec?, reader: ScenarioReader) -> VendorSpec? {
        guard let fields = reader.mapping(node, "vendors[\(index)]", allowed: vendorKeys) else {
            return nil
        }
        let name = reader.string(fields["name"], "vendors[\(index)].name")
        if fields["name"] == nil {
            reader.report(node, "vendors[\(index)].name", "missing; every vendor needs a name")
        }
        let path = vendorPath(name, index)
        let workforce = readWorkforce(fields["workforce"], vendorNode: node, path: path, task: task, reader: reader)
        let pricingInfo = readPricing(fields["pricing"], vendorNode: node, path: path, reader: reader)
        let quality = readQuality(fields["quality"], path: path, reader: reader)

        var labelsPerHour: Double?
        if let speedNode = fields["speed"] {
            let speed = reader.mapping(speedNode, "\(path).speed", allowed: ["labels_per_hour"]) ?? [:]
            labelsPerHour = reader.positive(speed["labels_per_hour"], "\(path).speed.labels_per_hour")
            if speed["labels_per_hour"] == nil {
                reader.report(speedNode, "\(path).speed.labels_per_hour", "missing")
            }
        }
        guard let name, let workforce, let pricingInfo, let quality else { return nil }
        if workforce.workers < quality.redundancy.maximum {
            reader.report(
                fields["quality"], "\(path).quality.redundancy",
                "asks for \(quality.redundancy.maximum) distinct workers per item but \(path).workforce.workers is \(workforce.workers)"
            )
        }
        let seconds = workforce.secondsPerLabel?.mean ?? pricingInfo.secondsPerLabel
        let perHour = labelsPerHour ?? Double(workforce.workers) * 3600 / seconds
        let calendar = readCalendar(
            fields["calendar"], path: path, workforce: workforce, seconds: seconds, labelsPerHour: labelsPerHour, reader: reader)
        return VendorSpec(
            name: name, pricing: pricingInfo.pricing, labelsPerHour: perHour, workforce: workforce, quality: quality,
            secondsPerLabel: seconds, calendar: calendar)
    }

    private static func readPricing(
        _ node: ConfigNode?, vendorNode: ConfigNode, path: String, reader: ScenarioReader
    ) -> (pricing: Pricing, secondsPerLabel: Double)? {
        guard let node else {
            reader.report(
                vendorNode, "\(path).pricing", "missing; give pricing.per_label or pricing.per_hour with pricing.seconds_per_label")
            return nil
        }
        guard let fields = reader.mapping(node, "\(path).pricing", allowed: pricingKeys) else { return nil }
        let seconds = fields["seconds_per_label"].flatMap { reader.positive($0, "\(path).pricing.seconds_per_label") }
        switch (fields["per_label"], fields["per_hour"]) {
        case (let perLabel?, nil):
            guard let dollars = reader.positive(perLabel, "\(path).pricing.per_label") else { return nil }
            return (.perLabel(dollars: dollars), seconds ?? 30)
        case (nil, let perHour?):
            guard let dollars = reader.positive(perHour, "\(path).pricing.per_hour") else { return nil }
            guard let seconds else {
                if fields["seconds_per_label"] == nil {
                    reader.report(node, "\(path).pricing.seconds_per_label", "missing; hourly pricing needs the seconds one label takes")
                }
                return nil
            }
            return (.perHour(dollars: dollars, secondsPerLabel: seconds), seconds)
        case (.some, .some):
            reader.report(node, "\(path).pricing", "give either per_label or per_hour, not both")
            return nil
        case (nil, nil):
            reader.report(node, "\(path).pricing", "give per_label, or per_hour with seconds_per_label")
            return nil
        }
    }

    private static func readWorkforce(
        _ node: ConfigNode?, vendorNode: ConfigNode, path: String, task: TaskSpec?, reader: ScenarioReader
    ) -> WorkforceSpec? {
        guard let node else {
            reader.report(vendorNode, "\(path).workforce", "missing; give at least workforce.workers")
            return nil
        }
        let base = "\(path).workforce"
        guard let fields = reader.mapping(node, base, allowed: workforceKeys) else { return nil }
        if fields["workers"] == nil {
            reader.report(node, "\(base).workers", "missing; how many workers does the vendor have?")
        }
        let workers = reader.integer(fields["workers"], "\(base).workers", minimum: 1, maximum: Limits.workers)
        let domains = task?.domains.map(\.name)

        var types: [WorkerTypeSpec]? = [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.8))]
        if let typesNode = fields["types"] {
            types = readTypes(typesNode, path: "\(base).types", classes: task?.classes, domains: domains, reader: reader)
        }
        var skill: [String: Double] = [:]
        if let skillNode = fields["domain_skill"], let named = reader.namedValues(skillNode, "\(base).domain_skill") {
            for (domain, value) in named {
                let keyPath = "\(base).domain_skill.\(domain)"
                guard checkDomain(domain, value, keyPath, domains: domains, reader: reader),
                    let multiplier = reader.double(value, keyPath)
                else { continue }
                if multiplier < 0 {
                    reader.report(value, keyPath, "must be at least 0, got \(multiplier)")
                    continue
                }
                skill[domain] = multiplier
            }
        }
        let confusion = readConfusion(fields["confusion"], "\(base).confusion", reader: reader)
        let workload = readWorkload(fields["workload"], "\(base).workload", reader: reader)
        var speed: SpeedSpec?
        if let speedNode = fields["seconds_per_label"] {
            if case .scalar = speedNode {
                speed = reader.positive(speedNode, "\(base).seconds_per_label").map { .fixed($0) }
            } else if let pair = readPair(speedNode, "\(base).seconds_per_label", key: "lognormal", reader: reader) {
                speed = .lognormal(pair.0, pair.1)
            }
        }
        var hours = 8.0
        if let hoursNode = fields["hours_per_day"], let value = reader.positive(hoursNode, "\(base).hours_per_day") {
            if value > 24 {
                reader.report(hoursNode, "\(base).hours_per_day", "a day has 24 hours, got \(value)")
            }
            hours = value
        }
        guard let workers, let types, let confusion, let workload else { return nil }
        if fields["seconds_per_label"] != nil, speed == nil { return nil }
        return WorkforceSpec(
            workers: workers, types: types, domainSkill: skill, confusion: confusion, workload: workload,
            secondsPerLabel: speed, hoursPerDay: hours)
    }

    /// Reports `domain` at `keyPath` when it is not one of `domains` (nil: any domain is accepted).
    static func checkDomain(
        _ domain: String, _ node: ConfigNode, _ keyPath: String, domains: [String]?, reader: ScenarioReader
    ) -> Bool {
        guard let domains, !domains.contains(domain) else { return true }
        var message = "'\(domain)' is not a domain of task.domains (\(domains.joined(separator: ", ")))"
        if let suggestion = Spelling.closest(to: domain, among: domains) {
            message += "; did you mean '\(suggestion)'?"
        }
        reader.report(node, keyPath, message)
        return false
    }

    /// `{key: [a, b]}` with a finite `a` and a positive `b` (a lognormal's mu and sigma).
    private static func readPair(_ node: ConfigNode, _ path: String, key: String, reader: ScenarioReader) -> (Double, Double)? {
        guard let fields = reader.mapping(node, path, allowed: [key]), let pairNode = fields[key] else {
            if reader.mapping(node, path, allowed: [key], quiet: true)?[key] == nil, case .mapping = node {
                reader.report(node, path, "expected {\(key): [a, b]}")
            }
            return nil
        }
        guard let values = reader.sequence(pairNode, "\(path).\(key)") else { return nil }
        guard values.count == 2, let a = reader.double(values[0], "\(path).\(key)"),
            let b = reader.double(values[1], "\(path).\(key)")
        else {
            if values.count != 2 { reader.report(pairNode, "\(path).\(key)", "expected two numbers [mu, sigma]") }
            return nil
        }
        guard b > 0 else {
            reader.report(pairNode, "\(path).\(key)", "sigma must be positive, got \(b)")
            return nil
        }
        guard abs(a) <= Limits.logScale, b <= Limits.logScale / 5 else {
            reader.report(
                pairNode, "\(path).\(key)",
                "mu must lie in [-\(Int(Limits.logScale)), \(Int(Limits.logScale))] and sigma at most \(Int(Limits.logScale / 5)) (on the log scale), got [\(a), \(b)]"
            )
            return nil
        }
        return (a, b)
    }

    private static func readConfusion(_ node: ConfigNode?, _ path: String, reader: ScenarioReader) -> ConfusionSpec? {
        guard let node else { return .uniform }
        if case .scalar(let text, _, _) = node {
            switch text {
            case "uniform": return .uniform
            case "ordinal": return .ordinal
            default:
                reader.report(node, path, "expected uniform, ordinal or {dirichlet: alpha}, got '\(text)'")
                return nil
            }
        }
        guard let fields = reader.mapping(node, path, allowed: ["dirichlet"]) else { return nil }
        guard let alphaNode = fields["dirichlet"] else {
            reader.report(node, path, "expected uniform, ordinal or {dirichlet: alpha}")
            return nil
        }
        return reader.positive(alphaNode, "\(path).dirichlet").map { .dirichlet($0) }
    }

    private static func readWorkload(_ node: ConfigNode?, _ path: String, reader: ScenarioReader) -> WorkloadSpec? {
        guard let node else { return .uniform }
        if case .scalar(let text, _, _) = node {
            if text == "uniform" { return .uniform }
            reader.report(node, path, "expected uniform, {zipf: s} or {lognormal: [mu, sigma]}, got '\(text)'")
            return nil
        }
        guard let fields = reader.mapping(node, path, allowed: ["zipf", "lognormal"]) else { return nil }
        if let zipf = fields["zipf"] {
            return reader.positive(zipf, "\(path).zipf").map { .zipf($0) }
        }
        if fields["lognormal"] != nil {
            return readPair(node, path, key: "lognormal", reader: reader).map { .lognormal($0.0, $0.1) }
        }
        reader.report(node, path, "expected uniform, {zipf: s} or {lognormal: [mu, sigma]}")
        return nil
    }

    private static func readTypes(
        _ node: ConfigNode, path: String, classes: Int?, domains: [String]?, reader: ScenarioReader
    ) -> [WorkerTypeSpec]? {
        guard let items = reader.sequence(node, path) else { return nil }
        if items.isEmpty {
            reader.report(node, path, "list at least one worker type")
            return nil
        }
        var types: [WorkerTypeSpec] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = reader.mapping(item, itemPath, allowed: typeKeys) else { continue }
            if fields["share"] == nil {
                reader.report(item, "\(itemPath).share", "missing; what share of the workers are of this type?")
            }
            let share = reader.probability(fields["share"], "\(itemPath).share")
            var kind = WorkerKind.diligent
            if let kindNode = fields["kind"], let text = reader.string(kindNode, "\(itemPath).kind") {
                if let parsed = WorkerKind(rawValue: text) {
                    kind = parsed
                } else {
                    reader.report(kindNode, "\(itemPath).kind", unknownChoice("kind", text, WorkerKind.allCases.map(\.rawValue)))
                }
            }
            var answers = SpamStrategy.random
            if let answersNode = fields["answers"], case .scalar = answersNode, let text = reader.string(answersNode, "\(itemPath).answers")
            {
                if let parsed = SpamStrategy(rawValue: text) {
                    answers = parsed
                } else {
                    reader.report(answersNode, "\(itemPath).answers", unknownChoice("answers", text, SpamStrategy.allCases.map(\.rawValue)))
                }
            }
            let fallback: ValueSpec = kind == .sloppy ? .fixed(0.6) : .fixed(0.8)
            var accuracy: ValueSpec? = fallback
            var perDomain: [String: ValueSpec] = [:]
            if let accuracyNode = fields["accuracy"] {
                // A mapping whose keys are not `beta` gives an accuracy per domain.
                if case .mapping(let entries, _) = accuracyNode, entries.contains(where: { $0.key == "by_class" }) {
                    // read by readTypeRealism
                } else if case .mapping(let entries, _) = accuracyNode, !entries.contains(where: { $0.key == "beta" }) {
                    for entry in entries {
                        let keyPath = "\(itemPath).accuracy.\(entry.key)"
                        guard checkDomain(entry.key, entry.value, keyPath, domains: domains, reader: reader),
                            let spec = reader.valueSpec(entry.value, keyPath)
                        else { continue }
                        perDomain[entry.key] = spec
                    }
                    if let domains, let missing = domains.first(where: { perDomain[$0] == nil }), perDomain.count == entries.count {
                        reader.report(accuracyNode, "\(itemPath).accuracy", "gives no accuracy for domain '\(missing)'")
                    }
                } else {
                    accuracy = reader.valueSpec(accuracyNode, "\(itemPath).accuracy")
                }
            }
            if let share, let accuracy {
                var type = WorkerTypeSpec(share: share, kind: kind, accuracy: accuracy, domainAccuracy: perDomain, answers: answers)
                if readTypeRealism(fields, path: itemPath, kind: kind, classes: classes, domains: domains, into: &type, reader: reader) {
                    types.append(type)
                }
            }
        }
        guard types.count == items.count else { return nil }
        reader.checkSum(types.map(\.share), node, path, what: "worker type shares")
        return types
    }

    static func unknownChoice(_ what: String, _ text: String, _ names: [String]) -> String {
        if let suggestion = Spelling.closest(to: text, among: names) {
            return "unknown \(what) '\(text)'; did you mean '\(suggestion)'?"
        }
        return "unknown \(what) '\(text)'; expected one of: \(names.joined(separator: ", "))"
    }

    private static func readQuality(_ node: ConfigNode?, path: String, reader: ScenarioReader) -> QualitySpec? {
        let base = "\(path).quality"
        let fields = reader.mapping(node, base, allowed: qualityKeys) ?? [:]
        var redundancy: RedundancySpec? = .fixed(1)
        if let redundancyNode = fields["redundancy"] {
            redundancy = readRedundancy(redundancyNode, "\(base).redundancy", reader: reader)
        }
        var aggregation: AggregationMethod? = .majority
        if let methodNode = fields["aggregation"], let text = reader.string(methodNode, "\(base).aggregation") {
            aggregation = AggregationMethod(rawValue: text)
            // Preference methods are read (and checked against task.kind) by readPreference.
            if PreferenceAggregation.pairwiseOnly.contains(where: { $0.rawValue == text }) { aggregation = .majority }
            if aggregation == nil {
                reader.report(methodNode, "\(base).aggregation", unknownChoice("method", text, AggregationMethod.allCases.map(\.rawValue)))
            }
        }
        var gold = 0.0
        if let goldNode = fields["gold_fraction"], let value = reader.probability(goldNode, "\(base).gold_fraction") {
            if value >= 1 {
                reader.report(goldNode, "\(base).gold_fraction", "must be below 1 (with only gold questions no item would be labelled)")
            }
            gold = value
        }
        let banBelow = fields["ban_below"].flatMap { reader.probability($0, "\(base).ban_below") }
        let goldMin = fields["gold_min"] == nil ? 10 : reader.integer(fields["gold_min"], "\(base).gold_min", minimum: 1)
        if banBelow != nil, gold == 0, let node = fields["ban_below"] {
            reader.report(node, "\(base).ban_below", "banning needs gold questions: set quality.gold_fraction above 0")
        }
        var review: ReviewSpec?
        if let reviewNode = fields["review"],
            let reviewFields = reader.mapping(reviewNode, "\(base).review", allowed: ["vendor", "below_agreement"])
        {
            let vendor = reader.string(reviewFields["vendor"], "\(base).review.vendor")
            let threshold = reader.probability(reviewFields["below_agreement"], "\(base).review.below_agreement")
            if reviewFields["vendor"] == nil { reader.report(reviewNode, "\(base).review.vendor", "missing; which vendor reviews?") }
            if reviewFields["below_agreement"] == nil {
                reader.report(reviewNode, "\(base).review.below_agreement", "missing; review items whose agreement is below what?")
            }
            if let vendor, let threshold { review = ReviewSpec(vendor: vendor, belowAgreement: threshold) }
        }
        var overhead = 0.0
        if let overheadNode = fields["overhead"], let value = reader.double(overheadNode, "\(base).overhead") {
            if value < 0 { reader.report(overheadNode, "\(base).overhead", "must be at least 0, got \(value)") }
            overhead = value
        }
        guard let redundancy, let aggregation, let goldMin else { return nil }
        return QualitySpec(
            redundancy: redundancy, aggregation: aggregation, goldFraction: gold, banBelow: banBelow, goldMin: goldMin,
            review: review, overhead: overhead)
    }

    private static func readRedundancy(_ node: ConfigNode, _ path: String, reader: ScenarioReader) -> RedundancySpec? {
        if case .scalar = node {
            return reader.integer(node, path, minimum: 1, maximum: Limits.redundancy).map { .fixed($0) }
        }
        guard let fields = reader.mapping(node, path, allowed: ["min", "max", "agreement"]) else { return nil }
        for key in ["min", "max", "agreement"] where fields[key] == nil {
            reader.report(node, "\(path).\(key)", "missing; adaptive redundancy needs min, max and agreement")
        }
        guard let low = reader.integer(fields["min"], "\(path).min", minimum: 1),
            let high = reader.integer(fields["max"], "\(path).max", minimum: 1, maximum: Limits.redundancy),
            let agreement = reader.probability(fields["agreement"], "\(path).agreement")
        else { return nil }
        if high < low {
            reader.report(node, path, "max (\(high)) is below min (\(low))")
            return nil
        }
        return .adaptive(min: low, max: high, agreement: agreement)
    }
}
