/// An annotation file and its optional gold file, read the way `labelsim aggregate` and
/// `labelsim calibrate` read them, with what the user should be told about them.
public struct AnnotationInput: Sendable {
    /// Where and how to read.
    public struct Source: Sendable, Equatable {
        /// The annotation file.
        public var file: String
        /// The gold file, if any.
        public var truth: String?
        /// The layout, nil to detect it.
        public var format: AnnotationFileFormat?
        /// CSV header names (`item=task,worker=worker,label=label`), nil for the usual names.
        public var columns: String?

        /// A source.
        public init(file: String, truth: String? = nil, format: AnnotationFileFormat? = nil, columns: String? = nil) {
            self.file = file
            self.truth = truth
            self.format = format
            self.columns = columns
        }
    }

    /// Where it was read from.
    public let source: Source
    /// The labels.
    public let annotations: AnnotationFile
    /// The gold labels, when a gold file was given.
    public let gold: GoldLabels?
    /// Lines for standard error, each starting with `note: ` or `warning: `: the detected layout,
    /// the files' warnings, and a gold file that names no item of the file or items without labels.
    let messages: [String]

    /// Reads `source`: a bad mapping, file or gold file is an error naming the file and line.
    public init(reading source: Source) throws(AnnotationFileError) {
        let mapping = try source.columns.map { text throws(AnnotationFileError) in try ColumnMapping(parsing: text) } ?? ColumnMapping()
        let annotations = try AnnotationFile.read(path: source.file, format: source.format, columns: mapping)
        let gold = try source.truth.map { path throws(AnnotationFileError) in try GoldLabels.read(path: path, for: annotations) }
        var messages = annotations.layoutNote.map { ["note: " + $0] } ?? []
        messages += (annotations.warnings + (gold?.warnings ?? [])).map { "warning: " + $0 }
        if let gold, let truth = source.truth {
            if gold.goldItemCount == 0 {
                messages.append("warning: no row of \(truth) names an item of \(source.file); accuracy cannot be measured")
            } else if gold.ignoredCount > 0 {
                messages.append("warning: \(gold.ignoredCount) row(s) of \(truth) name items with no labels in \(source.file); ignored")
            }
        }
        self.source = source
        self.annotations = annotations
        self.gold = gold
        self.messages = messages
    }
}
