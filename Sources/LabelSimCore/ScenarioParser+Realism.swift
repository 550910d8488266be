/// Keys of the realism model: human difficulty blended with the features, misleading items,
/// class-conditional workers, biased spammers, seeing through and per-type workload.
extension ScenarioParser {
    static let fromFeaturesKeys = ["from_features", "weight", "beta"]
    // The schema declares task.misleading as one of two forms (this one, or preference's domain → share).
    static let misleadingKeys = ["share", "confusable", "concentration", "by_domain", "ambiguous"]

    /// `{from_features: s, weight: w, beta: [a, b]}`: the scale, the weight of the feature part and
    /// d₀'s distribution (0 when no `beta`).
    static func readFromFeatures(_ node: ConfigNode, reader: ScenarioReader) -> (scale: Double, weight: Double, base: ValueSpec)? {
        let path = "task.difficulty"
        if case .scalar = node { return (1, 1, .fixed(0)) }
        guard let fields = reader.mapping(node, path, allowed: fromFeaturesKeys) else { return nil }
        let scale: Double? =
            fields["from_features"].map(isNull) ?? true ? 1 : reader.positive(fields["from_features"], "\(path).from_features")
        var weight: Double? = 1
        if let weightNode = fields["weight"] { weight = reader.probability(weightNode, "\(path).weight") }
        var base: ValueSpec? = .fixed(0)
        if let betaNode = fields["beta"] {
            let betaOnly = ConfigNode.mapping(
                [ConfigNode.Entry(key: "beta", keyOrigin: betaNode.origin, value: betaNode)], origin: node.origin)
            base = reader.valueSpec(betaOnly, path)
        }
        guard let scale, let weight, let base else { return nil }
        return (scale, weight, base)
    }

    /// `task.misleading`: `{share: π | [π per class], confusable: uniform | ordinal | [[row]…],
    /// concentration: ρ, by_domain: {DOMAIN: π | [π per class]},
    /// ambiguous: {values: [t…], share: [α per value] | [[α per value] per class]}}`.
    static func readMisleading(_ node: ConfigNode?, task: TaskSpec, reader: ScenarioReader) -> MisleadingSpec? {
        let k = task.classes
        var spec = MisleadingSpec.none(classes: k, domains: task.domains.count)
        guard let node else { return spec }
        let path = "task.misleading"
        let domainNames = task.domains.map(\.name)
        guard let fields = reader.mapping(node, path, allowed: misleadingKeys) else { return nil }
        var ok = true
        var base = [Double](repeating: 0, count: k)
        if let shareNode = fields["share"] {
            if let shares = readClassShares(shareNode, "\(path).share", classes: k, reader: reader) { base = shares } else { ok = false }
        }
        for domain in task.domains.indices { spec.shares[domain] = base }
        if let byDomain = fields["by_domain"], let named = reader.namedValues(byDomain, "\(path).by_domain") {
            for (name, shareNode) in named {
                let keyPath = "\(path).by_domain.\(name)"
                guard let index = domainNames.firstIndex(of: name) else {
                    var message = "'\(name)' is not a domain of task.domains (\(domainNames.joined(separator: ", ")))"
                    if let suggestion = Spelling.closest(to: name, among: domainNames) { message += "; did you mean '\(suggestion)'?" }
                    reader.report(shareNode, keyPath, message)
                    ok = false
                    continue
                }
                if let shares = readClassShares(shareNode, keyPath, classes: k, reader: reader) {
                    spec.shares[index] = shares
                } else {
                    ok = false
                }
            }
        }
        if let confusableNode = fields["confusable"] {
            if let rows = readConfusable(confusableNode, "\(path).confusable", classes: k, reader: reader) {
                spec.confusable = rows
            } else {
                ok = false
            }
        }
        if let rhoNode = fields["concentration"] {
            if let rho = reader.probability(rhoNode, "\(path).concentration") { spec.concentration = rho } else { ok = false }
        }
        if let ambiguousNode = fields["ambiguous"] {
            if let (levels, shares) = readAmbiguous(ambiguousNode, "\(path).ambiguous", classes: k, reader: reader) {
                spec.ambiguityLevels = levels
                spec.ambiguousShares = shares
                // Misleading and ambiguous are exclusive states of an item: their shares add up.
                for y in 0..<k {
                    let domain = spec.shares.indices.max { spec.shares[$0][y] < spec.shares[$1][y] } ?? 0
                    let pi = spec.shares.isEmpty ? 0 : spec.shares[domain][y]
                    if pi + shares[y].reduce(0, +) > 1 + 1e-6 {
                        reader.report(
                            ambiguousNode, "\(path).ambiguous.share",
                            "class \(y): misleading share \(pi) plus ambiguous shares \(shares[y].reduce(0, +)) exceed 1 (domain \(domainNames.isEmpty ? "-" : domainNames[domain]))"
                        )
                        ok = false
                    }
                }
            } else {
                ok = false
            }
        }
        return ok ? spec : nil
    }

