/// Reading `task.kind: preference` and the rater keys of its vendors (README, "Preference data").
extension ScenarioParser {
    /// Task keys only a preference task reads.
    /// (`misleading` is read by both kinds, in their own forms.)
    static let preferenceTaskKeys = [
        "reward", "responses_per_prompt", "misleading_style_link", "strength_margin", "best_of_n", "evaluation_prompts",
    ]
    /// Worker-type keys only preference raters read.
    /// (`sees_through` is read by both kinds.)
    static let raterTypeKeys = ["rationality", "style_bias", "ties_below"]

    /// The task kind of `taskNode` (`task.kind`, classification when absent).
    static func readKind(_ taskNode: ConfigNode?, reader: ScenarioReader) -> TaskKind? {
        let fields = reader.mapping(taskNode, "task", allowed: taskKeys, quiet: true) ?? [:]
        guard let node = fields["kind"] else { return .classification }
        guard let text = reader.string(node, "task.kind") else { return nil }
        guard let kind = TaskKind(rawValue: text) else {
            reader.report(node, "task.kind", unknownChoice("task kind", text, TaskKind.allCases.map(\.rawValue)))
            return nil
        }
        return kind
    }

    /// The preference world and raters, or nil (after reporting) when something is wrong.
    static func readPreference(
        top: ScenarioReader.Fields, kind: TaskKind, task: TaskSpec, vendors: [VendorSpec], reader: ScenarioReader
    ) -> PreferenceSpec? {
        let taskFields = reader.mapping(top["task"], "task", allowed: taskKeys, quiet: true) ?? [:]
        guard kind == .preference else {
            for key in preferenceTaskKeys {
                if let node = taskFields[key] { reader.report(node, "task.\(key)", "applies to task.kind: preference only") }
            }
            forEachRaterKey(top["vendors"]) { node, path in reader.report(node, path, "applies to task.kind: preference only") }
            forEachAggregation(top["vendors"]) { node, path, text in
                if PreferenceAggregation.pairwiseOnly.contains(where: { $0.rawValue == text }) {
                    reader.report(node, path, "\(text) aggregates pairwise comparisons: set task.kind: preference")
                }
            }
            return nil
        }
        var spec = PreferenceSpec()
        var valid = true
        if task.classes != 2, let node = taskFields["classes"] {
            reader.report(node, "task.classes", "a preference task has two outcomes (A or B); drop task.classes")
        }
        if top["model"] != nil {
            reader.report(top["model"], "model", "a preference task trains a Bradley–Terry reward model; drop the model block")
        }
        if let node = taskFields["reward"] {
            let fields = reader.mapping(node, "task.reward", allowed: ["scale", "visible_share", "style_weight"]) ?? [:]
            if let scale = fields["scale"] {
                if let value = reader.positive(scale, "task.reward.scale") { spec.rewardScale = value } else { valid = false }
            }
            if let share = fields["visible_share"] {
                if let value = reader.probability(share, "task.reward.visible_share"), value > 0 {
                    spec.visibleShare = value
                } else {
                    reader.report(share, "task.reward.visible_share", "must lie in (0, 1]")
                    valid = false
                }
            }
            if let weight = fields["style_weight"] {
                if let value = reader.double(weight, "task.reward.style_weight") { spec.styleWeight = value } else { valid = false }
            }
        }
        if let node = taskFields["responses_per_prompt"] {
            if let value = reader.integer(node, "task.responses_per_prompt", minimum: 2, maximum: 64) {
                spec.responsesPerPrompt = value
            } else {
                valid = false
            }
        }
        if let node = taskFields["misleading"], let named = reader.namedValues(node, "task.misleading") {
            for (domain, value) in named {
                let path = "task.misleading.\(domain)"
                guard checkDomain(domain, value, path, domains: task.domains.map(\.name), reader: reader),
                    let share = reader.probability(value, path)
                else {
                    valid = false
                    continue
                }
                spec.misleading[domain] = share
            }
        }
        if let node = taskFields["misleading_style_link"] {
            if let value = reader.probability(node, "task.misleading_style_link") {
                spec.misleadingStyleLink = value
            } else {
                valid = false
            }
        }
        if let node = taskFields["strength_margin"], let items = reader.sequence(node, "task.strength_margin") {
            let values = items.compactMap { reader.double($0, "task.strength_margin") }
            if values.count == items.count, values.count == 4, values.allSatisfy({ $0 >= 0 && $0.isFinite }) {
                spec.strengthMargin = values
            } else {
                if values.count == items.count {
                    reader.report(node, "task.strength_margin", "list four margins of at least 0, significantly better first")
                }
                valid = false
            }
        }
        if let node = taskFields["best_of_n"], let items = reader.sequence(node, "task.best_of_n") {
            let values = items.compactMap { reader.integer($0, "task.best_of_n", minimum: 2, maximum: 1024) }
            if values.count == items.count, !values.isEmpty, Set(values).count == values.count {
                spec.bestOfN = values
            } else {
                if values.count == items.count { reader.report(node, "task.best_of_n", "list distinct sizes, at least one") }
                valid = false
            }
        }
        if let node = taskFields["evaluation_prompts"] {
            if let value = reader.integer(node, "task.evaluation_prompts", minimum: 1, maximum: 1_000_000) {
                spec.evaluationPrompts = value
            } else {
                valid = false
            }
        }
        guard let vendorNodes = reader.sequence(top["vendors"], "vendors"), vendorNodes.count == vendors.count else { return nil }
        for (index, vendorNode) in vendorNodes.enumerated() {
            let path = vendorPath(vendors[index].name, index)
            guard let rater = readRaters(vendorNode, path: path, task: task, reader: reader) else {
                valid = false
                continue
            }
            spec.vendors.append(rater)
        }
        return valid ? spec : nil
    }

