import Foundation
import Testing

@Suite("labelsim aggregate", .serialized)
struct AggregateCommandTests {
    let labels = "task,worker,label\r\na,w1,cat\r\na,w2,cat\r\na,w3,dog\r\nb,w1,dog\r\nb,w2,dog\r\nb,w3,dog\r\nc,w1,cat\r\nc,w3,bird\r\n"
    let truth = "task,truth\na,cat\nb,dog\n"

    @Test("--format json has exactly the documented shape")
    func json() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let file = try harness.write("labels.csv", labels)
        let gold = try harness.write("truth.csv", truth)
        let outcome = try harness.run(["aggregate", file, "--truth", gold, "--format", "json", "--method", "all"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["items", "workers", "labels", "gold_items", "methods"])
        #expect(object["items"] as? Int == 3)
        #expect(object["workers"] as? Int == 3)
        #expect(object["labels"] as? Int == 8)
        #expect(object["gold_items"] as? Int == 2)
        let methods = try #require(object["methods"] as? [[String: Any]])
        #expect(methods.compactMap { $0["method"] as? String } == ["majority", "wawa", "dawid-skene", "one-coin", "glad", "mace"])
        for method in methods {
            #expect(Set(method.keys) == ["method", "accuracy", "iterations", "seconds"])
            #expect(method["accuracy"] as? Double == 1)
        }
    }

    @Test("--out writes labels with posteriors; a bad file names its line and exits 2 without writing")
    func outputAndErrors() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let file = try harness.write("labels.csv", labels)
        let written = try harness.run(["aggregate", file, "--method", "dawid-skene", "--out", "agg.csv"])
        #expect(written.status == 0, "\(written.stderr)")
        let csv = try String(contentsOf: harness.directory.appendingPathComponent("agg.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("item,label,p_bird,p_cat,p_dog\n"))
        #expect(csv.split(separator: "\n").count == 4)

        let short = try harness.write("short.csv", "task,worker,label\na,w1,cat\nb,w2\n")
        let bad = try harness.run(["aggregate", short, "--out", "never.csv"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("short.csv") && bad.stderr.contains("3"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: harness.directory.appendingPathComponent("never.csv").path))
        let missing = try harness.run(["aggregate", "nope.csv"])
        #expect(missing.status == 2)
    }
}
