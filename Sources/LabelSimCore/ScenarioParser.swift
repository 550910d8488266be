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
    static let topKeys = ["name", "seed", "replications", "task", "data", "budget", "vendors"]
    static let taskKeys = ["classes", "prior", "domains", "difficulty"]
    static let dataKeys = ["train_items", "test_items"]
    static let budgetKeys = ["dollars", "items"]
    static let vendorKeys = ["name", "pricing", "speed", "workforce", "quality"]
    static let pricingKeys = ["per_label", "per_hour", "seconds_per_label"]
    static let workforceKeys = ["workers", "types", "domain_skill"]
    static let typeKeys = ["share", "kind", "accuracy"]
    static let qualityKeys = ["redundancy", "aggregation"]

    /// Validates `root`; `file` names the source in messages and gives the default name.
    public static func scenario(from root: ConfigNode, file: String) throws(ScenarioProblems) -> Scenario {
        let reader = ScenarioReader(file: file)
        let scenario = read(root, reader: reader)
        if let scenario, reader.problems.isEmpty {
            return scenario
        }
        let problems =
            reader.problems.isEmpty
            ? [ScenarioProblem(file: file, origin: nil, keyPath: "", message: "the scenario is empty")]
            : reader.problems
        throw ScenarioProblems(problems)
    }

    private static func read(_ root: ConfigNode, reader: ScenarioReader) -> Scenario? {
        if case .null = root {
            reader.report(root, "", "the scenario is empty; it needs at least budget and vendors")
            return nil
        }
        guard let top = reader.mapping(root, "", allowed: topKeys) else { return nil }
        let name = reader.string(top["name"], "name") ?? defaultName(reader.file)
        let seed = reader.integer(top["seed"], "seed", minimum: 0).map { UInt64($0) } ?? 1
        let replications =
            top["replications"] == nil
            ? 100 : reader.integer(top["replications"], "replications", minimum: 1)
        let task = readTask(top["task"], reader: reader)
        let data = readData(top["data"], reader: reader)
        let budget = readBudget(top["budget"], root: root, reader: reader)
        let vendors = readVendors(top["vendors"], root: root, task: task, reader: reader)

        guard let replications, let task, let data, let budget, let vendors else { return nil }
        if case .items(let items) = budget, items > data.trainItems {
            reader.report(top["budget"], "budget.items", "asks for \(items) items but data.train_items is \(data.trainItems)")
        }
        for (index, vendor) in vendors.enumerated() {
            let path = vendorPath(vendor.name, index)
            if case .dollars(let dollars) = budget {
                let itemCost = Double(vendor.quality.redundancy) * vendor.pricing.dollarsPerLabel
                if dollars < itemCost {
                    reader.report(
                        top["budget"], "budget.dollars",
                        "$\(ScenarioReader.format(dollars)) buys no item from vendor '\(vendor.name)' (one item costs $\(ScenarioReader.format(itemCost)) at \(path).quality.redundancy \(vendor.quality.redundancy))"
                    )
                }
            }
        }
        return Scenario(
            name: name, seed: seed, replications: replications, task: task, data: data, budget: budget,
            vendors: vendors)
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
        guard let classes = fields["classes"] == nil ? 2 : reader.integer(fields["classes"], "task.classes", minimum: 2)
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
        let difficulty = fields["difficulty"] == nil ? .fixed(0) : reader.valueSpec(fields["difficulty"], "task.difficulty")
        guard let difficulty else { return nil }
        return TaskSpec(classes: classes, prior: prior, domains: domains, difficulty: difficulty)
    }

    private static func readData(_ node: ConfigNode?, reader: ScenarioReader) -> DataSpec? {
        let fields = reader.mapping(node, "data", allowed: dataKeys) ?? [:]
        let train = fields["train_items"] == nil ? 10_000 : reader.integer(fields["train_items"], "data.train_items", minimum: 1)
        let test = fields["test_items"] == nil ? 2_000 : reader.integer(fields["test_items"], "data.test_items", minimum: 1)
        guard let train, let test else { return nil }
        return DataSpec(trainItems: train, testItems: test)
    }

    private static func readBudget(_ node: ConfigNode?, root: ConfigNode, reader: ScenarioReader) -> Budget? {
        guard let node else {
            reader.report(root, "budget", "missing; give budget.dollars or budget.items")
            return nil
        }
        guard let fields = reader.mapping(node, "budget", allowed: budgetKeys) else { return nil }
        switch (fields["dollars"], fields["items"]) {
        case (let dollars?, nil):
            return reader.positive(dollars, "budget.dollars").map { .dollars($0) }
        case (nil, let items?):
            return reader.integer(items, "budget.items", minimum: 1).map { .items($0) }
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
            guard let vendor = readVendor(item, index: index, task: task, reader: reader) else {
                complete = false
                continue
            }
            if !names.insert(vendor.name).inserted {
                reader.report(item, "vendors.\(vendor.name).name", "two vendors are named '\(vendor.name)'")
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
        if workforce.workers < quality.redundancy {
            reader.report(
                fields["quality"], "\(path).quality.redundancy",
                "asks for \(quality.redundancy) distinct workers per item but \(path).workforce.workers is \(workforce.workers)"
            )
        }
        let perHour = labelsPerHour ?? Double(workforce.workers) * 3600 / pricingInfo.secondsPerLabel
        return VendorSpec(
            name: name, pricing: pricingInfo.pricing, labelsPerHour: perHour, workforce: workforce, quality: quality)
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
        guard let fields = reader.mapping(node, "\(path).workforce", allowed: workforceKeys) else { return nil }
        if fields["workers"] == nil {
            reader.report(node, "\(path).workforce.workers", "missing; how many workers does the vendor have?")
        }
        let workers = reader.integer(fields["workers"], "\(path).workforce.workers", minimum: 1)

        var types: [WorkerTypeSpec]? = [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.8))]
        if let typesNode = fields["types"] {
            types = readTypes(typesNode, path: "\(path).workforce.types", reader: reader)
        }
        var skill: [String: Double] = [:]
        if let skillNode = fields["domain_skill"], let named = reader.namedValues(skillNode, "\(path).workforce.domain_skill") {
            let known = task?.domains.map(\.name) ?? []
            for (domain, value) in named {
                let keyPath = "\(path).workforce.domain_skill.\(domain)"
                if task != nil, !known.contains(domain) {
                    var message = "'\(domain)' is not a domain of task.domains (\(known.joined(separator: ", ")))"
                    if let suggestion = Spelling.closest(to: domain, among: known) {
                        message += "; did you mean '\(suggestion)'?"
                    }
                    reader.report(value, keyPath, message)
                    continue
                }
                guard let multiplier = reader.double(value, keyPath) else { continue }
                if multiplier < 0 {
                    reader.report(value, keyPath, "must be at least 0, got \(multiplier)")
                    continue
                }
                skill[domain] = multiplier
            }
        }
        guard let workers, let types else { return nil }
        return WorkforceSpec(workers: workers, types: types, domainSkill: skill)
    }

    private static func readTypes(_ node: ConfigNode, path: String, reader: ScenarioReader) -> [WorkerTypeSpec]? {
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
                    let names = WorkerKind.allCases.map(\.rawValue)
                    var message = "unknown kind '\(text)'; expected one of: \(names.joined(separator: ", "))"
                    if let suggestion = Spelling.closest(to: text, among: names) {
                        message = "unknown kind '\(text)'; did you mean '\(suggestion)'?"
                    }
                    reader.report(kindNode, "\(itemPath).kind", message)
                }
            }
            let fallback: ValueSpec = kind == .sloppy ? .fixed(0.6) : .fixed(0.8)
            let accuracy = fields["accuracy"] == nil ? fallback : reader.valueSpec(fields["accuracy"], "\(itemPath).accuracy")
            if let share, let accuracy {
                types.append(WorkerTypeSpec(share: share, kind: kind, accuracy: accuracy))
            }
        }
        guard types.count == items.count else { return nil }
        reader.checkSum(types.map(\.share), node, path, what: "worker type shares")
        return types
    }

    private static func readQuality(_ node: ConfigNode?, path: String, reader: ScenarioReader) -> QualitySpec? {
        let fields = reader.mapping(node, "\(path).quality", allowed: qualityKeys) ?? [:]
        let redundancy = fields["redundancy"] == nil ? 1 : reader.integer(fields["redundancy"], "\(path).quality.redundancy", minimum: 1)
        var aggregation: AggregationMethod? = .majority
        if let methodNode = fields["aggregation"], let text = reader.string(methodNode, "\(path).quality.aggregation") {
            aggregation = AggregationMethod(rawValue: text)
            if aggregation == nil {
                let names = AggregationMethod.allCases.map(\.rawValue)
                reader.report(
                    methodNode, "\(path).quality.aggregation",
                    "unknown method '\(text)'; expected one of: \(names.joined(separator: ", "))")
            }
        }
        guard let redundancy, let aggregation else { return nil }
        return QualitySpec(redundancy: redundancy, aggregation: aggregation)
    }
}
