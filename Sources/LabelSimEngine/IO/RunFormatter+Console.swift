import Foundation

extension RunFormatter {
    /// What `labelsim run` prints by default: the verdict (on a gap of `minDifference` points), the
    /// run's size and `wallSeconds`, the metric table with its key, the timeline table of a
    /// timeline, and the time per pipeline stage.
    public func console(wallSeconds: Double, minDifference: Double) -> String {
        let scenario = result.scenario
        var lines = [
            Verdict(result: result, minDifference: minDifference).sentence,
            "\(scenario.name): \(scenario.replications) replications, seed \(scenario.seed), \(String(format: "%.2f", wallSeconds)) s",
            "mean ± 95% CI of the mean (Monte Carlo error) [95% prediction interval of one project] (key below)\n",
            table(),
        ]
        if let timeline = timelineTable() {
            lines += ["\ntimeline: cumulative after each period (mean; ± 95% CI half-width on accuracies)\n", timeline]
        }
        lines.append(
            "time per stage (summed over threads): "
                + result.stageSeconds.map { "\($0.stage.rawValue) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
