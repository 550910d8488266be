import LabelSimCore
import LabelSimGSL

/// Step 4 of a preference replication: one label per bought pair from its comparisons.
public enum PairLabels {
    /// 1 (A preferred), 0 (B preferred) or −1 (no usable comparison) for each of the first
    /// `comparisons.pairsBought` pool pairs. Majority ties are broken by a coin from `rng`.
    public static func aggregate(
        _ comparisons: Comparisons, method: PreferenceAggregation, pool: PreferenceWorld.Pairs, using rng: GSLRandom
    ) -> [Int8] {
        let count = comparisons.pairsBought
        switch method {
        case .majority:
            var votes = [Int32](repeating: 0, count: count)
            var used = [Bool](repeating: false, count: count)
            for k in comparisons.outcomes.indices where comparisons.outcomes[k] >= 0 {
                let pair = Int(comparisons.pairs[k])
                votes[pair] += comparisons.outcomes[k] == 1 ? 1 : -1
                used[pair] = true
            }
            return (0..<count).map { pair in
                guard used[pair] else { return -1 }
                if votes[pair] == 0 { return rng.uniform() < 0.5 ? 1 : 0 }
                return votes[pair] > 0 ? 1 : 0
            }
        case .bradleyTerry:
            guard count > 0 else { return [] }
            // Responses of the bought pairs, renumbered from 0.
            let base = Int(pool.left[0])
            let itemCount = Int(max(pool.left[count - 1], pool.right[count - 1])) - base + 1
            var left: [Int32] = []
            var right: [Int32] = []
            var leftWins: [Bool] = []
            var used = [Bool](repeating: false, count: count)
            for k in comparisons.outcomes.indices where comparisons.outcomes[k] >= 0 {
                let pair = Int(comparisons.pairs[k])
                left.append(pool.left[pair] - Int32(base))
                right.append(pool.right[pair] - Int32(base))
                leftWins.append(comparisons.outcomes[k] == 1)
                used[pair] = true
            }
            let scores = BradleyTerry().scores(itemCount: itemCount, left: left, right: right, leftWins: leftWins).scores
            return (0..<count).map { pair in
                let a = scores[Int(pool.left[pair]) - base]
                let b = scores[Int(pool.right[pair]) - base]
                // A pair nobody compared still gets a label when its responses met others.
                guard used[pair] || a + b > 0 else { return -1 }
                if a == b { return rng.uniform() < 0.5 ? 1 : 0 }
                return a > b ? 1 : 0
            }
        }
    }
}
