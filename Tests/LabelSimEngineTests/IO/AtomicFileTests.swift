import Foundation
import Testing

@testable import LabelSimEngine

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Atomic writes")
struct AtomicFileTests {
    @Test("a failed write is explained by the system's reason, not Foundation's error dump")
    func reasons() {
        let noSpace = String(cString: strerror(ENOSPC))
        #expect(AtomicFile.reason(POSIXError(.ENOSPC)) == noSpace)
        #expect(AtomicFile.reason(CocoaError(.fileWriteOutOfSpace)) == noSpace)
        #expect(AtomicFile.reason(NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))) == String(cString: strerror(EACCES)))
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: POSIXError(.EROFS)])
        #expect(AtomicFile.reason(wrapped) == String(cString: strerror(EROFS)))
    }

    @Test("writeAll leaves no target and no temporary file when a later file cannot be written")
    func allOrNone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-atomic-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [(data: Data, url: URL)] = [
            (Data("a".utf8), folder.appendingPathComponent("a.csv")),
            (Data("b".utf8), folder.appendingPathComponent("missing/b.csv")),
        ]
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.writeAll(files) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an output folder that cannot be completed is removed, and the error names the file as it would be")
    func folderFailure() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-folder-\(getpid())")
        defer { try? FileManager.default.removeItem(at: parent) }
        let output = OutputFolder(parent: parent, name: "x", date: Date(timeIntervalSince1970: 0))
        // A file name with a slash: its folder does not exist inside the staging folder.
        #expect {
            _ = try output.write([("ok.csv", "1\n"), ("no/such.csv", "2\n")])
        } throws: { error in
            "\(error)".hasPrefix(parent.appendingPathComponent("x-19700101-000000/no/such.csv").path + ": cannot write the file (")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }
}
