import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

@Suite("Calibration on a real crowd", .enabled(if: RealDatasets.available, "../shared/datasets is absent"))
struct RealCalibrationTests {
    @Test("dog: the fitted profile, run through the engine, reproduces the majority curve within 2 points and Dawid–Skene within 3")
    func dogCurve() throws {
        let (labels, truth) = RealDatasets.files["dog"] ?? ("", "")
        let annotations = try AnnotationFile.read(path: RealDatasets.root + "/" + labels)
        let gold = try GoldLabels.read(path: RealDatasets.root + "/" + truth, for: annotations)
        let matrix = annotations.matrix
        let fit = CrowdFit.fit(matrix: matrix, truth: gold.classes, using: GSLRandom(seed: 1))
        let profile = CalibratedProfile(fit: fit, matrix: matrix, goldItems: gold.goldItemCount, using: GSLRandom(seed: 1))
        let text = profile.scenarioYAML(name: "dog", profileName: nil, replications: 4, seed: 1, provenance: [])
        let scenario = try ScenarioParser.scenario(from: ConfigNode.parse(yaml: text, file: "dog.yaml"), file: "dog.yaml")
        let check = try CalibrationCheck.run(scenario: scenario, matrix: matrix, truth: gold.classes, replications: 4, seed: 1)
        for row in check.curve where row.items >= 100 {
            #expect(abs(row.simulated.mean - row.observed) < 0.02, "k = \(row.k ?? 0): \(row.simulated.mean) vs \(row.observed)")
        }
        #expect(abs(check.dawidSkene.simulated.mean - check.dawidSkene.observed) < 0.03)
        #expect(check.curve.count == 10)
    }
}
