/// Majority-vote accuracy against redundancy, computed exactly from an annotation file: for each
/// k, the expected accuracy over all k-subsets of each item's labels (ties broken uniformly at
/// random); an item with fewer than k labels keeps all of them.
///
/// For an item with vote counts c (n labels) and truth y, the expectation is
/// Σ_t C(c_y, t) Σ_{v: Σv = k − t} Π_{j≠y} C(c_j, v_j) · s(t, v) / C(n, k), with s = 1 when t beats
/// every v_j and 1/(1 + ties) when it ties the largest; the inner sum runs as a small dynamic
/// programme over the other classes keeping (votes used, largest count, how many share it).
struct MajorityCurve: Sendable, Equatable {
    /// One point of the curve.
    struct Point: Sendable, Equatable {
        /// Labels per item.
        public var k: Int
        /// Scored items with at least k labels.
        public var items: Int
        /// Mean accuracy over the scored items.
        public var accuracy: Double
    }

    /// Points for k = 1 … ``maximumK``.
    public var points: [Point]

    /// The largest number of labels on a scored item.
    var maximumK: Int { points.count }

    /// The curve of `matrix` scored on `truth` (class per item, negative = not scored), up to
    /// `upTo` labels (default: the most labels any scored item has).
    public init(matrix: AnnotationMatrix, truth: [Int32], upTo limit: Int? = nil) {
        let classes = matrix.classCount
        var counts = [Int](repeating: 0, count: classes)
        var scored: [(counts: [Int], truth: Int)] = []
        for item in 0..<matrix.itemCount where item < truth.count && truth[item] >= 0 {
            for k in 0..<classes { counts[k] = 0 }
            for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] { counts[Int(matrix.labels[entry])] += 1 }
            if counts.reduce(0, +) > 0 { scored.append((counts, Int(truth[item]))) }
        }
        let most = scored.map { $0.counts.reduce(0, +) }.max() ?? 0
        let top = min(limit ?? most, most)
        var points: [Point] = []
        for k in stride(from: 1, through: top, by: 1) {
            var total = 0.0
            var deep = 0
            for item in scored {
                let n = item.counts.reduce(0, +)
                if n >= k { deep += 1 }
                total += Self.expectedCorrect(counts: item.counts, truth: item.truth, k: min(k, n))
            }
            points.append(Point(k: k, items: deep, accuracy: scored.isEmpty ? .nan : total / Double(scored.count)))
        }
        self.points = points
    }

    /// Expected majority-vote correctness over the k-subsets of one item's labels.
    static func expectedCorrect(counts: [Int], truth y: Int, k: Int) -> Double {
        let n = counts.reduce(0, +)
        guard k > 0, k <= n else { return 0 }
        let others = counts.enumerated().filter { $0.offset != y }.map(\.element)
        var sum = 0.0
        for t in 0...min(counts[y], k) {
            let rest = k - t
            // state: votes used → [largest → [ties → weight]] flattened as a dictionary
            var states: [State: Double] = [State(used: 0, largest: -1, ties: 0): 1]
            for cj in others {
                var next: [State: Double] = [:]
                for (state, weight) in states {
                    for v in 0...min(cj, rest - state.used) {
                        let w = weight * binomial(cj, v)
                        let key: State
                        if v > state.largest {
                            key = State(used: state.used + v, largest: v, ties: 1)
                        } else if v == state.largest {
                            key = State(used: state.used + v, largest: v, ties: state.ties + 1)
                        } else {
                            key = State(used: state.used + v, largest: state.largest, ties: state.ties)
                        }
                        next[key, default: 0] += w
                    }
                }
                states = next
            }
            let ways = binomial(counts[y], t)
            for (state, weight) in states where state.used == rest {
                if t > state.largest {
                    sum += ways * weight
                } else if t == state.largest {
                    sum += ways * weight / Double(1 + state.ties)
                }
            }
        }
        return sum / binomial(n, k)
    }

    private struct State: Hashable {
        var used: Int
        var largest: Int
        var ties: Int
    }

    /// C(n, k) as a Double (exact for the label counts of real files).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        let small = min(k, n - k)
        var value = 1.0
        if small == 0 { return 1 }
        for i in 1...small { value = value * Double(n - small + i) / Double(i) }
        return value.rounded()
    }
}
