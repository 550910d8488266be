import Foundation

/// Writes aggregated labels as CSV: `item,label,p_<class>...`, one row per item in file order.
///
/// The text goes to a temporary file beside the target, which is then renamed over it, so a
/// reader never sees half a file and a failed run leaves no partial output.
public enum AggregatedLabelsWriter {
    /// The CSV text for `result` over `annotations`.
    public static func csv(_ result: AggregationResult, for annotations: AnnotationFile) -> String {
        let classes = annotations.classNames.count
        var text = "item,label" + annotations.classNames.map { ",p_" + quoted($0) }.joined() + "\n"
        for (item, name) in annotations.itemNames.enumerated() {
            let label = result.labels[item]
            text += quoted(name) + "," + (label >= 0 ? quoted(annotations.classNames[Int(label)]) : "")
            for k in 0..<classes { text += "," + String(result.posteriors[item * classes + k]) }
            text += "\n"
        }
        return text
    }

    /// Writes the CSV to `path` through a temporary file and a rename.
    public static func write(
        _ result: AggregationResult, for annotations: AnnotationFile, to path: String
    ) throws(AnnotationFileError) {
        do {
            try AtomicFile.write(Data(csv(result, for: annotations).utf8), to: URL(fileURLWithPath: path))
        } catch {
            throw .unwritable(file: path, reason: error.reason)
        }
    }

    /// Writes several results, all or none (`--method all --out`).
    public static func writeAll(
        _ results: [(result: AggregationResult, path: String)], for annotations: AnnotationFile
    ) throws(AnnotationFileError) {
        do {
            try AtomicFile.writeAll(results.map { (Data(csv($0.result, for: annotations).utf8), URL(fileURLWithPath: $0.path)) })
        } catch {
            throw .unwritable(file: error.path, reason: error.reason)
        }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
