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
        let kindCodes = workforce.kinds.map(Self.code)
        workers.withUnsafeMutableBufferPointer { chosen in
            labels.withUnsafeMutableBufferPointer { out in
                pool.classes.withUnsafeBufferPointer { truth in
                    pool.domains.withUnsafeBufferPointer { domain in
                        pool.difficulty.withUnsafeBufferPointer { difficulty in
                            workforce.easyAccuracy.withUnsafeBufferPointer { accuracy in
                                kindCodes.withUnsafeBufferPointer { kind in
                                    let workerScale = Double(workerCount)
                                    for item in 0..<itemCount {
                                        let start = item * r
                                        let y = Int(truth[item])
                                        let easiness = 1 - difficulty[item]
                                        let d = Int(domain[item])
                                        for slot in start..<(start + r) {
                                            // Rejection keeps the r workers distinct; r ≤ workers is validated.
                                            var worker: Int32
                                            repeat {
                                                worker = Int32(rng.uniform() * workerScale)
                                                var clash = false
                                                for earlier in start..<slot where chosen[earlier] == worker {
                                                    clash = true
                                                    break
                                                }
                                                if !clash { break }
                                            } while true
                                            chosen[slot] = worker
                                            let w = Int(worker)
                                            let u = rng.uniform()
                                            let a = accuracy[w * domainCount + d]
                                            let pCorrect: Double
                                            switch kind[w] {
                                            case 0: pCorrect = chance + (a - chance) * easiness
                                            case 1: pCorrect = chance
                                            default: pCorrect = 1 - a
                                            }
                                            if u < pCorrect {
                                                out[slot] = Int32(y)
                                            } else {
                                                var wrong = Int((u - pCorrect) / (1 - pCorrect) * wrongClasses)
                                                if wrong >= classes - 1 { wrong = classes - 2 }
                                                out[slot] = Int32(wrong >= y ? wrong + 1 : wrong)
                                            }
                                        }
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

    private static func code(_ kind: WorkerKind) -> UInt8 {
        switch kind {
        case .diligent, .sloppy: 0
        case .spammer: 1
        case .adversarial: 2
        }
    }
}
