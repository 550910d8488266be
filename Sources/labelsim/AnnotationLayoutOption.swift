import ArgumentParser
import LabelSimEngine

/// `--input-format`, shared by the commands that read annotation files (aggregate, calibrate).
enum AnnotationLayoutOption {
    /// The layout named by `text`, nil to detect it from the file; a bad name is a usage error (exit 2).
    static func parse(_ text: String?) throws -> AnnotationFileFormat? {
        guard let text else { return nil }
        guard let parsed = AnnotationFileFormat(rawValue: text) else {
            CommandLineErrors.report(["--input-format must be csv, whitespace or gal, got '\(text)'"])
            throw ExitCode(2)
        }
        return parsed
    }
}
