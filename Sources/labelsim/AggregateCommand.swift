import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim aggregate FILE --method M|all`: aggregates a real annotation file and scores the
/// methods on gold labels.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Aggregate a real annotation file with one or all methods and score them on gold labels.")

    @Argument(help: "Annotation file: CSV with header, `item worker label`, or Get-Another-Label TSV.")
    var file: String

    @Option(help: "Method: majority, wawa, dawid-skene, one-coin, glad, mace, or all.")
    var method: String = "all"

    @Option(help: "Gold file: `item,truth` CSV with header, or `item label` without header.")
    var truth: String?

    @Option(help: "Write aggregated labels CSV here (with `all`: one file per method, FILE.<method>.csv).")
    var out: String?

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Option(help: "CSV header names, e.g. item=task,worker=worker,label=label.")
    var columns: String?

    @Option(name: .customLong("input-format"), help: "Input layout: csv, whitespace or gal (default: detect).")
    var inputFormat: String?

    @Option(help: "Seed for tie-breaking.")
    var seed: UInt64 = 0

    func run() throws {
        let methods: [AggregationMethod]
        if method == "all" {
            methods = AggregationMethod.allCases
        } else if let chosen = AggregationMethod(rawValue: method) {
            methods = [chosen]
        } else {
            let names = AggregationMethod.allCases.map(\.rawValue).joined(separator: ", ")
            CommandLineErrors.report(["--method: unknown method '\(method)'; use one of \(names), or all"])
            throw ExitCode(2)
        }
        guard format == "table" || format == "json" else {
            CommandLineErrors.report(["--format must be table or json, got '\(format)'"])
            throw ExitCode(2)
        }
        let layout = try AnnotationLayoutOption.parse(inputFormat)
        if let out, let problem = OutputOption.problem(URL(fileURLWithPath: out).deletingLastPathComponent().path) {
            CommandLineErrors.report(["--out \(ScenarioProblem.quoted(out)): \(problem)"])
            throw ExitCode(2)
        }
        do {
            let mapping = try columns.map { text throws(AnnotationFileError) in try ColumnMapping(parsing: text) } ?? ColumnMapping()
            let annotations = try AnnotationFile.read(path: file, format: layout, columns: mapping)
            let gold = try truth.map { path throws(AnnotationFileError) in try GoldLabels.read(path: path, for: annotations) }
            if let note = annotations.layoutNote { printError("note: " + note) }
            for warning in annotations.warnings + (gold?.warnings ?? []) { printError("warning: " + warning) }
            if let gold, let truth {
                if gold.goldItemCount == 0 {
                    printError("warning: no row of \(truth) names an item of \(file); accuracy cannot be measured")
                } else if gold.ignoredCount > 0 {
                    printError("warning: \(gold.ignoredCount) row(s) of \(truth) name items with no labels in \(file); ignored")
                }
            }
            if let problem = AggregationReport.memoryProblem(methods: methods, matrix: annotations.matrix) {
                CommandLineErrors.report(["\(ScenarioProblem.quoted(file, limit: 200)): \(problem)"])
                throw ExitCode(2)
            }
            let report = AggregationReport(methods: methods, matrix: annotations.matrix, gold: gold?.classes, seed: seed)
            if let out {
                try AggregatedLabelsWriter.writeAll(
                    report.rows.map { row in (row.result, methods.count == 1 ? out : Self.path(out, inserting: row.method.rawValue)) },
                    for: annotations)
            }
            print(format == "json" ? try report.json() : report.table() + "\n", terminator: "")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("error: \(ScenarioProblem.quoted("\(error)", limit: 400))")
            throw ExitCode(2)
        }
    }

    /// `labels.csv` + `glad` → `labels.glad.csv`.
    static func path(_ path: String, inserting name: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().path
        return ext.isEmpty ? "\(stem).\(name)" : "\(stem).\(name).\(ext)"
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