    private static func readRaters(_ vendorNode: ConfigNode, path: String, task: TaskSpec, reader: ScenarioReader) -> PreferenceVendorSpec?
    {
        var aggregation = PreferenceAggregation.majority
        var valid = true
        if let node = vendorNode.mapping(key: "quality")?.mapping(key: "aggregation"), let text = node.scalarText {
            if let method = PreferenceAggregation(rawValue: text) {
                aggregation = method
            } else {
                reader.report(
                    node, "\(path).quality.aggregation",
                    unknownChoice("preference aggregation", text, PreferenceAggregation.allCases.map(\.rawValue)))
                valid = false
            }
        }
        if let quality = vendorNode.mapping(key: "quality") {
            for key in ["gold_fraction", "ban_below", "review"] {
                if let node = quality.mapping(key: key) {
                    reader.report(node, "\(path).quality.\(key)", "is not simulated for preference tasks yet")
                    valid = false
                }
            }
            if let node = quality.mapping(key: "redundancy"), case .mapping = node {
                reader.report(node, "\(path).quality.redundancy", "preference tasks take a fixed redundancy")
                valid = false
            }
        }
        let typeNodes: [ConfigNode]
        if case .sequence(let items, _)? = vendorNode.mapping(key: "workforce")?.mapping(key: "types") {
            typeNodes = items
        } else {
            typeNodes = []
        }
        var types: [RaterTypeSpec] = []
        for (index, node) in typeNodes.enumerated() {
            let base = "\(path).workforce.types[\(index)]"
            guard let fields = reader.mapping(node, base, allowed: typeKeys, quiet: true) else { continue }
            var type = RaterTypeSpec(share: fields["share"].flatMap { $0.scalarText }.flatMap(Double.init) ?? 0)
            if let kind = fields["kind"]?.scalarText {
                switch kind {
                case WorkerKind.spammer.rawValue: type.isSpammer = true
                case WorkerKind.adversarial.rawValue: type.isAdversarial = true
                default: break
                }
            }
            if let node = fields["accuracy"] {
                reader.report(node, "\(base).accuracy", "preference raters take rationality and style_bias, not accuracy")
                valid = false
            }
            if let node = fields["rationality"] {
                if let value = reader.double(node, "\(base).rationality"), value >= 0 {
                    type.rationality = value
                } else {
                    reader.report(node, "\(base).rationality", "must be a number at least 0")
                    valid = false
                }
            }
            if let node = fields["style_bias"] {
                if let value = reader.double(node, "\(base).style_bias") { type.styleBias = value } else { valid = false }
            }
            if let node = fields["ties_below"] {
                if let value = reader.double(node, "\(base).ties_below"), value >= 0 {
                    type.tiesBelow = value
                } else {
                    reader.report(node, "\(base).ties_below", "must be a number at least 0")
                    valid = false
                }
            }
            if let node = fields["sees_through"], let named = reader.namedValues(node, "\(base).sees_through") {
                for (domain, value) in named {
                    let keyPath = "\(base).sees_through.\(domain)"
                    guard checkDomain(domain, value, keyPath, domains: task.domains.map(\.name), reader: reader),
                        let probability = reader.probability(value, keyPath)
                    else {
                        valid = false
                        continue
                    }
                    type.seesThrough[domain] = probability
                }
            }
            types.append(type)
        }
        if types.isEmpty { types = [RaterTypeSpec(share: 1)] }
        return valid ? PreferenceVendorSpec(types: types, aggregation: aggregation) : nil
    }

    /// Calls `body` with every rater-only key of every worker type.
    private static func forEachRaterKey(_ vendors: ConfigNode?, _ body: (ConfigNode, String) -> Void) {
        guard case .sequence(let items, _)? = vendors else { return }
        for (index, vendor) in items.enumerated() {
            let path = vendorPath(vendor.mapping(key: "name")?.scalarText, index)
            guard case .sequence(let types, _)? = vendor.mapping(key: "workforce")?.mapping(key: "types") else { continue }
            for (typeIndex, type) in types.enumerated() {
                for key in raterTypeKeys {
                    if let node = type.mapping(key: key) { body(node, "\(path).workforce.types[\(typeIndex)].\(key)") }
                }
            }
        }
    }

    /// Calls `body` with every vendor's `quality.aggregation` text.
    private static func forEachAggregation(_ vendors: ConfigNode?, _ body: (ConfigNode, String, String) -> Void) {
        guard case .sequence(let items, _)? = vendors else { return }
        for (index, vendor) in items.enumerated() {
            let path = vendorPath(vendor.mapping(key: "name")?.scalarText, index)
            if let node = vendor.mapping(key: "quality")?.mapping(key: "aggregation"), let text = node.scalarText {
                body(node, "\(path).quality.aggregation", text)
            }
        }
    }
}
