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
    let itemNames: [String]
    /// Worker names by index.
    let workerNames: [String]
    /// Class names by index.
    let classNames: [String]
    /// Problems that do not stop the file from being used.
    public let warnings: [String]
    /// For a headerless tab-separated file whose column order was detected: which order was
    /// chosen, on what evidence, and how to override it (`--input-format`); nil otherwise.
    let layoutNote: String?
    /// Item ids by the bytes of their names (for gold files, without a `String` per field).
    let itemLookup: FieldInterner
    /// Label values in order of first appearance, by their bytes.
    let classLookup: FieldInterner
    /// Class index of each label value of ``classLookup``.
    let classOrder: [Int32]

    /// Reads the file at `path`.
    ///
    /// - Parameters:
    ///   - format: the layout, or `nil` to detect it.
    ///   - columns: CSV header names for the item, worker and label columns.
    public static func read(
        path: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping()
    ) throws(AnnotationFileError) -> AnnotationFile {
        try withContents(of: path) { buffer throws(AnnotationFileError) in
            try AnnotationFile(buffer: buffer, fileName: path, format: format, columns: columns)
        }
    }

    /// Outcomes of the parts of a file read in parallel, one slot per part (each filled by one thread).
    private final class PartResults: @unchecked Sendable {
        private var outcomes: [Result<AnnotationColumns, AnnotationFileError>]
        private var lineCounts: [Int]
        private let lock = NSLock()

        init(count: Int) {
            outcomes = Array(repeating: .failure(.empty(file: "")), count: count)
            lineCounts = Array(repeating: 0, count: count)
        }

        func store(_ part: Int, _ outcome: Result<AnnotationColumns, AnnotationFileError>, lines: Int) {
            lock.lock()
            outcomes[part] = outcome
            lineCounts[part] = lines
            lock.unlock()
        }

        /// Takes part `part`'s outcome out (the slot keeps no reference, so the columns' arrays
        /// stay uniquely held and are extended in place).
        func take(_ part: Int) -> Result<AnnotationColumns, AnnotationFileError> {
            lock.withLock {
                defer { outcomes[part] = .failure(.empty(file: "")) }
                return outcomes[part]
            }
        }
        func lines(_ part: Int) -> Int { lock.withLock { lineCounts[part] } }
    }

    /// Runs `body` on the bytes of the file at `path`: a regular file is memory-mapped read-only
    /// with its pages populated up front (no copy out of the page cache, no page faults while
    /// parsing); anything else (a pipe, an empty file, a failed map) is read into memory by
    /// ``readBytes(_:)``. The file must not shrink while it is read.
    static func withContents<Result>(
        of path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(AnnotationFileError) -> Result
    ) throws(AnnotationFileError) -> Result {
        #if os(Linux)
            let descriptor = open(path, O_RDONLY)
            if descriptor >= 0 {
                var status = stat()
                let size = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : 0
                let mapped = size > 0 ? mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0) : nil
                close(descriptor)
                if let mapped, mapped != MAP_FAILED {
                    defer { munmap(mapped, size) }
                    return try body(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
                }
            }
        #endif
        let bytes = try readBytes(path)
        return try bytes.withUnsafeBufferPointer { buffer throws(AnnotationFileError) in try body(buffer) }
    }

    /// The bytes of the file at `path`, read in large blocks straight into the array's storage
    /// (no zero fill, no intermediate copy).
    static func readBytes(_ path: String) throws(AnnotationFileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "it is a directory") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(file: path, reason: "permission denied") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: path, reason: "I/O error") }
        // One byte more than the size, so a file that grew since fstat shows it at once.
        var capacity = max(Int(status.st_size), 0) + 1
        var bytes: [UInt8] = []
        var failed = false
        while !failed {
            let before = bytes.count
            let grown = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                if before > 0 { _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<before]).initialize(fromContentsOf: bytes) }
                var filled = before
                while filled < buffer.count {
                    let got = systemRead(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
                    if got < 0, errno == EINTR { continue }
                    if got <= 0 {
                        failed = got < 0
                        break
                    }
                    filled += got
                }
                initialized = filled
            }
            bytes = grown
            // Short of the capacity: the end of the file (or an error). Full: it grew; read on.
            if bytes.count < capacity { break }
            capacity *= 2
        }
        guard !failed else { throw .unreadable(file: path, reason: "I/O error") }
        return bytes
    }

    /// Parses annotation text already in memory (`fileName` is used in messages).
    public init(
        bytes: [UInt8], fileName: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping()
    ) throws(AnnotationFileError) {
        try self.init(bytes: bytes, fileName: fileName, format: format, columns: columns, parts: nil)
    }

    /// Parses annotation text in memory, its lines read in `parts` parts (tests force several
    /// parts on small texts; the result must not depend on it).
    init(
        bytes: [UInt8], fileName: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping(),
        parts: Int?
    ) throws(AnnotationFileError) {
        self = try bytes.withUnsafeBufferPointer { buffer throws(AnnotationFileError) in
            try AnnotationFile(buffer: buffer, fileName: fileName, format: format, columns: columns, parts: parts)
        }
    }

    /// Parses annotation text in `buffer` (valid for the call only: nothing keeps a pointer into it).
    /// `parts`: how many parts the lines are read in (nil: one per core on large files; the
    /// result does not depend on it).
    init(
        buffer: UnsafeBufferPointer<UInt8>, fileName: String, format: AnnotationFileFormat?, columns: ColumnMapping,
        parts: Int? = nil
    ) throws(AnnotationFileError) {
        var text = DelimitedText(bytes: buffer, fileName: fileName)
        let read = try Self.parse(&text, format: format, columns: columns, parts: parts)
        guard read.columns.allSatisfy(\.isUTF8) else { throw .notUTF8(file: fileName, line: DelimitedText.firstNonUTF8Line(buffer)) }
        var columnsRead = read.columns
        var ids = read.ids
        var resolved = read.format
        var note: String?
        if read.autoOrder {
            let evidence = LayoutEvidence(
                first: ids[0], second: ids[1], labels: ids[2], distinct: (columnsRead[0].count, columnsRead[1].count),
                runs: read.runs, classCount: columnsRead[2].count)
            if evidence.workersFirst {
                // Get-Another-Label: the first column holds the workers.
                columnsRead.swapAt(0, 1)
                ids.swapAt(0, 1)
                resolved = .gal
            }
            note = evidence.note(fileName: fileName)
        }
        let (classNames, remap) = Self.sortedClasses(columnsRead[2].names)
        let identity = remap.indices.allSatisfy { remap[$0] == Int32($0) }
        let labels = identity ? ids[2] : ids[2].map { remap[Int($0)] }
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
        self.layoutNote = note.map { ScenarioProblem.quoted($0, limit: 400) }
        self.fileName = fileName
        self.format = resolved
        self.itemNames = columnsRead[0].names
        self.workerNames = columnsRead[1].names
        self.classNames = classNames
        self.matrix = matrix
        self.itemLookup = columnsRead[0]
        self.classLookup = columnsRead[2]
        self.classOrder = remap
    }

    /// What one pass over the lines yields: the three columns as read (roles fixed later when the
    /// order is detected), their ids per line, and how often each of the first two changes from
    /// one line to the next (for ``LayoutEvidence``).
    private struct ReadColumns {
        var columns: [FieldInterner]
        var ids: [[Int32]]
        var format: AnnotationFileFormat
        var autoOrder: Bool
        var runs: (Int, Int)
    }

    /// Reads every line (see ``AnnotationFileFormat`` for the layouts and their detection).
    private static func parse(
        _ text: inout DelimitedText, format: AnnotationFileFormat?, columns: ColumnMapping, parts: Int?
    ) throws(AnnotationFileError) -> ReadColumns {
        let fileName = text.fileName
        let detected: AnnotationFileFormat = format ?? (text.firstLineContains(0x2C) ? .csv : .whitespace)
        let separator: DelimitedText.Separator = detected == .csv ? .comma : .whitespace
        guard try text.nextLine(separator: separator) else { throw .empty(file: fileName) }
        // The first line is checked at once, so that a binary file is not read as a header.
        guard text.lineIsUTF8 else { throw .notUTF8(file: fileName, line: text.lineNumber) }

        // Column positions of (first, second, third) roles as read; roles are fixed below.
        var positions = [0, 1, 2]
        var hasHeader = false
        var autoOrder = format == nil
        var headerFields = 0
        if detected == .csv {
            headerFields = text.fieldCount
            let header = text.keptFields.map { text.string($0) }
            positions = try Self.locate(columns, in: header, fileName: fileName, line: text.lineNumber)
            hasHeader = true
            autoOrder = false
        } else {
            let header = text.keptFields.map { text.string($0).lowercased() }
            if text.fieldCount == 3,
                ColumnMapping.itemNames.contains(header[0]) || ColumnMapping.workerNames.contains(header[0]),
                let located = try? Self.locate(ColumnMapping(), in: header, fileName: fileName, line: 1)
            {
                positions = located
                hasHeader = true
                autoOrder = false
            }
            if detected == .gal { positions = [1, 0, 2] }
            if autoOrder && !text.bytes[text.lastLineRange].contains(0x09) { autoOrder = false }
            if autoOrder && text.fieldCount != 3 { autoOrder = false }
        }
        let needed = positions.max().map { $0 + 1 } ?? 3
        // A CSV line with more fields than a header of exactly the needed columns is misaligned
        // (an unquoted comma in a label, a missing header name), not extra data to skip.
        let exact = detected != .csv || headerFields == needed
        // Only the needed fields are kept; the splitter still counts the others.
        text.limit = needed

        if hasHeader {
            guard try text.nextLine(separator: separator) else { throw .empty(file: fileName) }
        }
        let lane = Lane(
            shape: AnnotationColumns.PlainShape(
                positions: (positions[0], positions[1], positions[2]), needed: needed, exact: exact, comma: separator == .comma),
            separator: separator)
        var read = AnnotationColumns()
        // A line has at least six bytes (`a,b,c\n`): dense tables up to 4 bytes × an eighth of
        // the bytes stay below the id arrays' 12 bytes a line.
        read.allowDense(text.bytes.count / 8)
        var scratch: [UInt8] = []
        // The line in hand (the first data line), then the rest of the file, in parts read in
        // parallel when it is large.
        try lane.take(&text, into: &read, scratch: &scratch)
        let rest = UnsafeBufferPointer(rebasing: text.bytes[text.position...])
        let bounds = Self.partBounds(rest, parts: parts ?? Self.defaultParts(bytes: rest.count))
        if bounds.count <= 1 {
            read.reserve(lines: text.lineEndsLeft())
            try lane.readLines(&text, into: &read, scratch: &scratch)
        } else {
            try Self.readParts(rest, bounds: bounds, into: &read, lane: lane, fileName: fileName, linesBefore: text.lineNumber)
        }
        read.finish()
        return ReadColumns(
            columns: [read.first, read.second, read.third], ids: [read.firstIDs, read.secondIDs, read.thirdIDs], format: detected,
            autoOrder: autoOrder, runs: read.runs)
    }

    /// How the lines of one file are checked and taken: the fast lane's shape and the splitter's separator.
    private struct Lane: Sendable {
        let shape: AnnotationColumns.PlainShape
        let separator: DelimitedText.Separator
        private static let roles = ["item", "worker", "label"]

        /// Checks the line `text` holds and records its ids (an error names the line).
        func take(_ text: inout DelimitedText, into read: inout AnnotationColumns, scratch: inout [UInt8]) throws(AnnotationFileError) {
            let found = text.fieldCount
            let needed = shape.needed
            if found < needed {
                throw .tooFewFields(file: text.fileName, line: text.lineNumber, expected: needed, found: found)
            }
            if shape.exact && found > needed {
                throw .tooManyFields(file: text.fileName, line: text.lineNumber, expected: needed, found: found)
            }
            let positions = shape.positions
            let fields = (text.fields[positions.0], text.fields[positions.1], text.fields[positions.2])
            if fields.0.isEmpty || fields.1.isEmpty || fields.2.isEmpty {
                let role = fields.0.isEmpty ? 0 : fields.1.isEmpty ? 1 : 2
                throw .emptyField(file: text.fileName, line: text.lineNumber, role: Self.roles[role])
            }
            let a = text.withValue(fields.0, scratch: &scratch) { read.first.id(of: $0) }
            let b = text.withValue(fields.1, scratch: &scratch) { read.second.id(of: $0) }
            let c = text.withValue(fields.2, scratch: &scratch) { read.third.id(of: $0) }
            read.append(a, b, c)
        }

        /// Reads every line from `text`'s position on: runs of plain lines by the fast lane, each
        /// other line by the splitter.
        func readLines(_ text: inout DelimitedText, into read: inout AnnotationColumns, scratch: inout [UInt8]) throws(AnnotationFileError)
        {
            while true {
                let plain = read.readPlainLines(text.bytes, from: text.position, shape: shape)
                text.skip(to: plain.position, lines: plain.lines)
                guard try text.nextLine(separator: separator) else { return }
                try take(&text, into: &read, scratch: &scratch)
            }
        }
    }

    /// Below this many bytes a file's lines are read on one thread.
    static let partBytes = 1 << 21

    /// Parts for `bytes` bytes of lines: one per core, each at least ``partBytes``.
    static func defaultParts(bytes: Int) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, bytes / partBytes))
    }

    /// Ends of up to `parts` parts of `bytes` of about equal size, each ending just after a `\n`
    /// (the last at the end): a line, and a quoted field (which cannot span lines), never straddles two.
    static func partBounds(_ bytes: UnsafeBufferPointer<UInt8>, parts: Int) -> [Int] {
        let count = bytes.count
        guard parts > 1, count > 0 else { return [count] }
        var ends: [Int] = []
        var previous = 0
        for part in 1..<parts {
            var end = max(previous, count / parts * part)
            while end < count && bytes[end] != 0x0A { end += 1 }
            end = min(end + 1, count)
            if end > previous && end < count {
                ends.append(end)
                previous = end
            }
        }
        ends.append(count)
        return ends
    }

    /// Reads the parts of `rest` (ending at `bounds`) in parallel, each into its own columns, and
    /// appends them to `read` in file order, which gives every value the id of a single pass
    /// (same bytes whatever the number of parts). The first error in file order is thrown, with
    /// its line counted from the file's start (`linesBefore` lines precede `rest`).
    private static func readParts(
        _ rest: UnsafeBufferPointer<UInt8>, bounds: [Int], into read: inout AnnotationColumns, lane: Lane, fileName: String,
        linesBefore: Int
    ) throws(AnnotationFileError) {
        let results = PartResults(count: bounds.count)
        let address = UInt(bitPattern: rest.baseAddress)
        let restCount = rest.count
        let first = read
        read = AnnotationColumns()
        DispatchQueue.concurrentPerform(iterations: bounds.count) { part in
            let start = part == 0 ? 0 : bounds[part - 1]
            let base = UnsafePointer<UInt8>(bitPattern: address).map { $0 + start }
            let bytes = UnsafeBufferPointer(start: base, count: bounds[part] - start)
            var text = DelimitedText(bytes: bytes, fileName: fileName, part: true)
            text.limit = lane.shape.needed
            let lines = text.lineEndsLeft()
            var columns = part == 0 ? first : AnnotationColumns()
            if part > 0 { columns.allowDense(restCount / 8) }
            // The first part takes every part's lines in the end: room for all of them, guessed
            // from its own share of the bytes (at most one line per 6 bytes), saves a copy when
            // the parts are joined.
            let guess = min((lines + 1) * (restCount / max(bytes.count, 1) + 1), restCount / 6 + 16)
            columns.reserve(lines: part == 0 ? max(guess, lines + 1) : lines + 1)
            var scratch: [UInt8] = []
            do throws(AnnotationFileError) {
                try lane.readLines(&text, into: &columns, scratch: &scratch)
                results.store(part, .success(columns), lines: lines)
            } catch {
                results.store(part, .failure(error), lines: lines)
            }
        }
        var linesSoFar = linesBefore
        for part in bounds.indices {
            switch results.take(part) {
            case .success(let columns):
                if part == 0 { read = columns } else { read.append(columns) }
            case .failure(let error):
                throw error.shifted(by: linesSoFar)
            }
            linesSoFar += results.lines(part)
        }
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
}
