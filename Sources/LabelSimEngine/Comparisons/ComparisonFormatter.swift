import LabelSimCore

/// Renders a ``VendorComparison`` and its break-even prices as JSON, a terminal table and Markdown.
public struct ComparisonFormatter: Sendable {
    /// The comparison.
    public let comparison: VendorComparison
    /// Break-even prices, one per pair.
    public let breakEvens: [BreakEvenPrice]
    /// `budget` or `items`.
    public let mode: String

    /// The verdict on the quality metric.
    public let verdict: Verdict

    /// Creates a formatter; `minDifference` is the verdict's threshold (points).
    public init(comparison: VendorComparison, breakEvens: [BreakEvenPrice], mode: String, minDifference: Double = 0.5) {
        self.verdict = Verdict(result: comparison.result, options: comparison.vendors, minDifference: minDifference)
        self.comparison = comparison
        self.breakEvens = breakEvens
        self.mode = mode
    }

    private var scenario: Scenario { comparison.result.scenario }
    private var catalog: MetricCatalog { comparison.result.catalog }
    private func vendorName(_ index: Int) -> String { scenario.optionNames[index] }

    /// The `--format json` document (``ComparisonDocument``): one line, or indented for the file.
    public func json(pretty: Bool = false) throws -> String {
        try JSONOutput.text(
            ComparisonDocument(comparison: comparison, breakEvens: breakEvens, mode: mode, verdict: verdict), pretty: pretty)
    }

    /// Key metrics of every pair, winners and break-even prices as text tables.
    public func table() -> String {
        let shown = MetricRegistry.comparisonTableMetrics(of: catalog)
        var rows: [[String]] = [["pair (A − B)", "metric", "difference [95% CI]", "A wins", "B wins"]]
        for pair in comparison.pairs {
            for metric in shown {
                guard let d = pair.differences[metric] else { continue }
                rows.append([
                    "\(vendorName(pair.a)) − \(vendorName(pair.b))", metric.name,
                    "\(NumberText.human(d.mean)) [\(NumberText.human(d.ciLow)), \(NumberText.human(d.ciHigh))]",
                    percent(d.aWins), percent(d.bWins),
                ])
            }
        }
        var text = verdict.sentence + "\n\n" + TextTable.render(rows) + "\n"
        var winnerRows: [[String]] = [["metric", "winner", "significant"]]
        for winner in comparison.winners where shown.contains(winner.metric) || winner.metric == .costDollars {
            winnerRows.append([winner.metric.name, winnerName(winner), winner.significant ? "yes" : "no"])
        }
        text += TextTable.render(winnerRows) + "\n"
        var priceRows: [[String]] = [["vendor", "to match", "metric", "price now", "break-even [95% CI]", "try it"]]
        for item in breakEvens {
            priceRows.append([
                vendorName(item.b), vendorName(item.a), item.metric.name, "\(NumberText.human(item.currentInUnit)) \(item.unit)",
                breakEvenText(item), item.setting.map { "--set \($0)" } ?? "–",
            ])
        }
        text += TextTable.render(priceRows) + "\n"
        let pareto = comparison.frontier.filter(\.isPareto).map { vendorName($0.vendor) }
        text +=
            "\(comparison.frontierCost.name)–\(comparison.qualityMetric.name) frontier (Pareto-optimal): \(pareto.joined(separator: ", "))\n"
        return text
    }

