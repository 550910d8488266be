import LabelSimGSL
import Testing

@Suite struct MinimizerTests {
    /// Rosenbrock's banana function, minimum 0 at (1, 1).
    @Test func findsTheRosenbrockMinimum() throws {
        let minimizer = try Minimizer(dimension: 2)
        func value(_ x: [Double]) -> Double {
            let a = 1 - x[0]
            let b = x[1] - x[0] * x[0]
            return a * a + 100 * b * b
        }
        let result = try minimizer.minimize(
            from: [-1.2, 1], settings: Minimizer.Settings(gradientTolerance: 1e-8, maxIterations: 500), value: value,
            valueAndGradient: { x, gradient in
                let b = x[1] - x[0] * x[0]
                gradient[0] = -2 * (1 - x[0]) - 400 * x[0] * b
                gradient[1] = 200 * b
                return value(x)
            })
        #expect(result.converged)
        #expect(abs(result.point[0] - 1) < 1e-6 && abs(result.point[1] - 1) < 1e-6)
        #expect(result.value < 1e-12)
        #expect(result.gradientNorm <= 1e-8)
    }

    @Test func sameStartSamePath() throws {
        func run() throws -> Minimizer.Result {
            try Minimizer(dimension: 3).minimize(
                from: [3, -2, 1], value: { x in x.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element * $1.element } },
                valueAndGradient: { x, gradient in
                    for index in x.indices { gradient[index] = 2 * Double(index + 1) * x[index] }
                    return x.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element * $1.element }
                })
        }
        #expect(try run() == run())
    }

    @Test func rejectsBadInputAndNonFiniteObjectives() throws {
        #expect(throws: GSLError.self) { try Minimizer(dimension: 0) }
        let minimizer = try Minimizer(dimension: 2)
        #expect(throws: GSLError.self) {
            try minimizer.minimize(from: [1], value: { _ in 0 }, valueAndGradient: { _, _ in 0 })
        }
        #expect(throws: GSLError.self) {
            try minimizer.minimize(
                from: [1, 1], value: { _ in .nan },
                valueAndGradient: { _, gradient in
                    gradient[0] = .nan
                    gradient[1] = .nan
                    return .nan
                })
        }
    }
}
