import LabelSimCore

/// Gold (true) labels for some items of an ``AnnotationFile``, to score aggregators.
///
/// Read from `item,truth` CSV with a header (columns recognised from ``ColumnMapping/itemNames``
/// and ``ColumnMapping/truthNames``; a header naming neither is an error) or from `item label` separated by
/// spaces or tabs without a header (Get-Another-Label's `gold.tsv` has this shape).
///
/// Decisions: an empty item or gold label is an error naming its line; gold rows for items with no labels are ignored (``ignoredCount``); a repeated row
/// with the same label is fine, a different label is an error naming both lines; a gold label no
/// worker ever gave is a *warning* (the item still counts and every method gets it wrong),
/// because a class nobody chose is legitimate data, not a broken file.
public struct GoldLabels: Sendable {
    /// Gold class per item of the annotation file: `-1` no gold; `-2` a class no worker used.
    public let classes: [Int32]
    /// Items with gold and labels.
    public let goldItemCount: Int
    /// Gold rows whose item has no labels.
    public let ignoredCount: Int
    /// Human-readable warnings (file:line: message).
    public let warnings: [String]

    /// Reads the gold file at `path` against `annotations`.
    public static func read(path: String, for annotations: AnnotationFile) throws(AnnotationFileError) -> GoldLabels {
        try GoldLabels(bytes: AnnotationFile.readBytes(path), fileName: path, for: annotations)
    }

    /// Parses gold text already in memory.
    public init(bytes: [UInt8], fileName: String, for annotations: AnnotationFile) throws(AnnotationFileError) {
        self = try DelimitedText.scan(bytes, fileName: fileName) { (text: inout DelimitedText) throws(AnnotationFileError) in
            try GoldLabels(text: &text, for: annotations)
        }
    }

    private init(text: inout DelimitedText, for annotations: AnnotationFile) throws(AnnotationFileError) {
        let fileName = text.fileName
        let separator: DelimitedText.Separator = text.firstLineContains(0x2C) ? .comma : .whitespace
        guard try text.nextLine(separator: separator) else { throw .empty(file: fileName) }
        var itemColumn = 0
        var truthColumn = 1
        let header = text.keptFields.map { text.string($0).lowercased() }
        let looksLikeHeader =
            header.count >= 2 && ColumnMapping.itemNames.contains(header[0]) && ColumnMapping.truthNames.contains(header[1])
        if separator == .comma || looksLikeHeader {
            // A CSV header must name its columns: a file headed `foo,bar` is refused, not guessed at.
            guard let item = ColumnMapping.itemNames.lazy.compactMap({ header.firstIndex(of: $0) }).first else {
                throw .missingColumn(file: fileName, line: text.lineNumber, role: "item", wanted: ColumnMapping.itemNames, header: header)
            }
            guard let truth = ColumnMapping.truthNames.lazy.compactMap({ header.firstIndex(of: $0) }).first, truth != item else {
                throw .missingColumn(file: fileName, line: text.lineNumber, role: "truth", wanted: ColumnMapping.truthNames, header: header)
            }
            itemColumn = item
            truthColumn = truth
            guard try text.nextLine(separator: separator) else { throw .empty(file: fileName) }
        }
        let needed = max(itemColumn, truthColumn) + 1
        text.limit = needed
        let items = annotations.itemIndex()
        var classIndex: [String: Int32] = [:]
        for (position, name) in annotations.classNames.enumerated() { classIndex[name] = Int32(position) }
        var classes = [Int32](repeating: -1, count: annotations.itemNames.count)
        var seenAt: [Int: (line: Int, label: String)] = [:]
        var ignored = 0
        var warnings: [String] = []
        var unknown: Set<String> = []
        repeat {
            if text.fieldCount < needed {
                throw .tooFewFields(file: fileName, line: text.lineNumber, expected: needed, found: text.fieldCount)
            }
            let item = text.string(text.fields[itemColumn])
            let label = text.string(text.fields[truthColumn])
            if item.isEmpty { throw .emptyField(file: fileName, line: text.lineNumber, role: "item") }
            if label.isEmpty { throw .emptyField(file: fileName, line: text.lineNumber, role: "truth") }
            guard let position = items[item] else {
                ignored += 1
                continue
            }
            if let first = seenAt[position] {
                if first.label != label {
                    throw .conflictingTruth(
                        file: fileName, line: text.lineNumber, item: item, label: label, firstLine: first.line,
                        firstLabel: first.label)
                }
                continue
            }
            seenAt[position] = (text.lineNumber, label)
            if let known = classIndex[label] {
                classes[position] = known
            } else {
                classes[position] = -2
                if unknown.insert(label).inserted {
                    warnings.append(
                        "\(fileName):\(text.lineNumber): gold label \"\(label)\" was never given by a worker; "
                            + "its items count as wrong for every method")
                }
            }
        } while try text.nextLine(separator: separator)
        self.classes = classes
        self.goldItemCount = seenAt.count
        self.ignoredCount = ignored
        // One printable line each, whatever the labels hold.
        self.warnings = warnings.map { ScenarioProblem.quoted($0, limit: 400) }
    }

    /// Share of gold items whose label matches, or `nil` when no item has gold.
    public func accuracy(of labels: [Int32]) -> Double? {
        guard goldItemCount > 0 else { return nil }
        var correct = 0
        for (item, gold) in classes.enumerated() where gold >= 0 && item < labels.count && labels[item] == gold {
            correct += 1
        }
        return Double(correct) / Double(goldItemCount)
    }
}
