import Foundation
import Testing

@testable import LabelSimEngine

@Suite("Annotation reading: fast lane, gold by bytes, grouped rows")
struct AnnotationFastLaneTests {
    /// Rows drawn from a fixed SplitMix64 sequence, with values that exercise the integer table,
    /// leading zeros, 19-digit numbers, text and non-ASCII names.
    static func rows(_ count: Int, seed: UInt64) -> [(String, String, String)] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        func name(_ prefix: String) -> String {
            switch next(10) {
            case 0: "0\(next(9))"
            case 1: "1234567890123456789\(next(10))"
            case 2: "\(prefix)\(next(50))"
            case 3: "é\(next(5))"
            default: "\(next(400))"
            }
        }
        let labels = ["0", "1", "2", "10", "cat"]
        return (0..<count).map { _ in (name("t"), name("w"), labels[next(labels.count)]) }
    }

    func same(_ a: AnnotationFile, _ b: AnnotationFile) {
        #expect(a.format == b.format)
        #expect(a.itemNames == b.itemNames)
        #expect(a.workerNames == b.workerNames)
        #expect(a.classNames == b.classNames)
        #expect(a.matrix.itemStart == b.matrix.itemStart)
        #expect(a.matrix.workers == b.matrix.workers)
        #expect(a.matrix.labels == b.matrix.labels)
        #expect(a.warnings == b.warnings)
        #expect(a.layoutNote == b.layoutNote)
    }

    func read(_ text: String, format: AnnotationFileFormat? = nil) throws -> AnnotationFile {
        try AnnotationFile(bytes: Array(text.utf8), fileName: "f", format: format)
    }

    @Test("Plain lines (fast lane) and the same values forced through the splitter give the same file, in every layout")
    func fastLaneAgreesWithSplitter() throws {
        let rows = Self.rows(3000, seed: 7)
        // Every third line quoted or padded, so the two paths interleave.
        let mixed = rows.enumerated().map { index, row in
            index % 3 == 0 ? "\"\(row.0)\",\(row.1), \(row.2)" : "\(row.0),\(row.1),\(row.2)"
        }
        let quoted = rows.map { "\"\($0.0)\",\"\($0.1)\",\"\($0.2)\"" }
        let csv = try read("task,worker,label\n" + mixed.joined(separator: "\n") + "\n")
        same(csv, try read("task,worker,label\n" + quoted.joined(separator: "\n") + "\n"))
        #expect(csv.matrix.labelCount == 3000)
        // Whitespace: single tabs (fast lane) against doubled separators and CRLF (splitter).
        let tabs = rows.map { "\($0.0)\t\($0.1)\t\($0.2)" }.joined(separator: "\n")
        let loose = rows.map { "\($0.0) \t\($0.1)\t\t\($0.2)\r" }.joined(separator: "\n")
        same(try read(tabs, format: .whitespace), try read(loose, format: .whitespace))
        same(try read(tabs), try read(loose))
        // Get-Another-Label order, detected and forced.
        let gal = rows.map { "\($0.1)\t\($0.0)\t\($0.2)" }.joined(separator: "\n")
        let galLoose = rows.map { "\($0.1)  \($0.0) \($0.2)" }.joined(separator: "\n")
        same(try read(gal, format: .gal), try read(galLoose, format: .gal))
        #expect(try read(gal, format: .gal).itemNames == csv.itemNames)
    }

    @Test("Errors after runs of plain lines name their own line")
    func errorLines() {
        func error(_ text: String, format: AnnotationFileFormat? = nil) -> AnnotationFileError? {
            do {
                _ = try read(text, format: format)
                return nil
            } catch {
                return error as? AnnotationFileError
            }
        }
        #expect(error("task,worker,label\n1,1,0\n2,2,1\n\n3,3\n") == .tooFewFields(file: "f", line: 5, expected: 3, found: 2))
        #expect(error("1\t1\t0\n2\t2\t1\n3\t3\t1\t4\n", format: .whitespace) == .tooManyFields(file: "f", line: 3, expected: 3, found: 4))
        #expect(error("task,worker,label\n1,1,0\n2,,1\n") == .emptyField(file: "f", line: 3, role: "worker"))
        #expect(error("task,worker,label\n1,1,0\n2,2,1\r\n\"3,3,1\n") == .unterminatedQuote(file: "f", line: 4))
        // A line of only separators between plain lines is blank, not an error.
        #expect(error("task,worker,label\n1,1,0\n   \n2,2,1\n") == nil)
    }

    @Test("Gold rows are matched by their bytes: quoted copies, unknown labels, conflicts with both lines")
    func goldByBytes() throws {
        let file = try read("task,worker,label\n1,a,0\n2,a,1\n3,b,1\n07,b,0\n")
        let gold = try GoldLabels(bytes: Array("item,truth\n\"1\",0\n2,1\n2,\"1\"\n3,x\n9,0\n07,0\n".utf8), fileName: "g", for: file)
        #expect(gold.classes == [0, 1, -2, 0])
        #expect(gold.goldItemCount == 4 && gold.ignoredCount == 1)
        #expect(gold.warnings.count == 1 && gold.warnings[0].contains("g:5: gold label \"x\""))
        #expect(throws: AnnotationFileError.conflictingTruth(file: "g", line: 3, item: "3", label: "y", firstLine: 2, firstLabel: "x")) {
            try GoldLabels(bytes: Array("item,truth\n3,x\n3,y\n".utf8), fileName: "g", for: file)
        }
        #expect(throws: AnnotationFileError.conflictingTruth(file: "g", line: 2, item: "1", label: "1", firstLine: 1, firstLabel: "0")) {
            try GoldLabels(bytes: Array("1 0\n1 1\n".utf8), fileName: "g", for: file)
        }
        // "7" is not "07": no such item.
        #expect(try GoldLabels(bytes: Array("item,truth\n7,0\n".utf8), fileName: "g", for: file).goldItemCount == 0)
    }

    @Test("The integer table finds values added before it grew past them")
    func internerLookups() {
        var interner = FieldInterner()
        func id(_ text: String) -> Int32 { Array(text.utf8).withUnsafeBufferPointer { interner.id(of: $0) } }
        func find(_ text: String) -> Int32? { Array(text.utf8).withUnsafeBufferPointer { interner.existingID(of: $0) } }
        #expect(id("100000") == 0)  // beyond the first dense table: kept aside
        for value in 0..<70_000 { _ = id("\(value)") }  // the table grows past 100000's slot
        #expect(find("100000") == 0 && id("100000") == 0)
        #expect(find("69999") == 70_000 && find("70001") == nil && find("x") == nil)
        #expect(id("x") == 70_001 && find("x") == 70_001 && interner.name(70_001) == "x")
    }

    @Test("Rows grouped by item are used as they are; other orders are sorted stably")
    func matrixRows() {
        let triples = [(0, 3, 1), (0, 1, 0), (1, 2, 1), (2, 0, 0), (2, 3, 1)]
        let reference = AnnotationMatrix(
            itemCount: 3, workerCount: 4, classCount: 2, triples: triples.map { (item: $0.0, worker: $0.1, label: $0.2) })
        let grouped = AnnotationMatrix(
            itemCount: 3, workerCount: 4, classCount: 2, items: triples.map { Int32($0.0) }, workers: triples.map { Int32($0.1) },
            labels: triples.map { Int32($0.2) })
        let shuffled = [triples[2], triples[0], triples[3], triples[1], triples[4]]
        let scattered = AnnotationMatrix(
            itemCount: 3, workerCount: 4, classCount: 2, items: shuffled.map { Int32($0.0) }, workers: shuffled.map { Int32($0.1) },
            labels: shuffled.map { Int32($0.2) })
        for matrix in [grouped, scattered] {
            #expect(matrix.itemStart == reference.itemStart && matrix.workers == reference.workers && matrix.labels == reference.labels)
        }
    }

    @Test("Label agreement within groups: the tally table and the counting sort count the same pairs")
    func agreement() {
        // Brute force over all pairs of each group.
        func brute(_ groups: [Int32], _ labels: [Int32]) -> Double? {
            var agreeing = 0
            var pairs = 0
            for i in groups.indices {
                for j in groups.indices where j > i && groups[i] == groups[j] {
                    pairs += 1
                    if labels[i] == labels[j] { agreeing += 1 }
                }
            }
            return pairs > 0 ? Double(agreeing) / Double(pairs) : nil
        }
        let groups: [Int32] = [0, 1, 0, 2, 1, 0, 2, 2, 3]
        let labels: [Int32] = [1, 0, 1, 2, 1, 0, 2, 2, 1]
        #expect(LayoutEvidence.agreement(groups: groups, groupCount: 4, labels: labels, classCount: 3) == brute(groups, labels))
        // 70,000 groups × 3 classes is past the table's limit for 9 labels: the sort path.
        let sparse = groups.map { $0 * 20_000 }
        #expect(LayoutEvidence.agreement(groups: sparse, groupCount: 70_000, labels: labels, classCount: 3) == brute(sparse, labels))
        #expect(LayoutEvidence.agreement(groups: [0, 1], groupCount: 2, labels: [0, 0], classCount: 1) == nil)
    }

    /// The file read in `parts` parts, or its error.
    func outcome(_ text: String, format: AnnotationFileFormat? = nil, parts: Int) -> Result<AnnotationFile, AnnotationFileError> {
        do throws(AnnotationFileError) {
            return .success(try AnnotationFile(bytes: Array(text.utf8), fileName: "f", format: format, parts: parts))
        } catch {
            return .failure(error)
        }
    }

    @Test("A file read in parallel parts gives the same ids, names, warnings and layout note as one pass, in every layout")
    func partsAgreeWithOnePass() throws {
        let rows = Self.rows(4000, seed: 11)
        // Quoted, padded and blank lines, a byte-order mark and repeated pairs, so that parts
        // start on every kind of line and values recur across the part boundaries.
        let mixed = rows.enumerated().map { index, row in
            index % 7 == 0
                ? "\"\(row.0)\",\(row.1), \(row.2)" : index % 11 == 0 ? "\n\(row.0),\(row.1),\(row.2)" : "\(row.0),\(row.1),\(row.2)"
        }
        let texts: [(String, AnnotationFileFormat?)] = [
            ("\u{FEFF}task,worker,label\n" + mixed.joined(separator: "\n") + "\n", nil),
            (rows.map { "\($0.0)\t\($0.1)\t\($0.2)" }.joined(separator: "\n"), nil),
            (rows.map { "\($0.1)\t\($0.0)\t\($0.2)\r" }.joined(separator: "\n") + "\n\n", nil),
            (rows.map { "\($0.1) \($0.0)  \($0.2)" }.joined(separator: "\n"), .gal),
        ]
        for (text, format) in texts {
            guard case .success(let one) = outcome(text, format: format, parts: 1) else {
                Issue.record("one pass failed")
                continue
            }
            #expect(one.matrix.labelCount == 4000)
            for parts in [2, 3, 8, 64] {
                guard case .success(let split) = outcome(text, format: format, parts: parts) else {
                    Issue.record("\(parts) parts failed")
                    continue
                }
                same(one, split)
            }
        }
    }

    @Test("In parts, the first error in the file is the one reported, with its own line")
    func partsReportTheFirstError() {
        let lines = (0..<3000).map { "\($0 % 97),w\($0 % 13),\($0 % 2)" }
        func broken(_ changes: [Int: String]) -> String {
            var copy = lines
            for (line, text) in changes { copy[line - 2] = text }
            return "task,worker,label\n" + copy.joined(separator: "\n") + "\n"
        }
        let cases: [(String, AnnotationFileError)] = [
            (broken([2900: "1,2"]), .tooFewFields(file: "f", line: 2900, expected: 3, found: 2)),
            (broken([1700: "1,,0", 2900: "1,2"]), .emptyField(file: "f", line: 1700, role: "worker")),
            (broken([40: "\"1,2,0", 1500: "1"]), .unterminatedQuote(file: "f", line: 40)),
        ]
        for (text, expected) in cases {
            for parts in [1, 2, 5, 16] {
                guard case .failure(let error) = outcome(text, parts: parts) else {
                    Issue.record("\(parts) parts read a broken file")
                    continue
                }
                #expect(error == expected)
            }
        }
        #expect(throws: AnnotationFileError.tooManyFields(file: "f", line: 2501, expected: 3, found: 4)) {
            let text = (1...3000).map { $0 == 2501 ? "1\t2\t3\t4" : "\($0)\tw\t1" }.joined(separator: "\n")
            _ = try AnnotationFile(bytes: Array(text.utf8), fileName: "f", format: .whitespace, parts: 4)
        }
    }

    @Test("Mutated files: reading in parts gives the same file or the same error as one pass")
    func partsAgreeOnMutatedFiles() {
        var state: UInt64 = 2024
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let bases = [
            "task,worker,label\n" + Self.rows(300, seed: 3).map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n",
            Self.rows(300, seed: 4).map { "\($0.1)\t\($0.0)\t\($0.2)" }.joined(separator: "\n"),
        ]
        let noise: [[UInt8]] = [
            [0x22], [0x2C], [0x0A], [0x0D, 0x0A], [0x09], [0x20], [0x22, 0x22], [0x0A, 0x0A], [0xEF, 0xBB, 0xBF], [0x31],
        ]
        var disagreements = 0
        for round in 0..<300 {
            var bytes = Array(bases[round % 2].utf8)
            for _ in 0..<(1 + next(6)) {
                let at = next(bytes.count)
                if next(3) == 0 { bytes.remove(at: at) } else { bytes.insert(contentsOf: noise[next(noise.count)], at: at) }
            }
            let format: AnnotationFileFormat? = next(4) == 0 ? [.csv, .whitespace, .gal][next(3)] : nil
            func read(_ parts: Int) -> Result<AnnotationFile, AnnotationFileError> {
                do throws(AnnotationFileError) {
                    return .success(try AnnotationFile(bytes: bytes, fileName: "f", format: format, parts: parts))
                } catch {
                    return .failure(error)
                }
            }
            switch (read(1), read(3)) {
            case (.success(let one), .success(let split)):
                if one.itemNames != split.itemNames || one.workerNames != split.workerNames || one.classNames != split.classNames
                    || one.matrix.workers != split.matrix.workers || one.matrix.labels != split.matrix.labels
                    || one.matrix.itemStart != split.matrix.itemStart || one.warnings != split.warnings
                    || one.layoutNote != split.layoutNote || one.format != split.format
                {
                    disagreements += 1
                }
            case (.failure(let one), .failure(let split)):
                if one != split { disagreements += 1 }
            default:
                disagreements += 1
            }
        }
        #expect(disagreements == 0)
    }
}
