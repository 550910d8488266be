import Foundation
import LabelSimCore

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// An annotation file read into an ``AnnotationMatrix``, with the names behind its dense indices.
///
/// Items and workers are numbered in order of first appearance. Classes are sorted: numerically
/// when every label is a number, otherwise by their UTF-8 text, so the same labels always get
/// the same indices. See ``AnnotationFileFormat`` for the layouts and how they are detected.
public struct AnnotationFile: Sendable {
    /// The path or name the file was read from (used in messages).
    public let fileName: String
    /// The layout the file was read as.
    public let format: AnnotationFileFormat
    /// The labels.
    public let matrix: AnnotationMatrix
    /// Item names by index.
    public let itemNames: [String]
    /// Worker names by index.
    public let workerNames: [String]
    /// Class names by index.
    public let classNames: [String]
    /// Problems that do not stop the file from being used.
    public let warnings: [String]

    /// Reads the file at `path`.
    ///
    /// - Parameters:
    ///   - format: the layout, or `nil` to detect it.
    ///   - columns: CSV header names for the item, worker and label columns.
    public static func read(
        path: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping()
    ) throws(AnnotationFileError) -> AnnotationFile {
        try AnnotationFile(bytes: readBytes(path), fileName: path, format: format, columns: columns)
    }

