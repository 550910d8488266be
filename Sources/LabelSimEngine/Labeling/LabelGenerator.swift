import LabelSimCore
import LabelSimGSL

/// Draws the labels a workforce gives to a prefix of an item pool, each item labelled by
/// `redundancy` distinct workers chosen uniformly at random, in one pass.
///
/// Labels come from the workforce's ``ResponseModel``; this path only adds the loop: workers by
/// rejection (distinct per item), uniforms in blocks, and — up to 4,096 workers — one uniform per
/// label for both the worker and the label.
public struct LabelGenerator: Sendable {
    /// Number of classes K.
    public let classes: Int
    /// Distinct workers per item.
    public let redundancy: Int

    /// Largest workforce whose labels share the worker's uniform (see ``generate(items:pool:workforce:using:)``).
    static let splitLimit = 1 << 12

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
        let workerCount = workforce.count
        let model = ResponseModel(workforce: workforce, classes: classes)
        // Uniforms come in blocks from one call (the same stream as one-by-one draws).
        let blockSize = 4096
        let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockSize)
        defer { block.deallocate() }
        var next = blockSize
        // With few workers one uniform gives both the worker and the label: x = u·W picks worker
        // ⌊x⌋ and x − ⌊x⌋ is, given the worker, uniform on a grid of step W·2⁻³² (GSL's doubles
        // carry 32 bits), which biases no label probability by more than that step. Above 2¹²
        // workers the step would pass 2⁻²⁰, so the label then takes a uniform of its own.
        let splitUniform = workerCount <= Self.splitLimit
        let workerScale = Double(workerCount)
        // Written once each, so the arrays start uninitialised (no zero fill of every page).
        var workers = [Int32](unsafeUninitializedCapacity: labelCount) { _, count in count = labelCount }
        var labels = [Int32](unsafeUninitializedCapacity: labelCount) { _, count in count = labelCount }
        workers.withUnsafeMutableBufferPointer { chosen in
            labels.withUnsafeMutableBufferPointer { out in
                pool.classes.withUnsafeBufferPointer { truth in
                    pool.domains.withUnsafeBufferPointer { domain in
                        pool.difficulty.withUnsafeBufferPointer { difficulty in
                            for item in 0..<itemCount {
                                let start = item &* r
                                let y = truth[item]
                                let easiness = 1 - difficulty[item]
                                let d = Int(domain[item])
                                for slot in start..<(start &+ r) {
                                    // Rejection keeps the r workers distinct; it ends because r ≤ workers.
                                    var worker: Int32
                                    var x: Double
                                    repeat {
                                        if next == blockSize {
                                            rng.fillUniform(block)
                                            next = 0
                                        }
                                        x = block[next] * workerScale
                                        next &+= 1
                                        worker = Int32(truncatingIfNeeded: Int(x))
                                        var clash = false
                                        for earlier in start..<slot where chosen[earlier] == worker {
                                            clash = true
                                        }
                                        if !clash { break }
                                    } while true
                                    chosen[slot] = worker
                                    let u: Double
                                    if splitUniform {
                                        u = x - Double(worker)
                                    } else {
                                        if next == blockSize {
                                            rng.fillUniform(block)
                                            next = 0
                                        }
                                        u = block[next]
                                        next &+= 1
                                    }
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
