import LabelSimCore
import LabelSimGSL

/// Step 4 of a preference replication: one label per bought pair from its comparisons.
enum PairLabels {
    /// 1 (A preferred), 0 (B preferred) or −1 (no usable comparison) for each of the first
    /// `comparisons.pairsBought` pool pairs. Majority ties are broken by a coin from `rng`.
    static func aggregate(
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
        case .bradleyTerry, .noisyBradleyTerry:
            guard count > 0 else { return [] }
            // Responses of the bought pairs, renumbered from 0.
            let base = Int(pool.left[0])
            let itemCount = Int(max(pool.left[count - 1], pool.right[count - 1])) - base + 1
            var left: [Int32] = []
            var right: [Int32] = []
            var raters: [Int32] = []
            var leftWins: [Bool] = []
            var used = [Bool](repeating: false, count: count)
            for k in comparisons.outcomes.indices where comparisons.outcomes[k] >= 0 {
                let pair = Int(comparisons.pairs[k])
                left.append(pool.left[pair] - Int32(base))
                right.append(pool.right[pair] - Int32(base))
                raters.append(comparisons.raters[k])
                leftWins.append(comparisons.outcomes[k] == 1)
                used[pair] = true
            }
            // BT scores are positive strengths (0: in no comparison); noisy-BT's are log-odds (0: in none, or no evidence).
            let scores: [Double]
            if method == .bradleyTerry {
                scores = BradleyTerry().scores(itemCount: itemCount, left: left, right: right, leftWins: leftWins).scores
            } else {
                let raterCount = Int(comparisons.raters.max() ?? -1) + 1
                scores =
                    NoisyBradleyTerry().fit(
                        itemCount: itemCount, raterCount: raterCount, left: left, right: right, raters: raters, leftWins: leftWins
                    ).scores
            }
            return (0..<count).map { pair in
                let a = scores[Int(pool.left[pair]) - base]
                let b = scores[Int(pool.right[pair]) - base]
                // A pair nobody compared still gets a label when its responses met others.
                guard used[pair] || a != 0 || b != 0 else { return -1 }
                if a == b { return rng.uniform() < 0.5 ? 1 : 0 }
                return a > b ? 1 : 0
            }
        }
    }

    /// The stated strength of each bought pair's label: the mean level of the comparisons that
    /// agree with it, rounded to the nearest level (halves to the weaker one); 3 (negligibly
    /// better) for a pair with no agreeing comparison or no label.
    static func strengths(_ comparisons: Comparisons, labels: [Int8]) -> [UInt8] {
        var sums = [Int](repeating: 0, count: labels.count)
        var counts = [Int](repeating: 0, count: labels.count)
        for k in comparisons.outcomes.indices where comparisons.outcomes[k] >= 0 {
            let pair = Int(comparisons.pairs[k])
            guard comparisons.outcomes[k] == labels[pair] else { continue }
            sums[pair] += Int(comparisons.strengths[k])
            counts[pair] += 1
        }
        return labels.indices.map { pair in
            guard counts[pair] > 0 else { return 3 }
            // round((sum / count) + 0.5 down) in integers: ⌊(2·sum + count) / (2·count)⌋.
            return UInt8((2 * sums[pair] + counts[pair]) / (2 * counts[pair]))
        }
    }
}
