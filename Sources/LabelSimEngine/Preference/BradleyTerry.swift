/// Bradley–Terry item scores from pairwise comparisons by the MM algorithm (Hunter 2004, *MM
/// algorithms for generalized Bradley–Terry models*; Bradley & Terry 1952).
///
/// P(i ≻ j) = p_i / (p_i + p_j). Starting from p = 1, every iteration sets
/// p_i ← w_i / Σ_j n_ij / (p_i + p_j) for all i at once (w_i: wins of i, n_ij: comparisons of i and
/// j) and rescales p to sum to 1; it stops when the L1 change of p is below `tolerance` or after
/// `maxIterations`. These are crowd-kit's `BradleyTerry` update and stopping rule; crowd-kit 1.4.2
/// compares each iterate with itself (an aliased array), so it always stops after two iterations:
/// `maxIterations: 2` reproduces its scores (`scripts/crowdkit_bradley_terry.py`).
public struct BradleyTerry: Sendable {
    /// Iteration limit.
    public var maxIterations: Int
    /// Stopping tolerance on the L1 change of the scores.
    public var tolerance: Double

    /// Creates the method with crowd-kit's tolerance.
    public init(maxIterations: Int = 1000, tolerance: Double = 1e-5) {
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Scores of `itemCount` items from comparisons `(left[k], right[k])` won by left when `leftWins[k]`.
    ///
    /// Returns the scores (summing to 1 over items that appear in a comparison; 0 for items in none)
    /// and the iterations run.
    public func scores(itemCount: Int, left: [Int32], right: [Int32], leftWins: [Bool]) -> (scores: [Double], iterations: Int) {
        var wins = [Double](repeating: 0, count: itemCount)
        // Comparisons per unordered pair, in order of first appearance (deterministic summation).
        var edgeIndex: [Int64: Int] = [:]
        var edgeA: [Int] = []
        var edgeB: [Int] = []
        var edgeCount: [Double] = []
        var seen = [Bool](repeating: false, count: itemCount)
        for k in left.indices {
            let (a, b) = (Int(left[k]), Int(right[k]))
            wins[leftWins[k] ? a : b] += 1
            seen[a] = true
            seen[b] = true
            let key = Int64(min(a, b)) << 32 | Int64(max(a, b))
            if let index = edgeIndex[key] {
                edgeCount[index] += 1
            } else {
                edgeIndex[key] = edgeCount.count
                edgeA.append(min(a, b))
                edgeB.append(max(a, b))
                edgeCount.append(1)
            }
        }
        var p = seen.map { $0 ? 1.0 : 0.0 }
        var next = [Double](repeating: 0, count: itemCount)
        var denominator = [Double](repeating: 0, count: itemCount)
        var iterations = 0
        for iteration in 0..<maxIterations {
            iterations = iteration + 1
            for i in 0..<itemCount { denominator[i] = 0 }
            for e in edgeCount.indices {
                let sum = p[edgeA[e]] + p[edgeB[e]]
                guard sum > 0 else { continue }
                let share = edgeCount[e] / sum
                denominator[edgeA[e]] += share
                denominator[edgeB[e]] += share
            }
            var total = 0.0
            for i in 0..<itemCount {
                next[i] = denominator[i] > 0 ? wins[i] / denominator[i] : 0
                total += next[i]
            }
            guard total > 0 else { break }
            var change = 0.0
            for i in 0..<itemCount {
                next[i] /= total
                change += abs(next[i] - p[i])
            }
            swap(&p, &next)
            if iteration > 0, change < tolerance { break }
        }
        return (p, iterations)
    }
}
