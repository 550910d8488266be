import Foundation

/// The final files of a complete sweep, from its manifest and every replication's rows:
/// `sweep.csv` (tidy summary, one column per varied key), `replications.csv` and `report.md`.
/// They hold no timings, so a resumed or merged sweep writes the same bytes as one run.
public struct SweepOutputs: Sendable {
    /// The sweep.
    public let manifest: SweepManifest
    /// `rows[point][replication][vendor][column]`, columns in the order of ``catalog``.
    public let rows: [[[[Double]]]]
    /// The metrics of the sweep, read back from the manifest.
    public let catalog: MetricCatalog

    /// Checks that `checkpoints` cover every point and replication, and orders them.
    init(manifest: SweepManifest, checkpoints: [Int: [Int: [[Double]]]]) throws(SweepError) {
        self.manifest = manifest
        catalog = MetricCatalog(names: manifest.metrics)
        var ordered: [[[[Double]]]] = []
        var missing: [String] = []
        for point in manifest.points.indices {
            var pointRows: [[[Double]]] = []
            for replication in 0..<manifest.replications[point] {
                if let values = checkpoints[point]?[replication] {
                    pointRows.append(values)
                } else {
                    missing.append("point \(point) replication \(replication)")
                }
            }
            ordered.append(pointRows)
        }
        if !missing.isEmpty {
            let shown = missing.prefix(5).joined(separator: ", ")
            throw SweepError.mismatch(
                "the sweep is incomplete: \(missing.count) work items missing (\(shown)\(missing.count > 5 ? ", …" : ""))")
        }
        rows = ordered
    }

    private var axisHeader: [String] { manifest.axes.map { NumberText.csvField($0.key) } }

    private func axisFields(_ point: Int) -> [String] { manifest.points[point].map(NumberText.csvField) }

    /// Summaries `[point][vendor][metric]`.
    public func summaries() -> [[MetricRecord<MetricSummary>]] {
        rows.map { pointRows in
            manifest.vendors.indices.map { vendor in
                MetricRecord(
                    catalog: catalog,
                    values: catalog.metrics.indices.map { column in
                        MetricSummary(values: pointRows.map { $0[vendor][column] }, range: catalog.metrics[column].bounds.range)
                    })
            }
        }
    }

