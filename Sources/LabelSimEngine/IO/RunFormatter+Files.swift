extension RunFormatter {
    /// The results folder of `labelsim run`: `manifest.json`, `replications.csv`, `summary.csv`,
    /// `timeline.csv` for a timeline, and the report; `minDifference` is the verdict's threshold.
    public func files(manifest: Manifest, minDifference: Double) throws -> [(name: String, contents: String)] {
        [
            ("manifest.json", try manifest.json()),
            ("replications.csv", replicationsCSV()),
            ("summary.csv", summaryCSV()),
        ] + (timelineCSV().map { [("timeline.csv", $0)] } ?? [])
            + report(
                wallSeconds: manifest.wallSeconds, command: manifest.commandLine.joined(separator: " "), minDifference: minDifference)
    }
}
