extension ScenarioParser {
    static let perceptronKeys = ScenarioSchema.keys(at: "model.mlp")
    static let curveKeys = ScenarioSchema.keys(at: "model.curve")

    /// `model.mlp`: the perceptron's settings, defaults for missing keys; nil after a problem.
    static func readPerceptron(_ node: ConfigNode?, reader: ScenarioReader) -> PerceptronSpec? {
        var spec = PerceptronSpec()
        guard let node else { return spec }
        guard let fields = reader.mapping(node, "model.mlp", allowed: perceptronKeys) else { return nil }
        let before = reader.problems.count
        if let hiddenNode = fields["hidden"] {
            if case .scalar = hiddenNode, let width = reader.integer(hiddenNode, "model.mlp.hidden", minimum: 1, maximum: 4096) {
                spec.hidden = [width]
            } else if let items = reader.sequence(hiddenNode, "model.mlp.hidden") {
                let widths = items.compactMap { reader.integer($0, "model.mlp.hidden", minimum: 1, maximum: 4096) }
                if items.isEmpty || items.count > 3 {
                    reader.report(hiddenNode, "model.mlp.hidden", "expected one to three layer widths, got \(items.count)")
                }
                spec.hidden = widths
            }
        }
        if let value = fields["alpha"].flatMap({ reader.double($0, "model.mlp.alpha") }) {
            if value < 0 { reader.report(fields["alpha"], "model.mlp.alpha", "must be at least 0, got \(value)") }
            spec.alpha = value
        }
        if let value = fields["learning_rate"].flatMap({ reader.positive($0, "model.mlp.learning_rate") }) { spec.learningRate = value }
        if let value = fields["batch_size"].flatMap({ reader.integer($0, "model.mlp.batch_size", minimum: 1, maximum: 1_000_000) }) {
            spec.batchSize = value
        }
        if let value = fields["epochs"].flatMap({ reader.integer($0, "model.mlp.epochs", minimum: 1, maximum: 100_000) }) {
            spec.epochs = value
        }
        if let value = fields["patience"].flatMap({ reader.integer($0, "model.mlp.patience", minimum: 1, maximum: 100_000) }) {
            spec.patience = value
        }
        if let value = fields["validation"].flatMap({ reader.double($0, "model.mlp.validation") }) {
            if !(0..<1).contains(value) { reader.report(fields["validation"], "model.mlp.validation", "must be in [0, 1), got \(value)") }
            spec.validation = value
        }
        return reader.problems.count == before ? spec : nil
    }

    /// `model.curve`: exactly one of `law: {a, b, c}` and `points: [[n, accuracy], …]`.
    static func readCurve(_ node: ConfigNode?, reader: ScenarioReader) -> CurveSpec? {
        guard let node, let fields = reader.mapping(node, "model.curve", allowed: curveKeys) else { return nil }
        guard (fields["law"] == nil) != (fields["points"] == nil) else {
            reader.report(node, "model.curve", "give exactly one of law: {a, b, c} and points: [[n, accuracy], …]")
            return nil
        }
        let before = reader.problems.count
        if let lawNode = fields["law"] {
            guard let law = reader.mapping(lawNode, "model.curve.law", allowed: ["a", "b", "c"]) else { return nil }
            guard let a = reader.probability(law["a"], "model.curve.law.a"),
                let b = reader.double(law["b"], "model.curve.law.b"),
                let c = reader.positive(law["c"], "model.curve.law.c")
            else {
                if law["a"] == nil || law["b"] == nil || law["c"] == nil {
                    reader.report(lawNode, "model.curve.law", "needs a, b and c (acc(n) = a − b·n^(−c))")
                }
                return nil
            }
            if b < 0 { reader.report(law["b"], "model.curve.law.b", "must be at least 0, got \(b)") }
            return reader.problems.count == before ? .law(a: a, b: b, c: c) : nil
        }
        guard let items = reader.sequence(fields["points"], "model.curve.points") else { return nil }
        var points: [(items: Double, accuracy: Double)] = []
        for (index, item) in items.enumerated() {
            let path = "model.curve.points[\(index)]"
            guard let pair = reader.sequence(item, path), pair.count == 2 else {
                reader.report(item, path, "expected [items, accuracy]")
                continue
            }
            guard let n = reader.positive(pair[0], path), let accuracy = reader.probability(pair[1], path) else { continue }
            if let last = points.last, n <= last.items {
                reader.report(item, path, "item counts must increase, got \(n) after \(last.items)")
            }
            points.append((n, accuracy))
        }
        if items.isEmpty { reader.report(fields["points"], "model.curve.points", "needs at least one point") }
        return reader.problems.count == before ? .points(points) : nil
    }

    /// `evaluation`: the vendor must be one of the scenario's and the scenario must train a model
    /// on features; nil (with problems reported) otherwise.
    static func readEvaluation(_ node: ConfigNode?, vendors: [VendorSpec], data: DataSpec, reader: ScenarioReader) -> EvaluationSpec? {
        guard let node, let fields = reader.mapping(node, "evaluation", allowed: ScenarioSchema.keys(at: "evaluation")) else {
            return nil
        }
        guard let name = reader.string(fields["vendor"], "evaluation.vendor") else {
            if fields["vendor"] == nil { reader.report(node, "evaluation.vendor", "names the vendor that labels the evaluation set") }
            return nil
        }
        let items = fields["items"] == nil ? 2000 : reader.integer(fields["items"], "evaluation.items", minimum: 1, maximum: Limits.items)
        let redundancy =
            fields["redundancy"] == nil
            ? 1 : reader.integer(fields["redundancy"], "evaluation.redundancy", minimum: 1, maximum: Limits.redundancy)
        guard let vendor = vendors.first(where: { $0.name == name }) else {
            reader.report(
                fields["vendor"], "evaluation.vendor", "no vendor named '\(name)'; vendors: \(vendors.map(\.name).joined(separator: ", "))")
            return nil
        }
        if data.features == nil {
            reader.report(node, "evaluation", "an evaluation set scores trained models: add data.features")
            return nil
        }
        guard let items, let redundancy else { return nil }
        if redundancy > vendor.workforce.workers {
            reader.report(
                fields["redundancy"], "evaluation.redundancy", "is \(redundancy) but \(name) has only \(vendor.workforce.workers) workers")
            return nil
        }
        return EvaluationSpec(vendor: name, items: items, redundancy: redundancy)
    }
}
