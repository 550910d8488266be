import LabelSimCore

/// Renders a ``RunResult`` as the files and terminal output of `labelsim run`.
public struct RunFormatter: Sendable {
    /// The result.
    public let result: RunResult
    private let summaries: [MetricRecord<MetricSummary>]

    /// Prepares the renderings of `result`.
    public init(result: RunResult) {
        self.result = result
        self.summaries = result.summaries()
    }

    private var vendorNames: [String] { result.optionNames }

    /// `replications.csv`: one row per replication × vendor, one column per metric.
    public func replicationsCSV() -> String {
        var lines = [(["replication", "vendor"] + result.catalog.names).joined(separator: ",")]
        for (replication, vendorRows) in result.rows.enumerated() {
            for (vendor, row) in vendorRows.enumerated() {
                let fields = [String(replication), NumberText.csvField(vendorNames[vendor])] + row.values.map(NumberText.csv)
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `summary.csv`: tidy, one row per vendor × metric; `ci_low`/`ci_high` bound the 95% CI of
    /// the mean (Monte Carlo error), `pi_low`/`pi_high` the 95% prediction interval of one project
    /// (replication quantiles, see ``MetricSummary``; rough when `n` < 39).
    public func summaryCSV() -> String {
        var lines = ["vendor,metric,mean,sd,ci_low,ci_high,pi_low,pi_high,n"]
        for (vendor, name) in vendorNames.enumerated() {
            for (metric, s) in summaries[vendor].entries {
                let numbers = [s.mean, s.sd, s.ciLow, s.ciHigh, s.piLow, s.piHigh].map(NumberText.csv)
                lines.append(([NumberText.csvField(name), metric.name] + numbers + [String(s.n)]).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `--format json` document (``RunDocument``), one line.
    public func json() throws -> String {
        try JSONOutput.text(RunDocument(result: result))
    }

    /// A text table: metrics as rows, vendors as columns, each cell `mean ± CI half-width` (of the
    /// mean) and `[prediction interval]` (of one project; `~[…]` when rough), with a key below.
    public func table() -> String {
        var rows: [[String]] = [["metric"] + vendorNames]
        for (column, metric) in result.catalog.metrics.enumerated() {
            let cells = vendorNames.indices.map { vendor -> String in
                let s = summaries[vendor].values[column]
                let half = (s.ciHigh - s.ciLow) / 2
                guard half.isFinite, half > 1e-9 * max(1, abs(s.mean)) else { return NumberText.human(s.mean) }
                // A half-width below the table's last decimal is shown as such, not as ± 0.0000.
                let cell = "\(NumberText.human(s.mean)) ± \(half < 0.00005 ? "<0.0001" : NumberText.human(half))"
                return "\(cell) \(s.piIsRough ? "~" : "")[\(NumberText.human(s.piLow)), \(NumberText.human(s.piHigh))]"
            }
            rows.append([metric.name] + cells)
        }
        let key = TextTable.render(rows) + "\n" + Self.intervalKey(rough: summaries.contains { $0.values.contains(where: \.piIsRough) })
        if let spec = result.scenario.evaluation, let agreement = EvaluationAgreement(result: result) {
            return key + "\n" + agreement.sentence(spec)
        }
        return key
    }

    /// What the table's two intervals are, in one or two lines.
    static func intervalKey(rough: Bool) -> String {
        var key =
            "± h: 95% confidence interval of the mean (Monte Carlo error; shrinks with replications). "
            + "[a, b]: 95% prediction interval of one project (2.5% and 97.5% quantiles of the replications)."
        if rough {
            key +=
                "\n~[a, b]: rough — fewer than \(MetricSummary.quantileReplications) replications resolve no 2.5% quantile; "
                + "widened to include mean ± t·sd·√(1 + 1/n), clipped to the metric's range."
        }
        return key
    }

    /// `report.md`, `report.html` and their charts: what was run, the summary with 95%
    /// confidence intervals, label accuracy by domain, and the cost–quality plane.
    /// `metric` names the verdict's metric when it is not the quality metric (`optimize --metric`).
    public func report(
        wallSeconds: Double, command: String, minDifference: Double = 0.5, metric: Metric? = nil
    ) -> [(name: String, contents: String)] {
        let scenario = result.scenario
        var report = ReportBundle(title: scenario.name)
        report.paragraph("**\(Verdict(result: result, minDifference: minDifference, metric: metric).sentence)**")
        report.heading("Inputs")
        report.paragraph(budgetLine())
        let inputs = inputsTable()
        report.table(header: inputs.header, rows: inputs.rows)
        report.heading("Results")
        let rough = summaries.contains { $0.values.contains(where: \.piIsRough) }
        report.paragraph(
            "`\(command)` — \(scenario.replications) replications, seed \(scenario.seed), \(String(format: "%.2f", wallSeconds)) s. "
                + "Two tables, two questions. The first gives each mean over replications ± the half-width of its **95% confidence "
                + "interval of the mean** (Student t): the Monte Carlo error of the estimate, which more replications shrink. The "
                + "second gives the **95% prediction interval of one project**: where a single real project's value would fall (the "
                + "replications' 2.5% and 97.5% quantiles, Hyndman–Fan definition 6), which more replications do not shrink.")
        var meanRows: [[String]] = []
        var projectRows: [[String]] = []
        for (column, metric) in result.catalog.metrics.enumerated() {
            var means: [String] = []
            var projects: [String] = []
            for vendor in vendorNames.indices {
                let s = summaries[vendor].values[column]
                let half = (s.ciHigh - s.ciLow) / 2
                guard half.isFinite, half > 1e-9 * max(1, abs(s.mean)) else {
                    // Constant over replications: nothing to interval.
                    means.append(NumberText.human(s.mean))
                    projects.append(NumberText.human(s.mean))
                    continue
                }
                means.append("\(NumberText.human(s.mean)) ± \(half < 0.00005 ? "<0.0001" : NumberText.human(half))")
                projects.append("\(s.piIsRough ? "~" : "")[\(NumberText.human(s.piLow)), \(NumberText.human(s.piHigh))]")
            }
            meanRows.append([metric.name] + means)
            projectRows.append([metric.name] + projects)
        }
        report.paragraph("**Mean ± 95% CI of the mean** (Monte Carlo error)")
        report.table(header: ["metric"] + vendorNames, rows: meanRows)
        report.paragraph(
            "**95% prediction interval of one project** (replication quantiles)"
                + (rough
                    ? ". ~ marks a rough interval: fewer than \(MetricSummary.quantileReplications) replications do not resolve a "
                        + "2.5% quantile, so it is widened to include mean ± t·sd·√(1 + 1/n) and clipped to the metric's range."
                    : ""))
        report.table(header: ["metric"] + vendorNames, rows: projectRows)
        if let timeline = timelineChart(), let spec = scenario.timeline {
            report.heading("Timeline")
            report.paragraph(
                "\(spec.periods) periods of \(NumberText.human(spec.periodDays)) days; the columns above are each plan after the last "
                    + "period. Each point below is the model trained on everything delivered by the end of that period.")
            report.chart(
                name: "timeline.svg", svg: timeline.svg,
                caption: "\(timeline.metric) after each period, one line per plan, with bands of the 95% CI of the mean (`timeline.csv`).")
        }
        let catalog = result.catalog
        let accuracyMetrics = MetricRegistry.accuracyByDomain(of: catalog)
        let series = vendorNames.indices.map { vendor in
            BarChart.Series(
                name: vendorNames[vendor],
                values: accuracyMetrics.compactMap { entry in
                    summaries[vendor][entry.metric].map { s in BarChart.Value(mean: s.mean, low: s.ciLow, high: s.ciHigh) }
                })
        }
        let categories = accuracyMetrics.map(\.category)
        report.chart(
            name: "\(Metric.labelAccuracy.name).svg",
            svg: BarChart(
                title: "Label accuracy by domain (95% CI of the mean)", xLabel: "domain", yLabel: "label accuracy (share correct)",
                categories: categories, series: series
            ).svg(),
            caption: "Label accuracy per vendor, overall and by domain, with 95% confidence intervals of the mean.")
        let modelMetrics = [Metric.modelAccuracy, .oracleAccuracy, .bayesAccuracy].filter(catalog.contains)
        if modelMetrics.count == 3 {
            report.chart(
                name: "\(Metric.modelAccuracy.name).svg",
                svg: BarChart(
                    title: "Model accuracy on the clean test set (95% CI of the mean)", xLabel: "learner trained on",
                    yLabel: "test accuracy (share correct)", categories: ["vendor's labels", "true labels (oracle)", "Bayes classifier"],
                    series: vendorNames.indices.map { vendor in
                        BarChart.Series(
                            name: vendorNames[vendor],
                            values: modelMetrics.compactMap { metric in
                                summaries[vendor][metric].map { s in BarChart.Value(mean: s.mean, low: s.ciLow, high: s.ciHigh) }
                            })
                    }, dots: true
                ).svg(),
                caption: "The model trained on each vendor's labels, the same learner on the true labels of the same items, "
                    + "and the Bayes accuracy of the feature model.")
        }
        let quality = catalog.qualityMetric
        let qualityName = quality.name
        if catalog.contains(quality), catalog.contains(.costDollars) {
            let missing = MetricSummary(values: [])
            // Plot only what varies: when the budget fixes the cost, calendar days instead.
            let xMetric: Metric = Metric.costDollars.isFixedByDesign(in: scenario) ? .days : .costDollars
            let points = vendorNames.indices.map { vendor in
                (vendor, summaries[vendor][xMetric] ?? missing, summaries[vendor][quality] ?? missing)
            }
            let optimal = ParetoFrontier.optimal(points.map { ($0.1.mean, $0.2.mean) })
            let scatter = zip(points, optimal).map { point, isPareto in
                let (vendor, c, q) = point
                return ScatterChart.Point(
                    label: vendorNames[vendor], x: c.mean, y: q.mean, xLow: c.ciLow, xHigh: c.ciHigh, yLow: q.ciLow, yHigh: q.ciHigh,
                    isOnFrontier: isPareto)
            }
            report.chart(
                name: "cost_quality.svg",
                svg: ScatterChart(
                    title: "\(xMetric == .days ? "Calendar days" : "Cost") and \(qualityName.replacingOccurrences(of: "_", with: " "))",
                    xLabel: xMetric == .days ? "calendar days (the budget fixes the cost)" : "cost (US dollars)",
                    yLabel: qualityName.replacingOccurrences(of: "_", with: " "), points: scatter
                ).svg(),
                caption:
                    "Each option's mean \(xMetric == .days ? "calendar days" : "cost") and quality with 95% CIs of the mean; the line joins the Pareto-optimal ones."
            )
        }
        if let spec = result.scenario.evaluation, let agreement = EvaluationAgreement(result: result) {
            report.paragraph(agreement.sentence(spec))
        }
        if !result.stageSeconds.isEmpty {
            report.paragraph(
                "Time per pipeline stage, summed over threads: "
                    + result.stageSeconds.map { "\($0.stage.rawValue) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
                    + ".")
        }
        report.paragraph(
            "Files: `replications.csv` (one row per replication × vendor), `summary.csv` (tidy summary), `manifest.json`.")
        return report.files
    }
}
