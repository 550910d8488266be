import Foundation
import LabelSimCore

/// `labelsim aggregate`: which methods run on an annotation file, where their labels go, and the
/// run that answers it.
public struct AggregationRequest: Sendable {
    /// Why a request cannot run: one line naming the file or the option.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The line to print.
        public let description: String
    }

    /// The methods, in the order their rows are reported.
    public let methods: [AggregationMethod]
    /// Where the aggregated labels go (nil: nowhere); see ``outputPath(for:)``.
    public let out: String?
    /// Seed of each method's tie-breaking generator.
    public let seed: UInt64

    /// A request for `methods`.
    public init(methods: [AggregationMethod], out: String? = nil, seed: UInt64 = 0) {
        self.methods = methods
        self.out = out
        self.seed = seed
    }

    /// Where `method`'s labels go: `out` itself when one method runs, else `out` with the method's
    /// name before the extension (`labels.csv` → `labels.glad.csv`); nil without `out`.
    public func outputPath(for method: AggregationMethod) -> String? {
        guard let out else { return nil }
        guard methods.count > 1 else { return out }
        let url = URL(fileURLWithPath: out)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().path
        return ext.isEmpty ? "\(stem).\(method.rawValue)" : "\(stem).\(method.rawValue).\(ext)"
    }

    /// Reads `source` (telling `note` what the user should hear about it), refuses a matrix the
    /// methods could not hold in memory, aggregates, and writes every method's labels or none.
    public func run(_ source: AnnotationInput.Source, note: (String) -> Void = { _ in }) throws -> AggregationReport {
        let input = try AnnotationInput(reading: source)
        input.messages.forEach(note)
        let matrix = input.annotations.matrix
        if let problem = AggregationReport.memoryProblem(methods: methods, matrix: matrix) {
            throw Problem(description: "\(ScenarioProblem.quoted(source.file, limit: 200)): \(problem)")
        }
        let report = AggregationReport(methods: methods, matrix: matrix, gold: input.gold?.classes, seed: seed)
        let outputs: [(result: AggregationResult, path: String)] = report.rows.compactMap { row in
            outputPath(for: row.method).map { (row.result, $0) }
        }
        if !outputs.isEmpty { try AggregatedLabelsWriter.writeAll(outputs, for: input.annotations) }
        return report
    }
}
