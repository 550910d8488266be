import LabelSimGSL
import Testing

@Suite struct QuadratureTests {
    @Test func normalDensityIntegratesToOne() throws {
        let total = try Quadrature.integrateOverRealLine { Distributions.normalPDF($0) }
        #expect(abs(total - 1) < 1e-12)
    }

    /// E[Φ(Z + c)] = Φ(c/√2) for a standard normal Z.
    @Test(arguments: [-1.0, 0.0, 0.7, 2.5])
    func expectedNormalCDFOfShiftedNormal(shift: Double) throws {
        let value = try Quadrature.integrateOverRealLine { Distributions.normalPDF($0) * Distributions.normalCDF($0 + shift) }
        #expect(abs(value - Distributions.normalCDF(shift / 2.0.squareRoot())) < 1e-12)
    }
}
