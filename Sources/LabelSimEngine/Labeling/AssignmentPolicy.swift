internal import CGSL
import LabelSimGSL

/// Who labels next: a worker drawn by workload weight among those still eligible.
///
/// Workers who leave for good (banned, or out of time before the deadline) stay in the alias
/// table and are rejected when drawn, until the weight of those gone reaches a tenth of the
/// table's (``rebuildShare``): then the table is rebuilt without them. A draw therefore takes
/// fewer than 1/0.9 ≈ 1.11 tries on average for departures, and the table is rebuilt only
/// O(log(total weight ÷ weight left) ÷ −log 0.9) times instead of once per departure (a rebuild
/// costs a pass over the whole workforce: with thousands of bans, as on a crowd whose gold bans
/// most of it, a few dozen passes). A rejected draw costs far more than its instructions: it is
/// a mispredicted branch and a second chain of table and record loads, so the tenth (instead of
/// the half this rule used first) made the scale-like profile's labelling about 17% faster
/// (README, "Benchmarks"). Rejection leaves the
/// distribution exactly the workload weights over the eligible workers. "Already on this item"
/// (at most the item's redundancy) is rejected too. After 64 misses in a row an exact scan over
/// the eligible workers takes over, so a draw always ends. `reference` never rebuilds (the rule
/// this one is tested against: the same distribution, different draws).
///
/// The alias table is GSL's (`gsl_ran_discrete_preproc`), copied into one array of (cutoff,
/// alias) pairs so that a draw reads one cache line instead of one in each of GSL's two arrays;
/// the outcome is GSL's for the same uniform (``DiscreteSampler/select(uniform:cell:cutoff:alias:)``).
///
/// Cell or alias: on a table where most draws go one way (a few heavy workers, most cells
/// aliasing to them) the compiler's branch is right nearly always and costs nothing; on one where
/// the share is near even, it is mispredicted on a good part of the draws (each some 15 cycles),
/// and the choice is taken as a conditional move instead (`labelsim_alias_select` in the C shim),
/// which only waits for the cutoff. Same outcome either way.
struct AssignmentPolicy {
    /// One cell of the alias table.
    struct Cell {
        var cutoff: Double
        var alias: Int
    }

    /// The table's cells (raw memory owned by `table`, so that a draw reads them without
    /// reference counting); none when no weight is left.
    private var table: OwnedBuffer<Cell>?
    private var cells: UnsafeMutablePointer<Cell>?
    private var scale = 0.0
    /// Whether the cell-or-alias choice is close to a coin flip on this table (see above).
    private var choiceIsUnpredictable = false
    private var weights: [Double]
    private let reference: Bool
    /// Total weight in the current table, and the part of it that has left.
    private var tableWeight: Double
    private var departedWeight = 0.0

    init(workforce: Workforce, reference: Bool = false) throws(GSLError) {
        weights = workforce.workloadWeights
        tableWeight = weights.reduce(0, +)
        self.reference = reference
        try build()
    }

    /// Takes `worker` out of the draw for the rest of the run (the caller's eligibility test
    /// rejects them until the next rebuild).
    mutating func remove(_ worker: Int) {
        guard !reference, weights[worker] > 0 else { return }
        departedWeight += weights[worker]
        weights[worker] = 0
        guard departedWeight >= Self.rebuildShare * tableWeight else { return }
        tableWeight = weights.reduce(0, +)
        departedWeight = 0
        // No weight left: nobody can be drawn (`pick` then scans and finds no one).
        if tableWeight > 0 {
            try? build()
        } else {
            table = nil
            cells = nil
        }
    }

    /// Builds the table over ``weights`` (empty if GSL refuses them).
    private mutating func build() throws(GSLError) {
        table = nil
        cells = nil
        let sampler = try DiscreteSampler(weights: weights)
        let built = OwnedBuffer(repeating: Cell(cutoff: 0, alias: 0), count: sampler.count)
        for cell in 0..<sampler.count {
            let entry = sampler.entry(cell)
            built.base[cell] = Cell(cutoff: entry.cutoff, alias: entry.alias)
        }
        table = built
        cells = built.base
        scale = Double(sampler.count)
        // The share of draws that keep their cell (cell i holds u in [i/K, (i+1)/K) and keeps it
        // below its cutoff); a predictor that guesses the usual way misses on the smaller share.
        var keep = 0.0
        for cell in 0..<sampler.count { keep += min(1, max(0, built.base[cell].cutoff * scale - Double(cell))) }
        let keepShare = keep / scale
        choiceIsUnpredictable = min(keepShare, 1 - keepShare) > Self.unpredictableShare
    }

    /// The share of the table's weight that may have left before the table is rebuilt.
    static let rebuildShare = 0.1

    /// The share of mispredicted choices above which a conditional move beats the branch (its
    /// misses cost about 15 cycles; the move adds 2–3 cycles of latency to every draw).
    static let unpredictableShare = 0.15

    /// The first of at most 64 table draws whose worker is eligible, nil when none is; `select`
    /// maps (u, cell, cutoff, alias) to the drawn worker.
    @inline(__always)
    private func firstEligible(
        _ cells: UnsafeMutablePointer<Cell>, _ draws: BufferedUniforms.Reader, _ isEligible: (Int) -> Bool,
        select: (Double, Int, Double, Int) -> Int
    ) -> Int? {
        let scale = scale
        return draws.first(within: 64) { u -> Int? in
            let index = labelsim_cell_index(u, scale)
            let cell = cells[index]
            let worker = select(u, index, cell.cutoff, cell.alias)
            return isEligible(worker) ? worker : nil
        }
    }

    /// An eligible worker, or nil when none is left.
    @inline(__always)
    func pick(using draws: BufferedUniforms.Reader, isEligible: (Int) -> Bool) -> Int? {
        guard let cells else { return nil }
        // One rejection loop, specialised for each way of choosing between cell and alias.
        let drawn =
            choiceIsUnpredictable
            ? firstEligible(cells, draws, isEligible) { labelsim_alias_select($0, $2, $1, $3) }
            : firstEligible(cells, draws, isEligible) { DiscreteSampler.select(uniform: $0, cell: $1, cutoff: $2, alias: $3) }
        if let drawn { return drawn }
        var total = 0.0
        for worker in weights.indices where weights[worker] > 0 && isEligible(worker) { total += weights[worker] }
        guard total > 0 else { return nil }
        var target = draws.uniform() * total
        var last: Int?
        for worker in weights.indices where weights[worker] > 0 && isEligible(worker) {
            target -= weights[worker]
            last = worker
            if target < 0 { return worker }
        }
        return last
    }
}
