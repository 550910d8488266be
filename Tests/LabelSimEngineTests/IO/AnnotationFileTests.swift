import Foundation
import Testing

@testable import LabelSimEngine

@Suite("Annotation files")
struct AnnotationFileTests {
    func read(_ text: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping()) throws
        -> AnnotationFile
    {
        try AnnotationFile(bytes: Array(text.utf8), fileName: "test.txt", format: format, columns: columns)
    }

    func error(_ text: String, format: AnnotationFileFormat? = nil, columns: ColumnMapping = ColumnMapping())
        -> AnnotationFileError?
    {
        do {
            _ = try read(text, format: format, columns: columns)
            return nil
        } catch {
            return error as? AnnotationFileError
        }
    }

    @Test("task,worker,label CSV with CRLF and string labels sorted")
    func csvWithHeader() throws {
        let file = try read("task,worker,label\r\nt1,w1,cat\r\nt1,w2,dog\r\nt2,w1,ant\r\n")
        #expect(file.format == .csv)
        #expect(file.itemNames == ["t1", "t2"])
        #expect(file.workerNames == ["w1", "w2"])
        #expect(file.classNames == ["ant", "cat", "dog"])
        #expect(file.matrix.labels == [1, 2, 0])
        #expect(file.matrix.itemStart == [0, 2, 3])
    }

    @Test("question,worker,answer is recognised; numeric labels sort numerically; columns can be mapped")
    func otherHeaders() throws {
        let file = try read("question,worker,answer\nq,a,10\nq,b,9\nr,a,2\n")
        #expect(file.classNames == ["2", "9", "10"])
        let mapped = try read(
            "who,what,said\nw1,i1,x\n", columns: ColumnMapping(parsing: "item=what,worker=who,label=said"))
        #expect(mapped.itemNames == ["i1"] && mapped.workerNames == ["w1"])
        #expect(throws: AnnotationFileError.invalidColumnMapping("item")) { try ColumnMapping(parsing: "item") }
    }

    @Test("Whitespace item worker label, and Get-Another-Label detected by distinct counts")
    func whitespaceAndGAL() throws {
        let plain = try read("1 1 5\n1 2 4\n2 1 5\n")
        #expect(plain.format == .whitespace && plain.itemNames == ["1", "2"])
        // Three workers over six objects, tab-separated: the first column is the workers.
        let gal = try read("w1\tu1\tG\nw1\tu2\tP\nw2\tu3\tG\nw2\tu4\tX\nw3\tu5\tG\nw3\tu6\tR\n")
        #expect(gal.format == .gal)
        #expect(gal.itemNames.count == 6 && gal.workerNames == ["w1", "w2", "w3"])
        // More items than workers in the first column: item worker label.
        let web = try read("1\t1\t5\r\n2\t1\t4\r\n3\t2\t5\r\n")
        #expect(web.format == .whitespace && web.itemNames.count == 3)
        let forced = try read("w1\tu1\tG\n", format: .gal)
        #expect(forced.itemNames == ["u1"] && forced.workerNames == ["w1"])
    }

    @Test("A headerless tab file grouped by item with fewer items than workers is item-first, and says so")
    func layoutVote() throws {
        // The review's case: 2 items, 3 workers, every worker labels every item, lines grouped by item.
        let crowd = try read("i1\tw1\ta\ni1\tw2\ta\ni1\tw3\tb\ni2\tw1\tb\ni2\tw2\tb\ni2\tw3\tb\n")
        #expect(crowd.format == .whitespace && crowd.itemNames == ["i1", "i2"] && crowd.workerNames == ["w1", "w2", "w3"])
        #expect(crowd.layoutNote?.contains("--input-format gal") == true)
        // The same lines with the columns swapped are Get-Another-Label.
        let swapped = try read("w1\ti1\ta\nw2\ti1\ta\nw3\ti1\tb\nw1\ti2\tb\nw2\ti2\tb\nw3\ti2\tb\n")
        #expect(swapped.format == .gal && swapped.itemNames == ["i1", "i2"])
        #expect(swapped.layoutNote?.contains("--input-format whitespace") == true)
        // Biased workers (labels agree more within workers) are outvoted by counts and grouping.
        let biased = try read("w1\tu1\tG\nw2\tu1\tP\nw1\tu2\tG\nw2\tu2\tX\nw1\tu3\tG\nw2\tu3\tR\nw1\tu4\tG\nw2\tu4\tP\n")
        #expect(biased.format == .gal)
        // An explicit layout or a header leaves no note.
        #expect(try read("i1\tw1\ta\n", format: .whitespace).layoutNote == nil)
        #expect(try read("task,worker,label\nt,w,1\n").layoutNote == nil)
    }

