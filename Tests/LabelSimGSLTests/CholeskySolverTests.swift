import LabelSimGSL
import Testing

@Suite struct CholeskySolverTests {
    @Test func solvesAPositiveDefiniteSystem() throws {
        let solver = try CholeskySolver(dimension: 3)
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = (1, −2, 3), b = A·x.
        let matrix: [Double] = [4, 2, 0, 2, 5, 1, 0, 1, 3]
        let b: [Double] = [0, -5, 7]
        var x = [Double](repeating: 0, count: 3)
        let solved = try matrix.withUnsafeBufferPointer { a in
            try b.withUnsafeBufferPointer { rhs in
                try x.withUnsafeMutableBufferPointer { try solver.solve(matrix: a, rightSide: rhs, solution: $0) }
            }
        }
        #expect(solved)
        for (value, expected) in zip(x, [1.0, -2, 3]) { #expect(abs(value - expected) < 1e-12) }
    }

    @Test func reportsAnIndefiniteMatrixAndAcceptsAShift() throws {
        let solver = try CholeskySolver(dimension: 2)
        let matrix: [Double] = [1, 2, 2, 1]  // eigenvalues 3 and −1
        let b: [Double] = [1, 1]
        var x = [Double](repeating: 0, count: 2)
        func solve(shift: Double) throws -> Bool {
            try matrix.withUnsafeBufferPointer { a in
                try b.withUnsafeBufferPointer { rhs in
                    try x.withUnsafeMutableBufferPointer { try solver.solve(matrix: a, shift: shift, rightSide: rhs, solution: $0) }
                }
            }
        }
        #expect(try !solve(shift: 0))
        #expect(try solve(shift: 2))  // [[3, 2], [2, 3]] x = (1, 1) gives x = (0.2, 0.2)
        #expect(abs(x[0] - 0.2) < 1e-12 && abs(x[1] - 0.2) < 1e-12)
        #expect(throws: GSLError.self) { try CholeskySolver(dimension: 0) }
    }

    @Test func solvesAgainWithTheLastFactor() throws {
        let solver = try CholeskySolver(dimension: 3)
        let matrix: [Double] = [4, 2, 0, 2, 5, 1, 0, 1, 3]
        var x = [Double](repeating: 0, count: 3)
        func again(_ b: [Double]) throws -> Bool {
            try b.withUnsafeBufferPointer { rhs in
                try x.withUnsafeMutableBufferPointer { try solver.solveAgain(rightSide: rhs, solution: $0) }
            }
        }
        #expect(try !again([1, 1, 1]))  // nothing factored yet
        _ = try matrix.withUnsafeBufferPointer { a in
            try [0.0, -5, 7].withUnsafeBufferPointer { rhs in
                try x.withUnsafeMutableBufferPointer { try solver.solve(matrix: a, rightSide: rhs, solution: $0) }
            }
        }
        // A·(2, 0, −1) = (8, 3, −3).
        #expect(try again([8, 3, -3]))
        for (value, expected) in zip(x, [2.0, 0, -1]) { #expect(abs(value - expected) < 1e-12) }
        // A failed factorisation leaves nothing to reuse.
        _ = try [1.0, 2, 0, 2, 1, 0, 0, 0, 1].withUnsafeBufferPointer { a in
            try [1.0, 1, 1].withUnsafeBufferPointer { rhs in
                try x.withUnsafeMutableBufferPointer { try solver.solve(matrix: a, rightSide: rhs, solution: $0) }
            }
        }
        #expect(try !again([1, 1, 1]))
    }
}
