import Foundation

/// Which column of a headerless three-column tab file holds the items: `item worker label`
/// (``AnnotationFileFormat/whitespace``) or Get-Another-Label's `worker item label`
/// (``AnnotationFileFormat/gal``), decided by a majority of three signals, each of which may
/// abstain:
/// 1. **distinct values**: items outnumber workers in crowdsourcing data (every public set we
///    know: web 2,665 items / 177 workers, AdultContent 11,040 / 825), so the column with more
///    distinct values is the items;
/// 2. **runs**: annotation exports are usually grouped by item (web, dog and AdultContent are; of
///    the four shared data sets only d_product is grouped by worker), so a column whose values
///    come in contiguous runs (at most 10% more runs than distinct values) while the other's do
///    not is the items;
/// 3. **label agreement**: two labels of one item agree more often than two labels of one worker
///    (workers agree on an item; one worker's labels spread over the classes), measured as the
///    share of agreeing pairs within each column's groups; it votes when the two differ by at
///    least 0.02. It fails alone for crowds of biased workers (AdultContent's workers label
///    mostly `G`: 0.88 within workers against 0.70 within items), hence the vote.
///
/// A tie falls back to the distinct values, then to `item worker label`. Whatever is chosen is
/// said in ``note(fileName:)``, with the evidence and the `--input-format` that overrides it.
struct LayoutEvidence {
    /// +1 for items first, −1 for workers first, 0 for no vote.
    let distinctVote: Int
    let runsVote: Int
    let agreementVote: Int
    let distinct: (first: Int, second: Int)
    let agreement: (first: Double?, second: Double?)

    /// Weighs the evidence of the first two columns' ids per line and the labels' ids.
    init(first: [Int32], second: [Int32], labels: [Int32], distinct: (Int, Int), runs: (Int, Int), classCount: Int) {
        self.distinct = distinct
        distinctVote = distinct.0 > distinct.1 ? 1 : distinct.0 < distinct.1 ? -1 : 0
        let grouped = (Double(runs.0) <= 1.1 * Double(distinct.0), Double(runs.1) <= 1.1 * Double(distinct.1))
        runsVote = grouped.0 && !grouped.1 ? 1 : grouped.1 && !grouped.0 ? -1 : 0
        agreement = (
            Self.agreement(groups: first, groupCount: distinct.0, labels: labels, classCount: classCount),
            Self.agreement(groups: second, groupCount: distinct.1, labels: labels, classCount: classCount)
        )
        if let a = agreement.first, let b = agreement.second, abs(a - b) >= 0.02 {
            agreementVote = a > b ? 1 : -1
        } else {
            agreementVote = 0
        }
    }

    /// Whether the first column holds the workers (Get-Another-Label).
    var workersFirst: Bool {
        let total = distinctVote + runsVote + agreementVote
        if total != 0 { return total < 0 }
        return distinctVote < 0
    }

    /// One line for standard error: the layout chosen, why, and how to choose the other.
    func note(fileName: String) -> String {
        let layout =
            workersFirst
            ? "Get-Another-Label worker<TAB>item<TAB>label (use --input-format whitespace if the first column holds the items)"
            : "item<TAB>worker<TAB>label (use --input-format gal if the first column holds the workers)"
        // Evidence in terms of the column read as the items.
        let sign = workersFirst ? -1 : 1
        func side(_ vote: Int) -> String { vote == 0 ? "undecided" : vote * sign > 0 ? "agrees" : "disagrees" }
        let itemColumn = workersFirst ? "second" : "first"
        let counts = workersFirst ? (distinct.second, distinct.first) : (distinct.first, distinct.second)
        let agreements = workersFirst ? (agreement.second, agreement.first) : (agreement.first, agreement.second)
        func share(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        return "\(fileName): read as \(layout); evidence for the \(itemColumn) column as items: distinct values "
            + "\(counts.0) vs \(counts.1) (\(side(distinctVote))), grouping of lines (\(side(runsVote))), labels agreeing "
            + "within its groups \(share(agreements.0)) vs \(share(agreements.1)) (\(side(agreementVote)))"
    }

    /// Share of agreeing label pairs over all pairs of labels in the same group; nil without pairs.
    static func agreement(groups: [Int32], groupCount: Int, labels: [Int32], classCount: Int) -> Double? {
        // Agreeing pairs are Σ over groups and classes of C(n_gc, 2): with a small enough group ×
        // class table, tallied in one pass; otherwise labels are grouped by a counting sort and
        // each group's pairs counted from class tallies. Both count the same integers.
        let cells = groupCount.multipliedReportingOverflow(by: classCount)
        if !cells.overflow, cells.partialValue <= max(1 << 16, 2 * labels.count), labels.count < Int(Int32.max) {
            var table = [Int32](repeating: 0, count: groupCount * classCount)
            var groupSizes = [Int32](repeating: 0, count: groupCount)
            var agreeing = 0
            for (group, label) in zip(groups, labels) {
                let cell = Int(group) * classCount + Int(label)
                agreeing += Int(table[cell])
                table[cell] += 1
                groupSizes[Int(group)] += 1
            }
            var pairs = 0
            for size in groupSizes { pairs += Int(size) * (Int(size) - 1) / 2 }
            return pairs > 0 ? Double(agreeing) / Double(pairs) : nil
        }
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for group in groups { starts[Int(group) + 1] += 1 }
        for index in 0..<groupCount { starts[index + 1] += starts[index] }
        var next = starts
        var sorted = [Int32](repeating: 0, count: labels.count)
        for (index, group) in groups.enumerated() {
            sorted[next[Int(group)]] = labels[index]
            next[Int(group)] += 1
        }
        var tally = [Int](repeating: 0, count: classCount)
        var agreeing = 0
        var pairs = 0
        for group in 0..<groupCount {
            let row = starts[group]..<starts[group + 1]
            pairs += row.count * (row.count - 1) / 2
            for slot in row {
                agreeing += tally[Int(sorted[slot])]
                tally[Int(sorted[slot])] += 1
            }
            for slot in row { tally[Int(sorted[slot])] = 0 }
        }
        return pairs > 0 ? Double(agreeing) / Double(pairs) : nil
    }
}
