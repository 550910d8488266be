import LabelSimCore
import LabelSimGSL

/// Draws the labels a workforce gives to a prefix of an item pool, each item labelled by
/// `redundancy` distinct workers chosen uniformly at random, in one pass.
///
/// Labels come from the workforce's ``ResponseModel``; this path only adds the loop: workers by
/// rejection (distinct per item), uniforms in blocks.
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

    /// Labels items `0..<itemCount` of `pool` with `workforce`: `redundancy` distinct workers an
    /// item, or every worker when the workforce is smaller (distinct workers cannot be found then).
    public func generate(items itemCount: Int, pool: ItemPool, workforce: Workforce, using rng: GSLRandom) -> AnnotationMatrix {
        let r = max(0, min(redundancy, workforce.count))
        let labelCount = itemCount * r
        var workers = [Int32](repeating: 0, count: labelCount)
        var labels = [Int32](repeating: 0, count: labelCount)
        let workerCount = workforce.count
        let model = ResponseModel(workforce: workforce, classes: classes)
        // Uniforms come in blocks from one call (the same stream as one-by-one draws).
        let blockSize = 4096
        let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockSize)
        defer { block.deallocate() }
        var next = blockSize
        workers.withUnsafeMutableBufferPointer { chosen in
            labels.withUnsafeMutableBufferPointer { out in
                pool.classes.withUnsafeBufferPointer { truth in
                    pool.domains.withUnsafeBufferPointer { domain in
                        pool.difficulty.withUnsafeBufferPointer { difficulty in
                            let workerScale = Double(workerCount)
                            for item in 0..<itemCount {
                                let start = item &* r
                                let y = truth[item]
                                let easiness = 1 - difficulty[item]
                                let d = Int(domain[item])
                                for slot in start..<(start &+ r) {
                                    // Rejection keeps the r workers distinct; it ends because r ≤ workers.
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
                                    out[slot] = model.label(
                                        worker: Int(worker), perceivedClass: y, domain: d, easiness: easiness, uniform: u)
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