    /// The bytes of the file at `path`.
    static func readBytes(_ path: String) throws(AnnotationFileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "it is a directory") }
        // Block reads straight into the array (no intermediate Data copy).
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(file: path, reason: "permission denied") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: path, reason: "I/O error") }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        var failed = false
        bytes.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let got = systemRead(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
                if got < 0, errno == EINTR { continue }
                if got <= 0 {
                    failed = got < 0
                    break
                }
                filled += got
            }
        }
        guard !failed else { throw .unreadable(file: path, reason: "I/O error") }
        // A file that grew or shrank while read: keep what was read, then anything after it.
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }

    /// Parses annotation text already in memory (`fileName` is used in messages).
    public init(
        bytes: [UInt8], fileName: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping()
    ) throws(AnnotationFileError) {
        var text = DelimitedText(bytes: bytes, fileName: fileName)
        let detected: AnnotationFileFormat = format ?? (text.firstLineContains(0x2C) ? .csv : .whitespace)
        let separator: DelimitedText.Separator = detected == .csv ? .comma : .whitespace
        var fields: [DelimitedText.Field] = []
        guard try text.nextLine(into: &fields, separator: separator) else { throw .empty(file: fileName) }

        // Column positions of (first, second, third) roles as read; roles are fixed below.
        var positions = [0, 1, 2]
        var hasHeader = false
        var autoOrder = format == nil
        if detected == .csv {
            let header = fields.map { text.string($0) }
            positions = try Self.locate(columns, in: header, fileName: fileName, line: text.lineNumber)
            hasHeader = true
            autoOrder = false
        } else {
            let header = fields.map { text.string($0).lowercased() }
            if header.count == 3, ColumnMapping.itemNames.contains(header[0]) || ColumnMapping.workerNames.contains(header[0]),
                let located = try? Self.locate(ColumnMapping(), in: header, fileName: fileName, line: 1)
            {
                positions = located
                hasHeader = true
                autoOrder = false
            }
            if detected == .gal { positions = [1, 0, 2] }
            if autoOrder && !bytes[text.lastLineRange].contains(0x09) { autoOrder = false }
            if autoOrder && fields.count != 3 { autoOrder = false }
        }
        let needed = positions.max().map { $0 + 1 } ?? 3
        let exact = detected != .csv

        var columnsRead = [FieldInterner(), FieldInterner(), FieldInterner()]
        var ids: [[Int32]] = [[], [], []]
        if hasHeader {
            guard try text.nextLine(into: &fields, separator: separator) else { throw .empty(file: fileName) }
        }
        repeat {
            if fields.count < needed {
                throw .tooFewFields(file: fileName, line: text.lineNumber, expected: needed, found: fields.count)
            }
            if exact && fields.count > needed {
                throw .tooManyFields(file: fileName, line: text.lineNumber, expected: needed, found: fields.count)
            }
            for role in 0..<3 {
                let field = fields[positions[role]]
                if field.end <= field.start, !field.quoted {
                    throw .emptyField(file: fileName, line: text.lineNumber, role: ["item", "worker", "label"][role])
                }
                ids[role].append(columnsRead[role].id(of: field, in: text))
            }
        } while try text.nextLine(into: &fields, separator: separator)

        var resolved = detected
        if autoOrder && columnsRead[0].count < columnsRead[1].count {
            // Get-Another-Label: the first column (fewer distinct values) holds the workers.
            columnsRead.swapAt(0, 1)
            ids.swapAt(0, 1)
            resolved = .gal
        }
        let (classNames, remap) = Self.sortedClasses(columnsRead[2].names)
        let labels = ids[2].map { remap[Int($0)] }
        let matrix = AnnotationMatrix(
            itemCount: columnsRead[0].count, workerCount: columnsRead[1].count, classCount: classNames.count, items: ids[0],
            workers: ids[1], labels: labels)
        // A repeated (item, worker) pair sits in the item's row, after the first one.
        var repeats = 0
        for item in 0..<matrix.itemCount {
            let row = matrix.itemStart[item]..<matrix.itemStart[item + 1]
            for slot in row {
                for earlier in row.lowerBound..<slot where matrix.workers[earlier] == matrix.workers[slot] {
                    repeats += 1
                    break
                }
            }
        }
        self.warnings =
            repeats > 0
            ? [
                ScenarioProblem.quoted(
                    "\(fileName): \(repeats) label(s) repeat an (item, worker) pair already labelled; all are kept and counted as votes",
                    limit: 400)
            ] : []
        self.fileName = fileName
        self.format = resolved
        self.itemNames = columnsRead[0].names
        self.workerNames = columnsRead[1].names
        self.classNames = classNames
        self.matrix = matrix
    }

    /// Header positions of the item, worker and label columns.
    static func locate(
        _ columns: ColumnMapping, in header: [String], fileName: String, line: Int
    ) throws(AnnotationFileError) -> [Int] {
        let lowered = header.map { $0.lowercased() }
        func find(_ name: String?, _ known: [String], _ role: String) throws(AnnotationFileError) -> Int {
            if let name {
                if let index = header.firstIndex(of: name) ?? lowered.firstIndex(of: name.lowercased()) { return index }
                throw .missingColumn(file: fileName, line: line, role: role, wanted: [name], header: header)
            }
            for candidate in known {
                if let index = lowered.firstIndex(of: candidate) { return index }
            }
            throw .missingColumn(file: fileName, line: line, role: role, wanted: known, header: header)
        }
        return [
            try find(columns.item, ColumnMapping.itemNames, "item"),
            try find(columns.worker, ColumnMapping.workerNames, "worker"),
            try find(columns.label, ColumnMapping.labelNames, "label"),
        ]
    }

    /// Class names in their documented order, and the map from first-appearance ids to it.
    static func sortedClasses(_ names: [String]) -> (names: [String], remap: [Int32]) {
        let numbers = names.compactMap { Double($0) }
        let order: [Int]
        if numbers.count == names.count {
            order = names.indices.sorted { numbers[$0] < numbers[$1] || (numbers[$0] == numbers[$1] && names[$0] < names[$1]) }
        } else {
            order = names.indices.sorted { Array(names[$0].utf8).lexicographicallyPrecedes(names[$1].utf8) }
        }
        var remap = [Int32](repeating: 0, count: names.count)
        for (rank, original) in order.enumerated() { remap[original] = Int32(rank) }
        return (order.map { names[$0] }, remap)
    }

    /// The index of the item named `name`, if it has labels.
    func itemIndex() -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(itemNames.count)
        for (position, name) in itemNames.enumerated() { index[name] = position }
        return index
    }
}
