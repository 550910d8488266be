import ArgumentParser
import LabelSimEngine

/// The annotation file, its gold file, how to read them, and the output format: the options
/// `aggregate` and `calibrate` share.
struct AnnotationInputOptions: ParsableArguments {
    /// What to print on stdout.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Argument(help: "Annotation file: CSV with header, `item worker label`, or Get-Another-Label TSV.")
    var file: String

    @Option(help: "Gold file: `item,truth` CSV with header, or `item label` without header.")
    var truth: String?

    @Option(help: "CSV header names, e.g. item=task,worker=worker,label=label.")
    var columns: String?

    @Option(name: .customLong("input-format"), help: "Input layout: csv, whitespace or gal (default: detect).")
    var inputFormat: AnnotationFileFormat?

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    /// The files read, each with how to name it in an error.
    var inputs: [(path: String, name: String)] {
        [(file, "the annotation file")] + (truth.map { [($0, "the --truth file")] } ?? [])
    }

    /// Where and how to read.
    var source: AnnotationInput.Source {
        AnnotationInput.Source(file: file, truth: truth, format: inputFormat, columns: columns)
    }
}

extension AnnotationFileFormat: ExpressibleByArgument {}
