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
    let goldItemCount: Int
    /// Gold rows whose item has no labels.
    let ignoredCount: Int
    /// Human-readable warnings (file:line: message).
    public let warnings: [String]

    /// Reads the gold file at `path` against `annotations`.
    public static func read(path: String, for annotations: AnnotationFile) throws(AnnotationFileError) -> GoldLabels {
        try AnnotationFile.withContents(of: path) { buffer throws(AnnotationFileError) in
            var text = DelimitedText(bytes: buffer, fileName: path)
            return try GoldLabels(text: &text, for: annotations)
        }
    }

    /// Parses gold text already in memory.
    public init(bytes: [UInt8], fileName: String, for annotations: AnnotationFile) throws(AnnotationFileError) {
        self = try DelimitedText.scan(bytes, fileName: fileName) { (text: inout DelimitedText) throws(AnnotationFileError) in
            try GoldLabels(text: &text, for: annotations)
        }
    }

    /// Reads every row at the byte level: items and labels are looked up by their bytes in the
    /// annotation file's own tables, so no `String` is made except for a message.
    private init(text: inout DelimitedText, for annotations: AnnotationFile) throws(AnnotationFileError) {
        let fileName = text.fileName
        let separator: DelimitedText.Separator = text.firstLineContains(0x2C) ? .comma : .whitespace
        guard try text.nextLine(separator: separator) else { throw .empty(file: fileName) }
        guard text.lineIsUTF8 else { throw .notUTF8(file: fileName, line: text.lineNumber) }
        var itemColumn = 0
        var truthColumn = 1
        let header = text.keptFields.map { text.string($0).lowercased() }
        let looksLikeHeader =
            header.count >= 2 && ColumnMapping.itemNames.contains(header[0]) && ColumnMapping.truthNames.contains(header[1])
        if separator == .comma || looksLikeHeader {
            // A CSV header must name its columns: a file headed `foo,bar` is refused, not guessed at.
            guard let item = ColumnMapping.itemNames.lazy.compactMap({ header.firstIndex(of: $0) }).first else {
                throw .missingGoldColumn(
                    file: fileName, line: text.lineNumber, role: "item", wanted: ColumnMapping.itemNames, header: header)
            }
            guard let truth = ColumnMapping.truthNames.lazy.compactMap({ header.firstIndex(of: $0) }).first, truth != item else {
                throw .missingGoldColumn(
                    file: fileName, line: text.lineNumber, role: "truth", wanted: ColumnMapping.truthNames, header: header)
            }
            itemColumn = item
            truthColumn = truth
            guard try text.nextLine(separator: separator) else { throw .empty(file: fileName) }
        }
        let needed = max(itemColumn, truthColumn) + 1
        text.limit = needed
        let itemCount = annotations.itemNames.count
        var classes = [Int32](repeating: -1, count: itemCount)
        // Per item: the line of its first gold row (0: none yet) and that row's label, as a class
        // index, or −3 − (its id among the labels no worker gave).
        var firstLine = [Int](repeating: 0, count: itemCount)
        var firstLabel = [Int32](repeating: 0, count: itemCount)
        var unknownLabels = FieldInterner()
        var goldItems = 0
        var ignored = 0
        var warnings: [String] = []
        var itemScratch: [UInt8] = []
        var labelScratch: [UInt8] = []
        let items = annotations.itemLookup
        let known = annotations.classLookup
        let order = annotations.classOrder
        repeat {
            if text.fieldCount < needed {
                throw .tooFewFields(file: fileName, line: text.lineNumber, expected: needed, found: text.fieldCount)
            }
            let itemField = text.fields[itemColumn]
            let labelField = text.fields[truthColumn]
            let line = text.lineNumber
            // Each field's bytes (doubled quotes undone) stay valid while the other is looked at.
            let found: (position: Int32?, code: Int32, new: Bool, emptyItem: Bool, emptyLabel: Bool) = text.withValue(
                itemField, scratch: &itemScratch
            ) { item in
                text.withValue(labelField, scratch: &labelScratch) { label in
                    guard !item.isEmpty, !label.isEmpty else { return (nil, 0, false, item.isEmpty, label.isEmpty) }
                    guard let position = items.existingID(of: item) else { return (nil, 0, false, false, false) }
                    if let id = known.existingID(of: label) { return (position, order[Int(id)], false, false, false) }
                    let before = unknownLabels.count
                    let id = unknownLabels.id(of: label)
                    return (position, -3 - id, unknownLabels.count > before, false, false)
                }
            }
            if found.emptyItem { throw .emptyField(file: fileName, line: line, role: "item") }
            if found.emptyLabel { throw .emptyField(file: fileName, line: line, role: "truth") }
            guard let position = found.position.map(Int.init) else {
                ignored += 1
                continue
            }
            func labelName(_ code: Int32) -> String {
                code >= 0 ? annotations.classNames[Int(code)] : unknownLabels.name(-3 - code)
            }
            if firstLine[position] > 0 {
                if firstLabel[position] != found.code {
                    throw .conflictingTruth(
                        file: fileName, line: line, item: annotations.itemNames[position], label: labelName(found.code),
                        firstLine: firstLine[position], firstLabel: labelName(firstLabel[position]))
                }
                continue
            }
            firstLine[position] = line
            firstLabel[position] = found.code
            goldItems += 1
            if found.code >= 0 {
                classes[position] = found.code
            } else {
                classes[position] = -2
                if found.new {
                    warnings.append(
                        "\(fileName):\(line): gold label \"\(labelName(found.code))\" was never given by a worker; "
                            + "its items count as wrong for every method")
                }
            }
        } while try text.nextLine(separator: separator)
        self.classes = classes
        self.goldItemCount = goldItems
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