    /// `sweep.csv`.
    public func sweepCSV() -> String {
        let summaries = summaries()
        let columns = ["vendor", "metric", "mean", "sd", "ci_low", "ci_high", "pi_low", "pi_high", "n"]
        var lines = [(axisHeader + columns).joined(separator: ",")]
        for point in rows.indices {
            for (vendor, name) in manifest.vendors.enumerated() {
                for (column, metricName) in manifest.metrics.enumerated() {
                    let s = summaries[point][vendor].values[column]
                    let numbers = [s.mean, s.sd, s.ciLow, s.ciHigh, s.piLow, s.piHigh].map(NumberText.csv)
                    lines.append(
                        (axisFields(point) + [NumberText.csvField(name), metricName] + numbers + [String(s.n)]).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `replications.csv`.
    public func replicationsCSV() -> String {
        var lines = [(axisHeader + ["replication", "vendor"] + manifest.metrics).joined(separator: ",")]
        for (point, pointRows) in rows.enumerated() {
            for (replication, vendorRows) in pointRows.enumerated() {
                for (vendor, values) in vendorRows.enumerated() {
                    let fields = axisFields(point) + [String(replication), NumberText.csvField(manifest.vendors[vendor])]
                    lines.append((fields + values.map(NumberText.csv)).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A terminal table: the quality metric per grid point and vendor, mean ± 95% CI half-width.
    public func table() -> String {
        let summaries = summaries()
        let metric = catalog.qualityMetric
        guard catalog.contains(metric) else { return "" }
        var rows: [[String]] = [manifest.axes.map(\.key) + manifest.vendors.map { "\($0) \(metric.name)" }]
        for point in self.rows.indices {
            rows.append(
                manifest.points[point]
                    + manifest.vendors.indices.map { vendor in
                        let s = summaries[point][vendor][metric] ?? MetricSummary(values: [])
                        let half = (s.ciHigh - s.ciLow) / 2
                        return half.isFinite ? "\(NumberText.human(s.mean)) ± \(NumberText.human(half))" : NumberText.human(s.mean)
                    })
        }
        return TextTable.render(rows)
    }

    /// `report.md`, `report.html` and one line chart per quality metric against the first varied
    /// key (one line per vendor and combination of the other keys, with 95% CI bands). No
    /// timings, so resumed and merged sweeps write the same bytes.
    public func report() -> [(name: String, contents: String)] {
        let summaries = summaries()
        var report = ReportBundle(title: "\(manifest.scenario) — sweep")
        report.paragraph(
            "Varied: " + manifest.axes.map { "`\($0.key)` ∈ {\($0.values.joined(separator: ", "))}" }.joined(separator: "; ")
                + ". Replications per grid point: \(manifest.replications.first ?? 0), seed \(manifest.seeds.first ?? 0). "
                + "Each cell is the mean with its 95% confidence interval.")
        for metric in MetricRegistry.sweepReportMetrics where catalog.contains(metric) {
            report.heading(metric.name)
            var tableRows: [[String]] = []
            for point in rows.indices {
                let cells = manifest.vendors.indices.map { vendor -> String in
                    let s = summaries[point][vendor][metric] ?? MetricSummary(values: [])
                    guard s.ciLow.isFinite, s.ciHigh - s.ciLow > 1e-9 * max(1, abs(s.mean)) else { return NumberText.human(s.mean) }
                    return "\(NumberText.human(s.mean)) [\(NumberText.human(s.ciLow)), \(NumberText.human(s.ciHigh))]"
                }
                tableRows.append(manifest.points[point] + cells)
            }
            report.table(header: manifest.axes.map(\.key) + manifest.vendors, rows: tableRows)
            if metric != .costDollars {
                for chart in lineCharts(metric: metric, summaries: summaries) {
                    report.chart(name: "sweep_\(metric.name)\(chart.suffix).svg", svg: chart.svg, caption: chart.caption)
                }
            }
        }
        addFrontier(to: &report, summaries: summaries)
        report.paragraph("Files: `sweep.csv` (tidy summary), `replications.csv`, `sweep.json` (the plan), `checkpoints/`.")
        return report.files
    }

    /// The cost–quality frontier over every vendor and grid point: the settings no other setting
    /// beats on both mean cost and mean quality (``MetricRegistry/qualityMetric(of:)``).
    private func addFrontier(to report: inout ReportBundle, summaries: [[MetricRecord<MetricSummary>]]) {
        let quality = catalog.qualityMetric
        let qualityName = quality.name
        let cost = Metric.costDollars
        guard catalog.contains(quality), catalog.contains(cost) else { return }
        var settings: [(vendor: Int, point: Int, cost: Double, quality: Double)] = []
        for point in rows.indices {
            for vendor in manifest.vendors.indices {
                let c = summaries[point][vendor][cost]?.mean ?? .nan
                let q = summaries[point][vendor][quality]?.mean ?? .nan
                // A vendor the varied keys do not touch repeats the same numbers: keep its first point.
                let repeated = settings.contains { $0.vendor == vendor && $0.cost == c && $0.quality == q }
                if c.isFinite, q.isFinite, !repeated { settings.append((vendor, point, c, q)) }
            }
        }
        let pareto = ParetoFrontier.optimal(settings.map { ($0.cost, $0.quality) })
        let describe = { (setting: (vendor: Int, point: Int, cost: Double, quality: Double)) -> String in
            let values = zip(manifest.axes, manifest.points[setting.point]).map { "\($0.key)=\($1)" }.joined(separator: ", ")
            return "\(manifest.vendors[setting.vendor]) (\(values))"
        }
        report.heading("Cost–quality frontier")
        report.paragraph(
            "Every vendor at every grid point, by mean cost and mean \(qualityName); the Pareto-optimal settings (none cheaper "
                + "and at least as good) are circled and listed.")
        report.chart(
            name: "sweep_frontier.svg",
            svg: ScatterChart(
                title: "Cost and \(qualityName.replacingOccurrences(of: "_", with: " ")) of every setting", xLabel: "cost (US dollars)",
                yLabel: qualityName.replacingOccurrences(of: "_", with: " "),
                points: zip(settings, pareto).map { setting, isPareto in
                    ScatterChart.Point(
                        label: isPareto ? manifest.points[setting.point].joined(separator: ", ") : "", x: setting.cost, y: setting.quality,
                        isOnFrontier: isPareto, group: manifest.vendors[setting.vendor])
                }
            ).svg(),
            caption: "Cost and quality of every vendor and setting; the dashed line joins the Pareto-optimal ones.")
        report.table(
            header: ["Pareto-optimal setting", cost.name, qualityName],
            rows: zip(settings, pareto).filter(\.1).map(\.0).sorted { $0.cost < $1.cost }.map {
                [describe($0), NumberText.human($0.cost), NumberText.human($0.quality)]
            })
    }

    /// One chart per combination of the other varied keys (at most 12), one line per vendor.
    private func lineCharts(metric: Metric, summaries: [[MetricRecord<MetricSummary>]]) -> [(suffix: String, caption: String, svg: String)]
    {
        let name = metric.name
        guard let first = manifest.axes.first else { return [] }
        let numeric = first.values.allSatisfy { Double($0) != nil }
        var groups: [String] = []
        var byGroup: [String: [[LineChart.Point]]] = [:]
        for point in rows.indices {
            let others = zip(manifest.axes.dropFirst(), manifest.points[point].dropFirst()).map { "\($0.key)=\($1)" }
            let group = others.joined(separator: ", ")
            if byGroup[group] == nil {
                groups.append(group)
                byGroup[group] = Array(repeating: [], count: manifest.vendors.count)
            }
            let xText = manifest.points[point][0]
            let x = numeric ? Double(xText) ?? 0 : Double(first.values.firstIndex(of: xText) ?? 0)
            for vendor in manifest.vendors.indices {
                let s = summaries[point][vendor][metric] ?? MetricSummary(values: [])
                byGroup[group]?[vendor].append(LineChart.Point(x: x, mean: s.mean, low: s.ciLow, high: s.ciHigh))
            }
        }
        let label = name.replacingOccurrences(of: "_", with: " ")
        return groups.prefix(12).enumerated().map { index, group in
            let series = manifest.vendors.enumerated().map { vendor, vendorName in
                LineChart.Series(name: vendorName, points: byGroup[group]?[vendor] ?? [])
            }
            let title = group.isEmpty ? "\(label) against \(first.key)" : "\(label) at \(group)"
            let svg = LineChart(
                title: title, xLabel: numeric ? first.key : "\(first.key) (value index)", yLabel: label, series: series
            ).svg()
            let caption = "\(name) against \(first.key)\(group.isEmpty ? "" : " at \(group)"), one line per vendor, 95% CI bands."
            return (groups.count == 1 ? "" : "_\(index + 1)", caption, svg)
        }
    }

    /// Writes the outputs into `folder`, all or none (a full disk leaves no summary without its
    /// rows); the checkpoints stay, so `--resume` writes them once there is room.
    public func write(to folder: URL) throws {
        var files: [(data: Data, url: URL)] = [
            (Data(sweepCSV().utf8), folder.appendingPathComponent("sweep.csv")),
            (Data(replicationsCSV().utf8), folder.appendingPathComponent("replications.csv")),
        ]
        files += report().map { (Data($0.contents.utf8), folder.appendingPathComponent($0.name)) }
        try AtomicFile.writeAll(files)
    }

    /// Joins shard folders of one sweep: same fingerprint, same shard count, each shard once,
    /// every work item present.
    public static func merge(shards folders: [URL]) throws -> (SweepManifest, [Int: [Int: [[Double]]]]) {
        var manifests: [(URL, SweepManifest)] = []
        for folder in folders {
            let store = SweepStore(folder: folder)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
                throw SweepError.mismatch("\(folder.path): no such folder")
            }
            guard isFolder.boolValue else { throw SweepError.mismatch("\(folder.path): a file, not a sweep folder") }
            guard store.exists else { throw SweepError.mismatch("\(folder.path): not a sweep folder (no sweep.json)") }
            let manifest = try store.manifest()
            guard manifest.shard != nil else {
                throw SweepError.mismatch(
                    "\(folder.path): not a shard folder: it holds a whole sweep (run without --shard), whose outputs are already complete")
            }
            manifests.append((folder, manifest))
        }
        guard let (firstFolder, first) = manifests.first else { throw SweepError.mismatch("give at least one shard folder") }
        var seenShards = Set<Int>()
        for (folder, manifest) in manifests {
            if manifest.fingerprint != first.fingerprint {
                throw SweepError.mismatch(
                    "\(folder.path) is a shard of a different sweep than \(firstFolder.path) (scenario '\(manifest.scenario)' seed(s) \(Set(manifest.seeds).sorted()) fingerprint \(manifest.fingerprint), against '\(first.scenario)' seed(s) \(Set(first.seeds).sorted()) fingerprint \(first.fingerprint))"
                )
            }
            let shard = manifest.shard ?? Shard(index: 1, count: 1)
            if shard.count != (first.shard ?? Shard(index: 1, count: 1)).count {
                throw SweepError.mismatch(
                    "\(folder.path) is shard \(shard.index)/\(shard.count); the others are of \((first.shard?.count ?? 1))")
            }
            if !seenShards.insert(shard.index).inserted {
                throw SweepError.mismatch("shard \(shard.index)/\(shard.count) is given twice")
            }
        }
        let count = first.shard?.count ?? 1
        let missing = (1...count).filter { !seenShards.contains($0) }
        if !missing.isEmpty {
            throw SweepError.mismatch("missing shard(s) \(missing.map { "\($0)/\(count)" }.joined(separator: ", "))")
        }
        var merged: [Int: [Int: [[Double]]]] = [:]
        for (folder, _) in manifests {
            for (point, rows) in try SweepStore(folder: folder).readCheckpoints(vendorCount: first.vendors.count) {
                merged[point, default: [:]].merge(rows) { existing, _ in existing }
            }
        }
        var whole = first
        whole.shard = nil
        return (whole, merged)
    }
}