    /// `{values: [t…], share: [α per value] | [[α per value] per class]}`: levels in (0, 1) and the
    /// probability of each level per true class (one row for every class, or K rows).
    private static func readAmbiguous(_ node: ConfigNode, _ path: String, classes: Int, reader: ScenarioReader) -> ([Double], [[Double]])? {
        guard let fields = reader.mapping(node, path, allowed: ["values", "share"]) else { return nil }
        guard let valuesNode = fields["values"], let shareNode = fields["share"] else {
            reader.report(node, path, "needs both values (the levels t) and share (their probabilities)")
            return nil
        }
        guard let valueItems = reader.sequence(valuesNode, "\(path).values") else { return nil }
        let levels = valueItems.compactMap { reader.probability($0, "\(path).values") }
        guard levels.count == valueItems.count, !levels.isEmpty else { return nil }
        if levels.contains(where: { $0 <= 0 || $0 >= 1 }) {
            reader.report(valuesNode, "\(path).values", "levels must lie strictly between 0 and 1 (1 is a misleading item: use share)")
            return nil
        }
        guard let rowItems = reader.sequence(shareNode, "\(path).share") else { return nil }
        func row(_ items: [ConfigNode], _ rowPath: String, _ rowNode: ConfigNode) -> [Double]? {
            let values = items.compactMap { reader.probability($0, rowPath) }
            guard values.count == items.count else { return nil }
            guard values.count == levels.count else {
                reader.report(rowNode, rowPath, "has \(values.count) entries but values has \(levels.count)")
                return nil
            }
            return values
        }
        if rowItems.allSatisfy({ if case .scalar = $0 { true } else { false } }) {
            guard let single = row(rowItems, "\(path).share", shareNode) else { return nil }
            return (levels, [[Double]](repeating: single, count: classes))
        }
        guard rowItems.count == classes else {
            reader.report(shareNode, "\(path).share", "has \(rowItems.count) rows but task.classes is \(classes)")
            return nil
        }
        var rows: [[Double]] = []
        for (y, rowNode) in rowItems.enumerated() {
            guard let items = reader.sequence(rowNode, "\(path).share[\(y)]"), let values = row(items, "\(path).share[\(y)]", rowNode)
            else { return nil }
            rows.append(values)
        }
        return (levels, rows)
    }

    private static func readClassShares(_ node: ConfigNode, _ path: String, classes: Int, reader: ScenarioReader) -> [Double]? {
        if case .scalar = node {
            return reader.probability(node, path).map { [Double](repeating: $0, count: classes) }
        }
        guard let items = reader.sequence(node, path) else { return nil }
        let values = items.compactMap { reader.probability($0, path) }
        guard values.count == items.count else { return nil }
        guard values.count == classes else {
            reader.report(node, path, "has \(values.count) entries but task.classes is \(classes)")
            return nil
        }
        return values
    }

    private static func readConfusable(_ node: ConfigNode, _ path: String, classes: Int, reader: ScenarioReader) -> [[Double]]? {
        if case .scalar(let text, _, _) = node {
            switch text {
            case "uniform": return ConfusableClasses.uniform(classes: classes)
            case "ordinal": return ConfusableClasses.ordinal(classes: classes)
            default:
                reader.report(node, path, "expected uniform, ordinal or a list of \(classes) rows of \(classes) weights, got '\(text)'")
                return nil
            }
        }
        guard let rows = reader.sequence(node, path) else { return nil }
        guard rows.count == classes else {
            reader.report(node, path, "has \(rows.count) rows but task.classes is \(classes)")
            return nil
        }
        var matrix: [[Double]] = []
        for (y, rowNode) in rows.enumerated() {
            let rowPath = "\(path)[\(y)]"
            guard let cells = reader.sequence(rowNode, rowPath) else { return nil }
            let values = cells.compactMap { reader.probability($0, rowPath) }
            guard values.count == cells.count else { return nil }
            guard values.count == classes else {
                reader.report(rowNode, rowPath, "has \(values.count) entries but task.classes is \(classes)")
                return nil
            }
            if values[y] != 0 {
                reader.report(rowNode, rowPath, "entry \(y) must be 0: an item is not confusable with its own class")
                return nil
            }
            reader.checkSum(values, rowNode, rowPath, what: "confusable-class probabilities")
            matrix.append(values)
        }
        return matrix
    }

