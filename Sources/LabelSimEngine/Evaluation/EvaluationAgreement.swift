import LabelSimCore

/// Whether the vendor comparison a lab measures on its bought evaluation set agrees with the true
/// one (model accuracy on the large clean test set), over the replications of a run.
public struct EvaluationAgreement: Sendable, Equatable {
    /// Share of replications whose best vendor by measured accuracy is the best by true accuracy.
    let bestAgrees: Double
    /// Share of (replication, vendor pair) cases whose order by measured accuracy is the true order
    /// (pairs tied in truth are left out).
    let pairsAgree: Double
    /// Replications counted.
    public let replications: Int

    /// The agreement of `result`; nil when the run bought no evaluation set or has one vendor.
    public init?(result: RunResult) {
        guard let measured = result.catalog.index(of: .measuredAccuracy), let truth = result.catalog.index(of: .modelAccuracy),
            result.scenario.vendors.count >= 2
        else { return nil }
        var best = 0
        var counted = 0
        var pairs = 0
        var agreeing = 0
        for rows in result.rows {
            let m = rows.map { $0.values[measured] }
            let t = rows.map { $0.values[truth] }
            guard m.allSatisfy(\.isFinite), t.allSatisfy(\.isFinite) else { continue }
            counted += 1
            if let top = t.indices.max(by: { t[$0] < t[$1] }), let measuredTop = m.indices.max(by: { m[$0] < m[$1] }),
                t[measuredTop] == t[top]
            {
                best += 1
            }
            for a in rows.indices {
                for b in rows.indices where b > a && t[a] != t[b] {
                    pairs += 1
                    if (m[a] - m[b]) * (t[a] - t[b]) > 0 { agreeing += 1 }
                }
            }
        }
        guard counted > 0 else { return nil }
        bestAgrees = Double(best) / Double(counted)
        pairsAgree = pairs > 0 ? Double(agreeing) / Double(pairs) : .nan
        replications = counted
    }

    /// One line for the terminal and the report.
    public func sentence(_ spec: EvaluationSpec) -> String {
        "Evaluation set (\(spec.vendor), \(spec.items) items × \(spec.redundancy)): the measured best vendor is the true best in "
            + String(format: "%.1f", 100 * bestAgrees) + "% of \(replications) replications; vendor pairs ordered as in truth: "
            + String(format: "%.1f", 100 * pairsAgree) + "%."
    }
}
