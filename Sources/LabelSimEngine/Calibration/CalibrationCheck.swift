import LabelSimCore
import LabelSimGSL

/// Checks a calibrated profile with the engine: the written scenario is parsed and run
/// replication by replication through ``Replication`` (world, workforce, labelling); the
/// simulated items are placed at the file's positions (a gold position gets a simulated item of
/// the gold class: ``positions(classes:truth:)``), each keeps the first n_i of its labels, n_i
/// being the file's count at position i (labels of an item are exchangeable, so this is a random
/// subset), and the simulated file is scored exactly as the real one: the majority-vote curve on
/// the gold positions, and Dawid–Skene.
public struct CalibrationCheck: Sendable {
    /// One simulated point beside the observed one.
    public struct Row: Sendable {
        /// Labels per item (nil for the Dawid–Skene row).
        public var k: Int?
        /// Scored items with at least k labels in the file.
        public var items: Int
        /// Observed accuracy.
        public var observed: Double
        /// Simulated mean accuracy and its 95% CI.
        public var simulated: MetricSummary
    }

    /// The majority-vote curve, k = 1 … the file's redundancy.
    public var curve: [Row]
    /// Dawid–Skene at the file's redundancy.
    public var dawidSkene: Row

    /// The largest gap between simulated and observed, as a share of the tolerance the README's
    /// fit table uses: |simulated − observed| / 0.02 at each k of the majority-vote curve with at
    /// least 100 scored items (every k when none has), and / 0.03 for Dawid–Skene. Values that are
    /// not numbers are skipped; 0 when nothing is left.
    public var worstGap: Double {
        let wide = curve.filter { $0.items >= 100 }
        var gaps = (wide.isEmpty ? curve : wide).map { abs($0.simulated.mean - $0.observed) / 0.02 }
        gaps.append(abs(dawidSkene.simulated.mean - dawidSkene.observed) / 0.03)
        return gaps.filter { $0.isFinite }.max() ?? 0
    }

    /// Runs `replications` replications of `scenario` (the one ``CalibratedProfile`` writes) and
    /// compares them with `matrix` scored on `truth`.
    public static func run(
        scenario: Scenario, matrix: AnnotationMatrix, truth: [Int32], replications: Int, seed: UInt64
    ) throws -> CalibrationCheck {
        let scored: [Int32] = truth.contains { $0 >= 0 } ? truth : [Int32](repeating: -1, count: matrix.itemCount)
        let observedCurve = MajorityCurve(matrix: matrix, truth: scored)
        let observedDS = DawidSkene().aggregate(matrix, using: GSLRandom(seed: seed))
        let goldCount = scored.filter { $0 >= 0 }.count
        var dsCorrect = 0
        for (item, y) in scored.enumerated() where y >= 0 && observedDS.labels[item] == y { dsCorrect += 1 }
        let counts = (0..<matrix.itemCount).map { matrix.itemStart[$0 + 1] - matrix.itemStart[$0] }
        var run = scenario
        run.replications = replications
        run.seed = seed
        let replication = try Replication(scenario: run)
        var curves: [[Double]] = Array(repeating: [], count: observedCurve.maximumK)
        var dsValues: [Double] = []
        for index in 0..<replications {
            let world = try replication.world(index: index)
            let rng = GSLRandom(seed: StreamSeed.derive(seed: run.seed, replication: index, stream: .vendor(0)))
            let outcome = try replication.label(vendorIndex: 0, replication: index, pool: world.pool, using: rng)
            let order = positions(classes: Array(world.pool.classes.prefix(outcome.matrix.itemCount)), truth: scored)
            let simulated = truncate(outcome.matrix, order: order, to: counts)
            var simulatedTruth = [Int32](repeating: -1, count: simulated.itemCount)
            for item in 0..<simulated.itemCount where scored[item] >= 0 { simulatedTruth[item] = world.pool.classes[order[item]] }
            let curve = MajorityCurve(matrix: simulated, truth: simulatedTruth, upTo: observedCurve.maximumK)
            for (k, point) in curve.points.enumerated() { curves[k].append(point.accuracy) }
            let ds = DawidSkene().aggregate(simulated, using: rng)
            var correct = 0
            var total = 0
            for item in 0..<simulated.itemCount where simulatedTruth[item] >= 0 {
                total += 1
                if ds.labels[item] == simulatedTruth[item] { correct += 1 }
            }
            dsValues.append(total > 0 ? Double(correct) / Double(total) : .nan)
        }
        let rows = observedCurve.points.enumerated().map { index, point in
            Row(k: point.k, items: point.items, observed: point.accuracy, simulated: MetricSummary(values: curves[index]))
        }
        let ds = Row(
            k: nil, items: goldCount, observed: goldCount > 0 ? Double(dsCorrect) / Double(goldCount) : .nan,
            simulated: MetricSummary(values: dsValues))
        return CalibrationCheck(curve: rows, dawidSkene: ds)
    }

    /// Which simulated item stands at each position of the file: a gold position takes the next
    /// unused simulated item of the gold item's class (gold may be a class-stratified sample, so
    /// the scored items keep the file's class mix; the simulated items of a class are
    /// exchangeable), or any unused item when that class has run out; the other positions take
    /// the remaining items in order.
    static func positions(classes: [Int32], truth: [Int32]) -> [Int] {
        let count = min(classes.count, truth.count)
        var byClass: [Int32: [Int]] = [:]
        for item in (0..<count).reversed() { byClass[classes[item], default: []].append(item) }
        var used = [Bool](repeating: false, count: classes.count)
        var order = [Int](repeating: -1, count: count)
        for position in 0..<count where truth[position] >= 0 {
            if let next = byClass[truth[position]]?.popLast() {
                order[position] = next
                used[next] = true
            }
        }
        var free = 0
        for position in 0..<count where order[position] < 0 {
            while used[free] { free += 1 }
            order[position] = free
            used[free] = true
        }
        return order
    }

    /// The first `counts[i]` labels of simulated item `order[i]` of `matrix`, for each position i.
    static func truncate(_ matrix: AnnotationMatrix, order: [Int], to counts: [Int]) -> AnnotationMatrix {
        let items = min(order.count, counts.count)
        var starts = [0]
        var workers: [Int32] = []
        var labels: [Int32] = []
        for item in 0..<items {
            let begin = matrix.itemStart[order[item]]
            let end = min(matrix.itemStart[order[item] + 1], begin + counts[item])
            workers += matrix.workers[begin..<end]
            labels += matrix.labels[begin..<end]
            starts.append(workers.count)
        }
        return AnnotationMatrix(
            itemCount: items, workerCount: matrix.workerCount, classCount: matrix.classCount, itemStart: starts, workers: workers,
            labels: labels)
    }
}
