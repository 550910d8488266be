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

    /// The `--format json` document (shape in the README).
    public struct Document: Codable, Sendable, Equatable {
        /// A diligent worker's accuracy on one class: Beta(a, b) and its mean.
        struct ClassAccuracy: Codable, Sendable, Equatable {
            /// The Beta parameters `[a, b]`.
            public var beta: [JSONNumber]
            /// The Beta mean.
            public var mean: JSONNumber
        }

        /// The difficulty distribution: values and their weights.
        public struct Difficulty: Codable, Sendable, Equatable {
            /// Difficulty values.
            public var values: [JSONNumber]
            /// Their weights.
            public var weights: [JSONNumber]
        }

        /// The fitted profile.
        public struct Profile: Codable, Sendable, Equatable {
            /// Workers with at least one label.
            public var workers: Int
            /// Share of diligent workers.
            var diligentShare: JSONNumber
            /// Diligent accuracy per class.
            var diligentAccuracyByClass: [ClassAccuracy]
            /// Share of spammers.
            var spammerShare: JSONNumber
            /// Spammers' answer weights per class.
            var spammerWeights: [JSONNumber]
            /// Spammers' workload relative to the others.
            var spammerWorkload: JSONNumber
            /// Workload Zipf exponent.
            public var zipf: JSONNumber
            /// Class prior.
            public var prior: [JSONNumber]
            /// Difficulty distribution.
            public var difficulty: Difficulty
            /// Misleading share per class.
            public var misleadingShare: [JSONNumber]
            /// Whether the misleading share was fitted (with gold) or given.
            var misleadingIdentified: Bool
            /// The confusable-class matrix.
            var confusable: [[JSONNumber]]
            /// Concentration of wrong labels on the confusable class.
            var concentration: JSONNumber
            /// Ambiguity levels t.
            var ambiguityLevels: [JSONNumber]
            /// Per true class, the share of items at each ambiguity level.
            var ambiguousShare: [[JSONNumber]]
            /// The diligent workers' distribution of the probability of seeing through (empty: none).
            var seesThrough: Difficulty
            /// Whether each worker's probability of seeing through was fitted.
            var seeThroughSpread: Bool
            /// Most labels per item.
            public var redundancy: Int
        }

        /// One row of the fit check: observed against simulated accuracy.
        public struct CurveRow: Codable, Sendable, Equatable {
            /// Labels per item (absent for the Dawid–Skene row).
            public var k: Int?
            /// Gold items with at least k labels (absent for the Dawid–Skene row).
            public var items: Int?
            /// Observed accuracy.
            public var observed: JSONNumber
            /// Mean simulated accuracy.
            public var simulated: JSONNumber
            /// 95% confidence interval of the simulated mean.
            public var ciLow: JSONNumber
            /// Upper end of the interval.
            public var ciHigh: JSONNumber
        }

        /// Items in the file.
        public var items: Int
        /// Workers in the file.
        public var workers: Int
        /// Labels in the file.
        public var labels: Int
        /// Items with gold.
        public var goldItems: Int
        /// Classes.
        public var classes: Int
        /// The fitted profile.
        public var profile: Profile
        /// Majority vote with k labels per item, observed and simulated.
        public var curve: [CurveRow]
        /// Dawid–Skene at the file's redundancy, observed and simulated.
        public var dawidSkene: CurveRow
    }

    private static func numbers(_ values: [Double]) -> [JSONNumber] { values.map(JSONNumber.init) }

    /// The document of this report.
    public var document: Document {
        let p = profile
        let profile = Document.Profile(
            workers: p.activeWorkers, diligentShare: JSONNumber(p.diligentShare),
            diligentAccuracyByClass: p.diligentBeta.map {
                Document.ClassAccuracy(beta: [JSONNumber($0.a), JSONNumber($0.b)], mean: JSONNumber($0.a / ($0.a + $0.b)))
            },
            spammerShare: JSONNumber(p.spammerShare), spammerWeights: Self.numbers(p.spammerWeights),
            spammerWorkload: JSONNumber(p.spammerWorkload), zipf: JSONNumber(p.zipf), prior: Self.numbers(p.prior),
            difficulty: Document.Difficulty(values: Self.numbers(p.difficulty.values), weights: Self.numbers(p.difficulty.weights)),
            misleadingShare: Self.numbers(p.misleadingShare), misleadingIdentified: p.misleadingIdentified,
            confusable: p.confusable.map(Self.numbers), concentration: JSONNumber(p.concentration),
            ambiguityLevels: Self.numbers(p.ambiguityLevels), ambiguousShare: p.ambiguousShare.map(Self.numbers),
            seesThrough: Document.Difficulty(values: Self.numbers(p.seesThrough.values), weights: Self.numbers(p.seesThrough.weights)),
            seeThroughSpread: p.seeThroughSpread, redundancy: p.redundancy)
        let curve = check.curve.map { row in
            Document.CurveRow(
                k: row.k ?? 0, items: row.items, observed: JSONNumber(row.observed), simulated: JSONNumber(row.simulated.mean),
                ciLow: JSONNumber(row.simulated.ciLow), ciHigh: JSONNumber(row.simulated.ciHigh))
        }
        let ds = check.dawidSkene
        let dawidSkene = Document.CurveRow(
            k: nil, items: nil, observed: JSONNumber(ds.observed), simulated: JSONNumber(ds.simulated.mean),
            ciLow: JSONNumber(ds.simulated.ciLow), ciHigh: JSONNumber(ds.simulated.ciHigh))
        return Document(
            items: p.items, workers: p.workers, labels: p.labels, goldItems: p.goldItems, classes: p.classes, profile: profile,
            curve: curve, dawidSkene: dawidSkene)
    }

    /// Exactly the `--format json` object of the README, one line.
    public func json() throws -> String {
        try JSONOutput.text(document)
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
            "  ambiguous share by class (levels " + p.ambiguityLevels.map { Self.fixed($0, 2) }.joined(separator: ", ") + ") "
                + p.ambiguousShare.map { $0.map { Self.fixed($0, 3) }.joined(separator: "+") }.joined(separator: " / "),
            "  diligent workers see through confusing items with probability mean \(Self.fixed(p.seesThroughMean, 3)), sd \(Self.fixed(p.seesThroughDeviation, 3))"
                + (p.seeThroughSpread ? " (fitted per worker)" : ""),
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