    @Test("Quoted and unquoted copies of a value are one value; doubled quotes are undone")
    func quotedValues() throws {
        let file = try read("item,worker,label\n\"12\",w1,\"a\"\"b\"\n12,\"w1\",x\n 7 ,w2,x\n")
        #expect(file.itemNames == ["12", "7"] && file.workerNames == ["w1", "w2"])
        #expect(file.classNames == ["a\"b", "x"])
    }

    @Test("Posteriors are written exactly as Double.description prints them")
    func shortestDouble() {
        // Bit patterns from a fixed SplitMix64 sequence: every kind of double, the same each run.
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let fixed: [Double] = [0, -0.0, 1, 0.1, 1e-300, 5e-324, .infinity, -.infinity, .nan, 1e16, 0.0003190554263478588]
        let drawn = (0..<20_000).map { _ in Double(bitPattern: next()) }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: ShortestDouble.maximumLength)
        defer { buffer.deallocate() }
        for value in fixed + drawn {
            let count = ShortestDouble.write(value, to: buffer)
            let text = String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self)
            #expect(text == value.description)
        }
    }

    @Test("Bad files give errors naming the file and line")
    func badFiles() {
        #expect(error("") == .empty(file: "test.txt"))
        #expect(error("task,worker,label\n") == .empty(file: "test.txt"))
        if case .missingColumn(_, let line, let role, _, _) = error("task,annotator_name,label\nt,w,1\n") {
            #expect(line == 1 && role == "worker")
        } else {
            Issue.record("expected missingColumn")
        }
        #expect(error("task,worker,label\nt,w,1\nt,w\n") == .tooFewFields(file: "test.txt", line: 3, expected: 3, found: 2))
        #expect(error("1 1 5\n\n1 2\n") == .tooFewFields(file: "test.txt", line: 3, expected: 3, found: 2))
        #expect(error("1 1 5 7\n") == .tooManyFields(file: "test.txt", line: 1, expected: 3, found: 4))
        #expect(error("task,worker,label\n\"t,1,w,1\n") == .unterminatedQuote(file: "test.txt", line: 2))
        let missing = error("x,y,z\n", columns: ColumnMapping(item: "x", worker: "y", label: "nope"))
        #expect(missing?.description.contains("test.txt:1") == true)
    }

    @Test("Review: a CSV line with more fields than its three-column header, and bytes that are not UTF-8, are errors")
    func misalignedAndNonUTF8() throws {
        #expect(error("item,worker,label\na,w1,x\nb,w1,y,z\n") == .tooManyFields(file: "test.txt", line: 3, expected: 3, found: 4))
        // A header with more columns than the three used still allows (and ignores) the others.
        #expect(try read("item,worker,label,seconds\na,w1,x,3\nb,w1,y,4\n").matrix.labelCount == 2)
        func bytesError(_ bytes: [UInt8], parts: Int? = nil) -> AnnotationFileError? {
            do {
                _ = try AnnotationFile(bytes: bytes, fileName: "b.csv", parts: parts)
                return nil
            } catch {
                return error
            }
        }
        let header = Array("item,worker,label\n".utf8)
        #expect(bytesError(header + Array("a,w1,x\nb,w1,".utf8) + [0xFF, 0xFE, 0x0A]) == .notUTF8(file: "b.csv", line: 3))
        #expect(bytesError(header + Array("a,".utf8) + [0xC3] + Array(",x\nb,w1,y\n".utf8), parts: 2) == .notUTF8(file: "b.csv", line: 2))
        #expect(bytesError([0x00, 0xFF, 0x12, 0x2C, 0x80, 0x0A, 0x41]) == .notUTF8(file: "b.csv", line: 1))
        #expect(bytesError([0xEF, 0xBB, 0xBF] + header + Array("a,w1,é\n".utf8)) == nil)
        let gold = try read("item,worker,label\na,w1,0\n")
        #expect(throws: AnnotationFileError.notUTF8(file: "g.csv", line: 1)) {
            try GoldLabels(bytes: [0xFF, 0x2C, 0x41, 0x0A, 0x61, 0x2C, 0x30, 0x0A], fileName: "g.csv", for: gold)
        }
    }

    @Test("Gold files: partial coverage, unseen labels warn, conflicts are errors with both lines")
    func goldFiles() throws {
        let file = try read("item,worker,label\na,w1,0\na,w2,1\nb,w1,1\nc,w1,0\n")
        let gold = try GoldLabels(bytes: Array("item,truth\na,1\nzzz,0\nb,1\nb,1\nc,7\n".utf8), fileName: "g.csv", for: file)
        #expect(gold.goldItemCount == 3 && gold.ignoredCount == 1)
        #expect(gold.classes == [1, 1, -2])
        #expect(gold.warnings.count == 1 && gold.warnings[0].hasPrefix("g.csv:6"))
        #expect(gold.accuracy(of: [1, 1, 0]) == 2.0 / 3.0)
        let tabbed = try GoldLabels(bytes: Array("a\t0\r\nb\t1\r\n".utf8), fileName: "g.tsv", for: file)
        #expect(tabbed.classes == [0, 1, -1])
        #expect(throws: AnnotationFileError.conflictingTruth(file: "g", line: 3, item: "a", label: "0", firstLine: 1, firstLabel: "1")) {
            try GoldLabels(bytes: Array("a 1\nb 1\na 0\n".utf8), fileName: "g", for: file)
        }
        #expect(throws: AnnotationFileError.empty(file: "g")) { try GoldLabels(bytes: [], fileName: "g", for: file) }
    }

    @Test("Missing files are reported, not crashed on")
    func missingFile() {
        #expect(throws: AnnotationFileError.unreadable(file: "/nonexistent/x.csv", reason: "no such file")) {
            try AnnotationFile.read(path: "/nonexistent/x.csv")
        }
    }

    @Test("Aggregated labels CSV goes through a temporary file and a rename")
    func writer() throws {
        let file = try read("item,worker,label\n\"a,1\",w1,x\nb,w1,y\n")
        #expect(file.itemNames == ["a,1", "b"])
        let result = MajorityVoteFixture.result(file)
        let path = NSTemporaryDirectory() + "labelsim-writer-\(ProcessInfo.processInfo.processIdentifier).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try AggregatedLabelsWriter.write(result, for: file, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "item,label,p_x,p_y\n\"a,1\",x,1.0,0.0\nb,y,0.0,1.0\n")
        #expect(throws: AnnotationFileError.self) { try AggregatedLabelsWriter.write(result, for: file, to: "/nonexistent/dir/out.csv") }
    }

    @Test("A class name with a comma or quote is quoted as a whole header field, p_ inside the quotes")
    func headerQuoting() throws {
        let file = try read("task,worker,label\n1,a,\"x,y\"\n1,b,\"q\"\"z\"\n2,a,\"x,y\"\n")
        let result = MajorityVoteFixture.result(file)
        let path = NSTemporaryDirectory() + "labelsim-header-\(ProcessInfo.processInfo.processIdentifier).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try AggregatedLabelsWriter.write(result, for: file, to: path)
        let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first.map(String.init)
        #expect(header == "item,label,\"p_q\"\"z\",\"p_x,y\"")
    }
}

enum MajorityVoteFixture {
    static func result(_ file: AnnotationFile) -> AggregationResult {
        MajorityVote().aggregate(file.matrix, using: .init(seed: 1))
    }
}

@Suite("Annotation file checks")
struct AnnotationFileCheckTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-check-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("an empty field is an error with its line; a repeated (item, worker) pair is a warning")
    func checks() throws {
        let empty = try write("task,worker,label\n1,a,x\n2,,y\n")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: AnnotationFileError.self) { try AnnotationFile.read(path: empty) }
        do {
            _ = try AnnotationFile.read(path: empty)
        } catch {
            #expect("\(error)".hasSuffix(":3: the worker field is empty"))
        }
        let repeated = try write("task,worker,label\n1,a,x\n1,a,y\n2,b,x\n")
        defer { try? FileManager.default.removeItem(atPath: repeated) }
        let file = try AnnotationFile.read(path: repeated)
        #expect(file.matrix.labelCount == 3)
        #expect(file.warnings.count == 1)
        #expect(file.warnings.first?.contains("1 label(s) repeat an (item, worker) pair") == true)
    }
}
