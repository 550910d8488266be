import LabelSimEngine
import LabelSimGSL

/// Synthetic crowd labels from one-coin workers, the data of `bench/peers/gen_labels.py`:
/// the truth is uniform over K classes; worker `w` has accuracy `p_w ~ Beta(a, b)`; each item is
/// labelled by `redundancy` distinct workers drawn uniformly (Floyd's algorithm); a label is right
/// with probability `p_w`, otherwise uniform over the K − 1 wrong classes.
///
/// Same distribution as the Python script, not the same numbers (different generator).
public struct OneCoinCrowd: Sendable {
    /// Number of items.
    public var items: Int
    /// Number of classes K (at least 2).
    public var classes: Int
    /// Number of workers.
    public var workers: Int
    /// Distinct workers per item (at most `workers`).
    public var redundancy: Int
    /// Beta parameters of worker accuracy.
    public var accuracyBeta: (a: Double, b: Double)

    /// Creates a generator description.
    public init(items: Int, classes: Int, workers: Int = 1000, redundancy: Int = 5, accuracyBeta: (a: Double, b: Double) = (8, 2)) {
        self.items = items
        self.classes = classes
        self.workers = workers
        self.redundancy = redundancy
        self.accuracyBeta = accuracyBeta
    }

    /// Draws the data: labels, the truth per item and each worker's accuracy.
    public func generate(using rng: GSLRandom) -> (matrix: AnnotationMatrix, truth: [Int32], accuracy: [Double]) {
        let perItem = min(max(redundancy, 0), workers)
        let truth = (0..<items).map { _ in Int32(rng.uniformInt(classes)) }
        let accuracy = (0..<workers).map { _ in rng.beta(accuracyBeta.a, accuracyBeta.b) }
        var starts = [Int](repeating: 0, count: items + 1)
        var who = [Int32](repeating: 0, count: items * perItem)
        var labels = [Int32](repeating: 0, count: items * perItem)
        var chosen = [Int32](repeating: 0, count: perItem)
        for item in 0..<items {
            let base = item * perItem
            for column in 0..<perItem {
                let ceiling = workers - perItem + column
                let candidate = Int32(rng.uniformInt(ceiling + 1))
                var duplicate = false
                for previous in 0..<column where chosen[previous] == candidate { duplicate = true }
                chosen[column] = duplicate ? Int32(ceiling) : candidate
                let worker = Int(chosen[column])
                who[base + column] = chosen[column]
                let right = rng.uniform() < accuracy[worker]
                let offset = classes > 1 ? 1 + rng.uniformInt(classes - 1) : 0
                labels[base + column] = right ? truth[item] : Int32((Int(truth[item]) + offset) % classes)
            }
            starts[item + 1] = base + perItem
        }
        let matrix = AnnotationMatrix(
            itemCount: items, workerCount: workers, classCount: classes, itemStart: starts, workers: who, labels: labels)
        return (matrix, truth, accuracy)
    }
}
