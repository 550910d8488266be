extension ScenarioParser {
    /// The axes of a scenario's `sweep:` block: `sweep: {vary: {KEY: [v1, v2, ...] or "start:stop:step"}}`.
    public static func sweepAxes(from root: ConfigNode, file: String) throws(ScenarioProblems) -> [SweepAxis] {
        try sweepAxes(from: root, reader: ScenarioReader(file: file))
    }

    static func sweepAxes(from root: ConfigNode, reader: ScenarioReader) throws(ScenarioProblems) -> [SweepAxis] {
        reader.recordLookup("", "sweep")
        guard let sweep = root.mapping(key: "sweep") else { return [] }
        var axes: [SweepAxis] = []
        if let fields = reader.mapping(sweep, "sweep", allowed: ScenarioSchema.keys(at: "sweep")), let vary = fields["vary"],
            let named = reader.namedValues(vary, "sweep.vary")
        {
            for (key, value) in named {
                let path = "sweep.vary.\(key)"
                switch value {
                case .sequence(let items, _):
                    let texts = items.compactMap { item -> String? in
                        if case .scalar(let text, _, _) = item { return text }
                        return ConfigNode.inline(item)
                    }
                    if texts.isEmpty { reader.report(value, path, "no values given") }
                    axes.append(SweepAxis(key: key, values: texts))
                case .scalar(let text, _, _):
                    do {
                        axes.append(SweepAxis(key: key, values: try SweepAxis.values(text, context: text)))
                    } catch {
                        reader.report(value, path, error.problems.first?.message ?? "invalid values")
                    }
                default:
                    reader.report(value, path, "expected a list of values or a range 'start:stop:step'")
                }
            }
        }
        if !reader.problems.isEmpty { throw ScenarioProblems(reader.problems) }
        return axes
    }
}