    /// `report.md`, `report.html` and charts: pairs, winners, break-even prices, frontier.
    public func report() -> [(name: String, contents: String)] {
        var report = ReportBundle(title: "\(scenario.name) — vendor comparison")
        report.paragraph("**\(verdict.sentence)**")
        report.paragraph(
            "Mode: \(mode == "budget" ? "fixed budget" : "fixed item count"). \(scenario.replications) replications, seed \(scenario.seed); "
                + "differences are paired over replications (common random numbers) with 95% Student-t intervals.")
        let metric = comparison.qualityMetric
        let quality = metric.name
        if catalog.contains(metric) {
            let pairRows = comparison.pairs.map { pair -> [String] in
                let d = pair.differences[metric] ?? PairedDifference(a: [], b: [], direction: metric.direction)
                return [
                    "\(vendorName(pair.a)) − \(vendorName(pair.b))", NumberText.human(d.mean),
                    "[\(NumberText.human(d.ciLow)), \(NumberText.human(d.ciHigh))]", percent(d.aWins), percent(d.bWins),
                ]
            }
            report.heading("Paired differences in \(quality)")
            report.table(header: ["pair (A − B)", "difference", "95% CI", "A wins", "B wins"], rows: pairRows)
            let bars = BarChart.Series(
                name: "A − B",
                values: comparison.pairs.map { pair in
                    let d = pair.differences[metric] ?? PairedDifference(a: [], b: [], direction: metric.direction)
                    return BarChart.Value(mean: d.mean, low: d.ciLow, high: d.ciHigh)
                })
            report.chart(
                name: "paired_differences.svg",
                svg: BarChart(
                    title: "Paired difference in \(quality.replacingOccurrences(of: "_", with: " ")) (95% CI)", xLabel: "pair (A − B)",
                    yLabel: "difference", categories: comparison.pairs.map { "\(vendorName($0.a)) − \(vendorName($0.b))" }, series: [bars]
                ).svg(),
                caption: "Paired differences with 95% confidence intervals.")
        }
        report.heading("Winners")
        report.table(
            header: ["metric", "better", "winner", "significant"],
            rows: comparison.winners.filter { $0.direction != .none }.map {
                [$0.metric.name, $0.direction.rawValue, winnerName($0), $0.significant ? "yes" : "no"]
            })
        if !breakEvens.isEmpty {
            report.heading("Break-even prices")
            report.paragraph(
                "B's price is scaled until B's mean \(breakEvens[0].metric.name) equals A's on the same replications; the interval is where "
                    + "the paired 95% CI of the difference still contains zero.")
            report.table(
                header: ["vendor (B)", "to match (A)", "metric", "price now", "break-even [95% CI]", "try it"],
                rows: breakEvens.map { item in
                    [
                        vendorName(item.b), vendorName(item.a), item.metric.name, "\(NumberText.human(item.currentInUnit)) \(item.unit)",
                        breakEvenText(item), item.setting.map { "`--set \($0)`" } ?? "–",
                    ]
                })
        }
        report.heading("Cost–quality frontier")
        report.chart(
            name: "cost_quality.svg",
            svg: ScatterChart(
                title:
                    "\(comparison.frontierCost == .days ? "Calendar days" : "Cost") and \(quality.replacingOccurrences(of: "_", with: " "))",
                xLabel: comparison.frontierCost == .days ? "calendar days (the budget fixes the cost)" : "cost (US dollars)",
                yLabel: quality.replacingOccurrences(of: "_", with: " "),
                points: comparison.frontier.map {
                    ScatterChart.Point(label: vendorName($0.vendor), x: $0.cost, y: $0.quality, isOnFrontier: $0.isPareto)
                }
            ).svg(),
            caption:
                "Mean \(comparison.frontierCost == .days ? "calendar days" : "cost") and quality per option; the line joins the Pareto-optimal ones."
        )
        report.paragraph("Files: `comparison.json` (every pair and metric), `summary.csv`, `replications.csv`, `manifest.json`.")
        return report.files
    }

    /// A break-even price and its interval in the vendor's unit, or why there is none.
    private func breakEvenText(_ item: BreakEvenPrice) -> String {
        guard let price = item.priceInUnit else { return item.note ?? "–" }
        let (low, high) = item.ciInUnit
        return "\(NumberText.human(price)) \(item.unit) [\(low.map(NumberText.human) ?? "–"), \(high.map(NumberText.human) ?? "–")]"
    }

    /// The winner's name, "fixed by design" when the scenario makes the metric equal for all, else "–".
    private func winnerName(_ winner: VendorComparison.Winner) -> String {
        winner.isFixedByDesign ? "fixed by design" : winner.vendor.map(vendorName) ?? "–"
    }

    private func percent(_ share: Double) -> String {
        share.isNaN ? "–" : String(format: "%.1f%%", share * 100)
    }
}
