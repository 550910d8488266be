import LabelSimCore

/// The timeline's renderings: per plan and period, the cumulative numbers after that period.
extension RunFormatter {
    /// The metrics the timeline table shows, in order (those the scenario records).
    var timelineMetrics: [Metric] {
        [Metric.itemsLabeled, .labelsBought, .costDollars, .days, .labelAccuracy, .modelAccuracy].filter(result.catalog.contains)
    }

    /// `timeline.csv`: tidy, one row per plan × period × metric, cumulative after the period.
    func timelineCSV() -> String? {
        let periods = result.periodSummaries()
        guard let timeline = result.scenario.timeline, !periods.isEmpty else { return nil }
        var lines = ["plan,period,metric,mean,sd,ci_low,ci_high,n"]
        for (plan, spec) in timeline.plans.enumerated() {
            for period in 0..<timeline.periods {
                for (metric, s) in periods[plan][period].entries {
                    let numbers = [s.mean, s.sd, s.ciLow, s.ciHigh].map(NumberText.csv)
                    lines.append(
                        ([NumberText.csvField(spec.name), String(period + 1), metric.name] + numbers + [String(s.n)])
                            .joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A text table of the timeline: one row per plan and period, cumulative means (± CI half-width
    /// for the quality), and the strategy used in that period.
    func timelineTable() -> String? {
        let periods = result.periodSummaries()
        guard let timeline = result.scenario.timeline, !periods.isEmpty else { return nil }
        let optionNames = result.scenario.vendors.map(\.name) + result.scenario.strategies.map(\.name)
        let shown = timelineMetrics
        var rows: [[String]] = [["plan", "period", "strategy"] + shown.map(\.name)]
        for (plan, spec) in timeline.plans.enumerated() {
            for period in 0..<timeline.periods {
                let cells = shown.compactMap { metric -> String? in
                    guard let s = periods[plan][period][metric] else { return nil }
                    if metric.unit == "share", s.ciHigh.isFinite {
                        return "\(NumberText.human(s.mean)) ± \(NumberText.human((s.ciHigh - s.ciLow) / 2))"
                    }
                    return NumberText.human(s.mean)
                }
                rows.append([spec.name, String(period + 1), optionNames[spec.options[period]]] + cells)
            }
        }
        return TextTable.render(rows)
    }

    /// The chart of the quality metric against period, one line per plan, with 95% CI bands.
    func timelineChart() -> (svg: String, metric: String)? {
        let periods = result.periodSummaries()
        guard let timeline = result.scenario.timeline, !periods.isEmpty else { return nil }
        let metric = result.catalog.qualityMetric
        let metricName = metric.name
        let series = timeline.plans.enumerated().map { plan, spec in
            LineChart.Series(
                name: spec.name,
                points: (0..<timeline.periods).map { period in
                    let s = periods[plan][period][metric] ?? MetricSummary(values: [])
                    return LineChart.Point(x: Double(period + 1), mean: s.mean, low: s.ciLow, high: s.ciHigh)
                })
        }
        let readable = metricName.replacingOccurrences(of: "_", with: " ")
        let chart = LineChart(
            title: "\(readable.prefix(1).uppercased() + readable.dropFirst()) after each period (95% CI of the mean)",
            xLabel: "period (\(NumberText.human(timeline.periodDays)) days each)", yLabel: "\(readable) (share correct)",
            series: series)
        return (chart.svg(), metricName)
    }
}
