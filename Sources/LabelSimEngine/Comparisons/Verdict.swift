import Foundation
import LabelSimCore

/// The one sentence a run, a comparison or a search opens with: the best option on the quality
/// metric, by how much against the next (paired difference, 95% CI, share of replications won),
/// or that there is no meaningful difference.
///
/// The quality metric is ``MetricRegistry/qualityMetric(of:)`` (`model_accuracy` when a model is
/// trained, the largest `best_of_n_gain@n` for preference data), else correct items per dollar
/// (`items_correct ÷ cost_dollars`, per replication), unless the caller names one (`optimize
/// --metric`; a lower-is-better metric ranks smallest first). A difference is meaningful when its
/// size reaches `minDifference` — in points (hundredths) for shares such as accuracies, in percent
/// of the runner-up otherwise — and its 95% CI excludes zero.
public struct Verdict: Sendable {
    /// What is compared (`model_accuracy`, or `correct items per dollar`).
    public let metric: String
    /// Option indices compared.
    public let options: [Int]
    /// The best option by mean, or nil when no option has a value.
    public let best: Int?
    /// The next best.
    public let runnerUp: Int?
    /// Mean quality per compared option (same order as ``options``).
    public let means: [Double]
    /// best − runner-up, paired over replications, signed so that positive means the best is
    /// better (runner-up − best for a lower-is-better metric).
    public let difference: PairedDifference?
    /// Whether the gap reaches the threshold and its CI excludes zero.
    public let isMeaningful: Bool
    /// The threshold, in points (or percent).
    public let minDifference: Double
    /// The sentence.
    public let sentence: String

    /// The verdict over `options` (default: all) of `result`, on `chosen` metric or the quality metric.
    public init(result: RunResult, options chosen: [Int]? = nil, minDifference: Double = 0.5, metric named: Metric? = nil) {
        let names = result.optionNames
        // The registry decides the quality metric; only a classification run without a model is
        // compared on correct items per dollar (label accuracy does not move with price there).
        let registered = MetricRegistry.qualityMetric(of: result.catalog)
        let named = named ?? (registered == .labelAccuracy ? nil : registered)
        let options = chosen ?? Array(names.indices)
        self.options = options
        self.minDifference = minDifference
        let isShare = named.map { $0.unit == "share" } ?? result.catalog.contains(.modelAccuracy)
        metric = named?.name ?? (isShare ? Metric.modelAccuracy.name : "correct items per dollar")
        // Ranking and differences run on sign × value, so that larger is always better.
        let sign: Double = named?.direction == .lower ? -1 : 1
        let all = named.map { metric in names.indices.map { result.values(vendor: $0, metric: metric) } } ?? Self.qualityValues(of: result)
        let values = options.map { all[$0].map { $0 * sign } }
        let averages = values.map { MetricSummary(values: $0).mean }
        means = averages.map { $0 * sign }
        let ranked = averages.indices.filter { !averages[$0].isNaN }.sorted {
            averages[$0] > averages[$1] || (averages[$0] == averages[$1] && $0 < $1)
        }
        best = ranked.first.map { options[$0] }
        runnerUp = ranked.count > 1 ? options[ranked[1]] : nil
        let quality = metric
        guard ranked.count > 1 else {
            difference = nil
            isMeaningful = false
            if let only = ranked.first {
                sentence = "Verdict: only \(names[options[only]]) was run; \(quality) \(NumberText.human(averages[only] * sign))."
            } else {
                sentence = "Verdict: no option has a value of \(quality)."
            }
            return
        }
        let first = ranked[0]
        let second = ranked[1]
        let paired = PairedDifference(a: values[first], b: values[second], direction: .higher)
        difference = paired
        let scale = isShare ? 100 : 100 / abs(averages[second])
        let size = paired.mean * scale
        let low = paired.ciLow * scale
        let high = paired.ciHigh * scale
        let unit = isShare ? "points" : "%"
        isMeaningful = size >= minDifference && paired.ciLow > 0
        let gap =
            "\(Self.format(size)) \(unit) (95% CI \(Self.format(low)) to \(Self.format(high)); better in "
            + "\(String(format: "%.0f", paired.aWins * 100))% of \(paired.n) replication\(paired.n == 1 ? "" : "s"))"
        let (a, b) = (names[options[first]], names[options[second]])
        if isMeaningful {
            sentence = "Verdict: \(a) is best on \(quality) (\(NumberText.human(averages[first] * sign))), ahead of \(b) by \(gap)."
        } else {
            let reason =
                size < minDifference
                ? "below the \(Self.format(minDifference))-\(isShare ? "point" : "%") threshold (--min-difference)"
                : paired.ciLow.isFinite ? "and the 95% CI includes 0" : "and one replication gives no CI (run at least 2)"
            sentence = "Verdict: no meaningful difference on \(quality): \(a) leads \(b) by \(gap), \(reason)."
        }
    }

    /// The quality of every option per replication: `model_accuracy` when a model is trained, else
    /// `items_correct ÷ cost_dollars` (`values[option][replication]`).
    static func qualityValues(of result: RunResult) -> [[Double]] {
        result.optionNames.indices.map { option in
            result.rows.map { quality(of: $0[option], catalog: result.catalog, metric: nil) }
        }
    }

    /// The quality of one record: the `named` metric when given, else `model_accuracy` when the
    /// catalog trains a model, else `items_correct ÷ cost_dollars` (NaN without cost).
    static func quality(of record: MetricRecord<Double>, catalog: MetricCatalog, metric named: Metric?) -> Double {
        if let named { return record[named] ?? .nan }
        if catalog.contains(.modelAccuracy) { return record[.modelAccuracy] ?? .nan }
        let cost = record[.costDollars] ?? .nan
        return cost > 0 ? (record[.itemsCorrect] ?? .nan) / cost : .nan
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        return String(format: abs(value) < 10 ? "%.2f" : "%.1f", value)
    }
}
