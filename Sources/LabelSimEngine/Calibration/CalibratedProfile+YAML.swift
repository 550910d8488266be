import Foundation

extension CalibratedProfile {
    /// A number with up to eight decimals and no trailing zeros.
    static func text(_ value: Double) -> String {
        var string = String(format: "%.8f", value)
        while string.hasSuffix("0") { string.removeLast() }
        if string.hasSuffix(".") { string.removeLast() }
        return string == "-0" ? "0" : string
    }

    static func list(_ values: [Double]) -> String { "[" + values.map(text).joined(separator: ", ") + "]" }

    /// Rounds `values` to eight decimals so that they still sum to exactly one as written.
    static func shares(_ values: [Double]) -> [Double] {
        var rounded = values.map { ($0 * 1e8).rounded() / 1e8 }
        let error = 1 - rounded.reduce(0, +)
        if let largest = rounded.indices.max(by: { rounded[$0] < rounded[$1] }) { rounded[largest] += error }
        return rounded.map { ($0 * 1e8).rounded() / 1e8 }
    }

    /// The vendor-profile keys (pricing, workforce, quality) as YAML lines, indented by `indent`.
    func vendorLines(indent: String) -> [String] {
        let typeShares = Self.shares([diligentShare, spammerShare])
        var lines = [
            "pricing: {per_label: 0.10, seconds_per_label: 30}   # the file has no prices: set the vendor's own",
            "workforce:",
            "  workers: \(activeWorkers)",
            "  types:",
        ]
        let byClass = diligentBeta.map { "{beta: [\(Self.text($0.a)), \(Self.text($0.b))]}" }.joined(separator: ", ")
        var seeing = ""
        if !seesThrough.values.isEmpty {
            seeing = ", sees_through: {values: \(Self.list(seesThrough.values)), weights: \(Self.list(Self.shares(seesThrough.weights)))}"
        }
        lines.append("    - {share: \(Self.text(typeShares[0])), kind: diligent, accuracy: {by_class: [\(byClass)]}\(seeing)}")
        if spammerShare > 0 {
            lines.append(
                "    - {share: \(Self.text(typeShares[1])), kind: spammer, answers: {weights: \(Self.list(Self.shares(spammerWeights)))}, workload: \(Self.text(max(1e-6, spammerWorkload)))}"
            )
        }
        lines.append("  workload: {zipf: \(Self.text(max(1e-6, zipf)))}")
        lines += ["quality:", "  redundancy: \(redundancy)", "  aggregation: majority"]
        return lines.map { indent + $0 }
    }

    /// The task block as YAML lines.
    func taskLines() -> [String] {
        var lines = ["task:", "  classes: \(classes)", "  prior: \(Self.list(Self.shares(prior)))"]
        if difficulty.values.count == 1 {
            lines.append("  difficulty: \(Self.text(difficulty.values[0]))")
        } else {
            lines.append("  difficulty: {values: \(Self.list(difficulty.values)), weights: \(Self.list(Self.shares(difficulty.weights)))}")
        }
        let rows = confusable.enumerated().map { y, row -> String in
            var cleaned = row
            cleaned[y] = 0
            return Self.list(Self.shares(cleaned))
        }
        var ambiguous = ""
        if ambiguousShare.contains(where: { $0.contains { $0 >= 1e-6 } }) {
            // Rounded down, so that π plus the ambiguous shares of a class stay at most 1 as written.
            let rows = ambiguousShare.map { row in Self.list(row.map { ($0 * 1e8).rounded(.down) / 1e8 }) }
            ambiguous = ", ambiguous: {values: \(Self.list(ambiguityLevels)), share: [\(rows.joined(separator: ", "))]}"
        }
        lines.append(
            "  misleading: {share: \(Self.list(misleadingShare.map { min(1, max(0, $0)) })), confusable: [\(rows.joined(separator: ", "))], concentration: \(Self.text(concentration))\(ambiguous)}"
        )
        return lines
    }

    /// A `use:`-able vendor profile with its provenance in comments.
    func profileYAML(provenance: [String]) -> String {
        var lines = provenance.map { "# " + $0 }
        lines += vendorLines(indent: "")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A scenario reproducing the file's shape, using the profile `profileName` (or, with
    /// `profileName` nil, with the profile's keys written inline).
    func scenarioYAML(name: String, profileName: String?, replications: Int, seed: UInt64, provenance: [String]) -> String {
        var lines = provenance.map { "# " + $0 }
        lines += ["name: \(name)", "seed: \(seed)", "replications: \(replications)"]
        lines += taskLines()
        lines += ["data: {train_items: \(items), test_items: 1}", "budget: {items: \(items)}", "vendors:", "  - name: calibrated"]
        if let profileName {
            lines.append("    use: \(profileName)")
        } else {
            lines += vendorLines(indent: "    ")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
