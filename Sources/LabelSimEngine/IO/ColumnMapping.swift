/// Which header names hold the item, worker and label of a CSV annotation file.
///
/// A `nil` name means "recognise it": the first header field (case-insensitive) among
/// ``itemNames``, ``workerNames`` or ``labelNames``.
public struct ColumnMapping: Equatable, Sendable {
    /// Header names recognised as the item column.
    static let itemNames = ["item", "task", "question", "object", "item_id", "task_id", "url", "example"]
    /// Header names recognised as the worker column.
    static let workerNames = ["worker", "annotator", "worker_id", "annotator_id", "performer", "labeler", "user"]
    /// Header names recognised as the label column.
    static let labelNames = ["label", "answer", "response", "class", "category", "output"]
    /// Header names recognised as the gold column of a truth file.
    static let truthNames = ["truth", "gold", "true_label", "label", "answer", "class"]

    /// The item column's header name, or `nil` to recognise it.
    public var item: String?
    /// The worker column's header name, or `nil` to recognise it.
    public var worker: String?
    /// The label column's header name, or `nil` to recognise it.
    public var label: String?

    /// Creates a mapping.
    public init(item: String? = nil, worker: String? = nil, label: String? = nil) {
        self.item = item
        self.worker = worker
        self.label = label
    }

    /// Parses `item=task,worker=worker,label=label` (any subset, any order).
    public init(parsing text: String) throws(AnnotationFileError) {
        self.init()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmed(of: " \t") }
            guard pair.count == 2, !pair[1].isEmpty else { throw .invalidColumnMapping(text) }
            switch pair[0].lowercased() {
            case "item", "task": item = pair[1]
            case "worker": worker = pair[1]
            case "label": label = pair[1]
            default: throw .invalidColumnMapping(text)
            }
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set`.
    func trimmed(of set: String) -> String {
        let characters = Set(set)
        let trimmedStart = drop { characters.contains($0) }
        var end = trimmedStart.endIndex
        while end > trimmedStart.startIndex {
            let before = trimmedStart.index(before: end)
            if !characters.contains(trimmedStart[before]) { break }
            end = before
        }
        return String(trimmedStart[trimmedStart.startIndex..<end])
    }
}
