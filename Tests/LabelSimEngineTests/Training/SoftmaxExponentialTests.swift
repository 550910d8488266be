import Foundation
import Testing

@testable import LabelSimEngine

/// The objective's vectorised e^x agrees with the C library's to a few units in the last place.
@Suite struct SoftmaxExponentialTests {
    @Test func matchesTheLibraryExponential() {
        var worst = 0.0
        var x = -708.0
        while x <= 0 {
            let lanes = SIMD4<Double>(x, x * 0.5, x * 1e-3, x * 1e-9)
            let fast = SoftmaxObjective.exponentTable.withUnsafeBufferPointer { table in
                SoftmaxObjective.exponential(lanes, table: table.baseAddress!)
            }
            for lane in 0..<4 {
                let exact = exp(lanes[lane])
                worst = max(worst, abs(fast[lane] - exact) / exact)
            }
            x += 0.01237
        }
        print("vector exp: largest relative error \(worst)")
        #expect(worst < 1e-15)
        let tiny = SoftmaxObjective.exponentTable.withUnsafeBufferPointer { table in
            SoftmaxObjective.exponential(SIMD4(-800, -.infinity, 0, -1), table: table.baseAddress!)
        }
        #expect(tiny[0] < 1e-307 && tiny[1] < 1e-307 && tiny[0] >= 0 && tiny[1] >= 0)
        #expect(tiny[2] == 1)
        #expect(abs(tiny[3] - exp(-1)) < 1e-16)
    }
}
