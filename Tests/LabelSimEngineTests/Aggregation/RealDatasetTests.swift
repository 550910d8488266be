import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The public data sets in `../shared/datasets` (beside the package); skipped where absent.
enum RealDatasets {
    static let root: String = {
        // This file is Tests/LabelSimEngineTests/Aggregation/RealDatasetTests.swift.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }()

    static var available: Bool {
        let present = FileManager.default.fileExists(atPath: root + "/d_product/answer.csv")
        if !present { print("RealDatasetTests skipped: no data sets at \(root) (only on the project's machines)") }
        return present
    }

    /// (labels file, gold file) per data set.
    static let files: [String: (String, String)] = [
        "d_product": ("d_product/answer.csv", "d_product/truth.csv"),
        "adult_content": ("adult_content/labels.tsv", "adult_content/gold.tsv"),
        "dog": ("dog/answer.csv", "dog/truth.csv"),
        "web": ("web/crowd.txt", "web/truth.txt"),
    ]

    static func report(_ name: String) throws -> AggregationReport {
        let (labels, truth) = files[name] ?? ("", "")
        let annotations = try AnnotationFile.read(path: root + "/" + labels)
        let gold = try GoldLabels.read(path: root + "/" + truth, for: annotations)
        return AggregationReport(methods: AggregationMethod.allCases, matrix: annotations.matrix, gold: gold.classes, seed: 0)
    }
}

@Suite("Real data sets", .enabled(if: RealDatasets.available, "../shared/datasets is absent"))
struct RealDatasetTests {
    /// Published accuracies (crowd-kit's paper), from ../shared/datasets/README.md.
    static let published: [String: [AggregationMethod: Double]] = [
        "d_product": [.majority: 0.897, .wawa: 0.897, .dawidSkene: 0.940, .glad: 0.928, .mace: 0.929],
        "adult_content": [.majority: 0.763, .wawa: 0.766, .dawidSkene: 0.748, .glad: 0.760, .mace: 0.763],
    ]

    @Test("Within one point below the published accuracy", arguments: ["d_product", "adult_content"])
    func publishedFigures(name: String) throws {
        let report = try RealDatasets.report(name)
        if name == "adult_content" { #expect(report.goldItems == 333) }
        for row in report.rows {
            print("\(name) \(row.method.rawValue) \(row.accuracy ?? .nan) iterations \(row.iterations ?? 0)")
            guard let target = Self.published[name]?[row.method] else { continue }
            let accuracy = try #require(row.accuracy)
            #expect(accuracy >= target - 0.01, "\(name) \(row.method.rawValue): \(accuracy) vs published \(target)")
        }
    }

    @Test("Dog and web are read and every method beats or ties majority vote minus a point", arguments: ["dog", "web"])
    func otherSets(name: String) throws {
        let report = try RealDatasets.report(name)
        let majority = try #require(report.rows.first { $0.method == .majority }?.accuracy)
        for row in report.rows {
            print("\(name) \(row.method.rawValue) \(row.accuracy ?? .nan) iterations \(row.iterations ?? 0)")
            #expect((row.accuracy ?? 0) >= majority - 0.01)
        }
        #expect(report.goldItems == (name == "dog" ? 807 : 2653))
    }
}