    /// The realism keys of one worker type: `accuracy: {by_class: […]}`, `answers: {weights: […]}`,
    /// `sees_through` and `workload`, written into `type`.
    static func readTypeRealism(
        _ fields: ScenarioReader.Fields, path: String, kind: WorkerKind, classes: Int?, domains: [String]?, into type: inout WorkerTypeSpec,
        reader: ScenarioReader
    ) -> Bool {
        var ok = true
        reader.recordLookup("\(path).accuracy", "by_class")
        if case .mapping(let entries, _)? = fields["accuracy"], entries.contains(where: { $0.key == "by_class" }) {
            let accuracyPath = "\(path).accuracy"
            if entries.count != 1 {
                reader.report(fields["accuracy"], accuracyPath, "by_class stands alone: give {by_class: [accuracy per class]}")
                ok = false
            } else if let items = reader.sequence(entries[0].value, "\(accuracyPath).by_class") {
                let specs = items.enumerated().compactMap { reader.valueSpec($0.element, "\(accuracyPath).by_class[\($0.offset)]") }
                if specs.count != items.count {
                    ok = false
                } else if let classes, specs.count != classes {
                    reader.report(entries[0].value, "\(accuracyPath).by_class", "has \(specs.count) entries but task.classes is \(classes)")
                    ok = false
                } else {
                    type.classAccuracy = specs
                    type.accuracy = .fixed(specs.map(\.mean).reduce(0, +) / Double(max(1, specs.count)))
                }
            } else {
                ok = false
            }
        }
        if case .mapping? = fields["answers"], let answersNode = fields["answers"] {
            let answersPath = "\(path).answers"
            if kind != .spammer {
                reader.report(answersNode, answersPath, "answer weights are for spammers (kind: spammer)")
                ok = false
            } else if let inner = reader.mapping(answersNode, answersPath, allowed: ["weights"]), let weightNode = inner["weights"],
                let items = reader.sequence(weightNode, "\(answersPath).weights")
            {
                let weights = items.compactMap { reader.probability($0, "\(answersPath).weights") }
                if weights.count != items.count {
                    ok = false
                } else if let classes, weights.count != classes {
                    reader.report(weightNode, "\(answersPath).weights", "has \(weights.count) entries but task.classes is \(classes)")
                    ok = false
                } else {
                    reader.checkSum(weights, weightNode, "\(answersPath).weights", what: "answer weights")
                    type.answerWeights = weights
                }
            } else {
                reader.report(answersNode, answersPath, "expected random, constant or {weights: [p per class]}")
                ok = false
            }
        }
        if let seeNode = fields["sees_through"] {
            let seePath = "\(path).sees_through"
            // A number, a distribution drawn per worker ({beta} or {values, weights}), or domain → either.
            if case .scalar = seeNode {
                if let value = reader.probability(seeNode, seePath) { type.seesThroughElsewhere = value } else { ok = false }
            } else if isDistribution(seeNode) {
                if let spec = reader.valueSpec(seeNode, seePath, discreteAllowed: true) {
                    type.seesThroughElsewhere = spec.mean
                    type.seesThroughSpreadElsewhere = spec
                } else {
                    ok = false
                }
            } else if let named = reader.namedValues(seeNode, seePath) {
                for (domain, value) in named {
                    let keyPath = "\(seePath).\(domain)"
                    guard checkDomain(domain, value, keyPath, domains: domains, reader: reader),
                        let spec = reader.valueSpec(value, keyPath, discreteAllowed: true)
                    else {
                        ok = false
                        continue
                    }
                    type.seesThrough[domain] = spec.mean
                    if case .fixed = spec {} else { type.seesThroughSpread[domain] = spec }
                }
            } else {
                ok = false
            }
        }
        if let workloadNode = fields["workload"] {
            if let weight = reader.positive(workloadNode, "\(path).workload") { type.workloadWeight = weight } else { ok = false }
        }
        return ok
    }

    /// Whether `node` is a distribution (`{beta: …}` or `{values: …, weights: …}`) rather than a map of domains.
    static func isDistribution(_ node: ConfigNode) -> Bool {
        guard case .mapping(let entries, _) = node else { return false }
        return entries.contains { ["beta", "values", "weights"].contains($0.key) }
    }
}
