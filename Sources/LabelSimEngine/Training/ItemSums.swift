/// Per-item sums over the features, four items at a time: item i's block is
/// `start + term(0, x_i0) + term(1, x_i1) + …`, added in that order (so the same bits as one item
/// at a time), but the four items' chains of additions are independent, so the processor works
/// on four while each addition waits on the one before. Used by the test scores
/// (``FittedSoftmax``) and the batch difficulties (``FeatureModel``).
enum ItemSums {
    typealias Block = SIMD4<Double>

    /// Calls `finish(sum, item)` for items 0..<`items` of the row-major `features` (`dimensions`
    /// values per item), in item order.
    @inline(__always)
    static func forEach(
        items n: Int, dimensions d: Int, features x: UnsafePointer<Double>, start: Block, term: (Int, Double) -> Block,
        finish: (Block, Int) -> Void
    ) {
        var item = 0
        while item &+ 3 < n {
            let x0 = x + item &* d
            let x1 = x0 + d
            let x2 = x1 + d
            let x3 = x2 + d
            var s0 = start
            var s1 = start
            var s2 = start
            var s3 = start
            for j in 0..<d {
                s0 += term(j, x0[j])
                s1 += term(j, x1[j])
                s2 += term(j, x2[j])
                s3 += term(j, x3[j])
            }
            finish(s0, item)
            finish(s1, item &+ 1)
            finish(s2, item &+ 2)
            finish(s3, item &+ 3)
            item &+= 4
        }
        while item < n {
            let row = x + item &* d
            var sum = start
            for j in 0..<d { sum += term(j, row[j]) }
            finish(sum, item)
            item &+= 1
        }
    }
}
