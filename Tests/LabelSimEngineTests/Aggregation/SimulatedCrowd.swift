import LabelSimEngine
import LabelSimGSL

/// Test data: items labelled by distinct random workers who answer from their confusion rows.
struct SimulatedCrowd {
    let matrix: AnnotationMatrix
    let truth: [Int32]

    /// `confusion[w][k][l]`: P(worker w says l | truth k). `difficultItems` get uniform answers.
    init(
        items: Int, classes: Int, perItem: Int, confusion: [[[Double]]], difficultItems: Set<Int> = [],
        using rng: GSLRandom
    ) {
        let workers = confusion.count
        var triples: [(item: Int, worker: Int, label: Int)] = []
        var truth: [Int32] = []
        for item in 0..<items {
            let k = rng.uniformInt(classes)
            truth.append(Int32(k))
            var chosen: [Int] = []
            while chosen.count < perItem {
                let worker = rng.uniformInt(workers)
                if !chosen.contains(worker) { chosen.append(worker) }
            }
            for worker in chosen {
                let label: Int
                if difficultItems.contains(item) {
                    label = rng.uniformInt(classes)
                } else {
                    label = Self.draw(confusion[worker][k], using: rng)
                }
                triples.append((item, worker, label))
            }
        }
        self.truth = truth
        matrix = AnnotationMatrix(itemCount: items, workerCount: workers, classCount: classes, triples: triples)
    }

    static func draw(_ probabilities: [Double], using rng: GSLRandom) -> Int {
        var u = rng.uniform()
        for (index, p) in probabilities.enumerated() {
            if u < p { return index }
            u -= p
        }
        return probabilities.count - 1
    }

    /// A confusion matrix with diagonal `accuracy` and off-diagonal mass split by a Dirichlet draw.
    static func confusion(classes: Int, accuracy: Double, using rng: GSLRandom) -> [[Double]] {
        (0..<classes).map { k in
            let others = rng.dirichlet([Double](repeating: 2, count: classes - 1))
            var row = [Double](repeating: 0, count: classes)
            var next = 0
            for l in 0..<classes {
                if l == k {
                    row[l] = accuracy
                } else {
                    row[l] = (1 - accuracy) * others[next]
                    next += 1
                }
            }
            return row
        }
    }
}
