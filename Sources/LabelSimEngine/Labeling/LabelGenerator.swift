import LabelSimCore
import LabelSimGSL

/// Draws the labels a workforce gives to a prefix of an item pool, each item labelled by
/// `redundancy` distinct workers chosen uniformly at random.
///
/// Response model (DESIGN.md): a diligent or sloppy worker of easy-item accuracy a labels an item
/// of difficulty d correctly with probability p = c + (a − c)(1 − d), c = 1/K, and otherwise picks
/// one of the other K − 1 classes uniformly. A spammer answers uniformly at random; an adversary
/// picks a wrong class (uniformly among them) with probability a, otherwise the true class.
///
/// One uniform decides both whether the label is right and, when it is not, which wrong class:
/// given u ≥ p, (u − p)/(1 − p) is uniform on [0, 1) and independent of the event, so it picks the
/// wrong class without a second draw.
public struct LabelGenerator: Sendable {
    /// Number of classes K.
    public let classes: Int
    /// Distinct workers per item.
    public let redundancy: Int

    /// Creates a generator.
    public init(classes: Int, redundancy: Int) {
        self.classes = classes
        self.redundancy = redundancy
    }

    /// Labels items `0..<itemCount` of `pool` with `workforce`.
    public func generate(items itemCount: Int, pool: ItemPool, workforce: Workforce, using rng: GSLRandom) -> AnnotationMatrix {
        let r = redundancy
        let labelCount = itemCount * r
        var workers = [Int32](repeating: 0, count: labelCount)
        var labels = [Int32](repeating: 0, count: labelCount)
        let workerCount = workforce.count
        let domainCount = workforce.domainCount
        let chance = 1 / Double(classes)
        let wrongClasses = Double(classes - 1)
        // P(correct) = intercept + slope × (1 − d) for every kind, so the hot loop has no branch on
        // the kind: diligent/sloppy (c, a − c), spammer (c, 0), adversary (1 − a, 0).
        var coefficients = [Double](repeating: 0, count: workerCount * domainCount * 2)
        for worker in 0..<workerCount {
            for domain in 0..<domainCount {
                let a = workforce.easyAccuracy[worker * domainCount + domain]
                let slot = (worker * domainCount + domain) * 2
                switch workforce.kinds[worker] {
                case .diligent, .sloppy: (coefficients[slot], coefficients[slot + 1]) = (chance, a - chance)
                case .spammer: (coefficients[slot], coefficients[slot + 1]) = (chance, 0)
                case .adversarial: (coefficients[slot], coefficients[slot + 1]) = (1 - a, 0)
                }
            }
        }
        // Uniforms come in blocks from one call (the same stream as one-by-one draws).
        let blockSize = 4096
        let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockSize)
        defer { block.deallocate() }
        var next = blockSize
        let lastWrong = classes - 2
        workers.withUnsafeMutableBufferPointer { chosen in
            labels.withUnsafeMutableBufferPointer { out in
                pool.classes.withUnsafeBufferPointer { truth in
                    pool.domains.withUnsafeBufferPointer { domain in
                        pool.difficulty.withUnsafeBufferPointer { difficulty in
                            coefficients.withUnsafeBufferPointer { coefficient in
                                let workerScale = Double(workerCount)
                                for item in 0..<itemCount {
                                    let start = item &* r
                                    let y = truth[item]
                                    let easiness = 1 - difficulty[item]
                                    let d = Int(domain[item])
                                    for slot in start..<(start &+ r) {
                                        // Rejection keeps the r workers distinct; r ≤ workers is validated.
                                        var worker: Int32
                                        repeat {
                                            if next == blockSize {
                                                rng.fillUniform(block)
                                                next = 0
                                            }
                                            worker = Int32(block[next] * workerScale)
                                            next &+= 1
                                            var clash = false
                                            for earlier in start..<slot where chosen[earlier] == worker {
                                                clash = true
                                            }
                                            if !clash { break }
                                        } while true
                                        chosen[slot] = worker
                                        if next == blockSize {
                                            rng.fillUniform(block)
                                            next = 0
                                        }
                                        let u = block[next]
                                        next &+= 1
                                        let row = (Int(worker) &* domainCount &+ d) &* 2
                                        let pCorrect = coefficient[row] + coefficient[row &+ 1] * easiness
                                        // Branch-free: a correct label and a wrong one are both computed, then selected.
                                        let scaled = (u - pCorrect) / (1 - pCorrect) * wrongClasses
                                        var wrong = Int32(truncatingIfNeeded: Int(max(0, min(scaled, Double(lastWrong)))))
                                        wrong &+= wrong >= y ? 1 : 0
                                        out[slot] = u < pCorrect ? y : wrong
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let itemStart = (0...itemCount).map { $0 * r }
        return AnnotationMatrix(
            itemCount: itemCount, workerCount: workerCount, classCount: classes, itemStart: itemStart, workers: workers,
            labels: labels)
    }
}
