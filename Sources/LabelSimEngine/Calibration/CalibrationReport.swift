/// What `labelsim calibrate` prints: the file's shape, the fitted profile and the fit check.
public struct CalibrationReport: Sendable {
    /// The fitted profile.
    public var profile: CalibratedProfile
    /// The fit check.
    public var check: CalibrationCheck

    /// Creates a report.
    public init(profile: CalibratedProfile, check: CalibrationCheck) {
        self.profile = profile
        self.check = check
    }

    private static func number(_ value: Double) -> String { NumberText.json(value) }
    private static func list(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }

    /// The profile as a JSON object.
    public var profileJSON: String {
        let p = profile
        let beta = p.diligentBeta.map {
            "{\"beta\": [\(Self.number($0.a)), \(Self.number($0.b))], \"mean\": \(Self.number($0.a / ($0.a + $0.b)))}"
        }
        let rows = p.confusable.map { Self.list($0) }.joined(separator: ", ")
        return """
            {"workers": \(p.activeWorkers), "diligent_share": \(Self.number(p.diligentShare)), \
            "diligent_accuracy_by_class": [\(beta.joined(separator: ", "))], \
            "spammer_share": \(Self.number(p.spammerShare)), "spammer_weights": \(Self.list(p.spammerWeights)), \
            "spammer_workload": \(Self.number(p.spammerWorkload)), "zipf": \(Self.number(p.zipf)), \
            "prior": \(Self.list(p.prior)), \
            "difficulty": {"values": \(Self.list(p.difficulty.values)), "weights": \(Self.list(p.difficulty.weights))}, \
            "misleading_share": \(Self.list(p.misleadingShare)), "misleading_identified": \(p.misleadingIdentified), \
            "confusable": [\(rows)], "concentration": \(Self.number(p.concentration)), "redundancy": \(p.redundancy)}
            """
    }

    /// Exactly the `--format json` object of the README.
    public func json() -> String {
        let p = profile
        let curve = check.curve.map { row in
            "{\"k\": \(row.k ?? 0), \"items\": \(row.items), \"observed\": \(Self.number(row.observed)), \"simulated\": \(Self.number(row.simulated.mean)), \"ci_low\": \(Self.number(row.simulated.ciLow)), \"ci_high\": \(Self.number(row.simulated.ciHigh))}"
        }
        let ds = check.dawidSkene
        return """
            {"items": \(p.items), "workers": \(p.workers), "labels": \(p.labels), "gold_items": \(p.goldItems), \
            "classes": \(p.classes), "profile": \(profileJSON), "curve": [\(curve.joined(separator: ", "))], \
            "dawid_skene": {"observed": \(Self.number(ds.observed)), "simulated": \(Self.number(ds.simulated.mean)), \
            "ci_low": \(Self.number(ds.simulated.ciLow)), "ci_high": \(Self.number(ds.simulated.ciHigh))}}
            """
    }

    private static func fixed(_ value: Double, _ digits: Int = 4) -> String {
        value.isNaN ? "NA" : FixedDecimal.format(value, decimals: digits)
    }

    /// A human-readable summary and the fit table.
    public func table() -> String {
        let p = profile
        var lines = [
            "\(p.items) items, \(p.workers) workers, \(p.labels) labels, \(p.goldItems) gold items, \(p.classes) classes",
            "",
            "fitted profile:",
            "  diligent \(Self.fixed(p.diligentShare, 3)), accuracy by class "
                + p.diligentBeta.map { Self.fixed($0.a / ($0.a + $0.b), 3) }.joined(separator: " / "),
            "  spammers \(Self.fixed(p.spammerShare, 3)), answers " + p.spammerWeights.map { Self.fixed($0, 2) }.joined(separator: "/")
                + ", workload ×\(Self.fixed(p.spammerWorkload, 2))",
            "  workload zipf \(Self.fixed(p.zipf, 3)); mean difficulty \(Self.fixed(zip(p.difficulty.values, p.difficulty.weights).reduce(0) { $0 + $1.0 * $1.1 }, 3))",
            "  misleading share by class " + p.misleadingShare.map { Self.fixed($0, 3) }.joined(separator: " / ")
                + (p.misleadingIdentified ? "" : " (given: not identifiable without gold)")
                + ", concentration \(Self.fixed(p.concentration, 3))",
            "",
            "majority vote with k labels per item (exact over k-subsets) and Dawid–Skene, observed vs simulated (95% CI):",
            "",
            "    k   items  observed  simulated  ci_low   ci_high  diff",
        ]
        for row in check.curve + [check.dawidSkene] {
            let label = row.k.map { String($0) } ?? "DS"
            let cells = [
                label.leftPadded(5), String(row.items).leftPadded(7), Self.fixed(row.observed).leftPadded(9),
                Self.fixed(row.simulated.mean).leftPadded(10), Self.fixed(row.simulated.ciLow).leftPadded(8),
                Self.fixed(row.simulated.ciHigh).leftPadded(8), Self.fixed(row.simulated.mean - row.observed).leftPadded(7),
            ]
            lines.append(cells.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
