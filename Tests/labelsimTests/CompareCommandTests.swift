import Foundation
import Testing

@Suite("labelsim compare", .serialized)
struct CompareCommandTests {
    @Test("compare --format json has the documented shape and writes its folder")
    func json() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let outcome = try harness.run(["compare", path, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "verdict",
                "scenario", "seed", "replications", "mode", "quality_metric", "vendors", "pairs", "winners", "break_even", "frontier",
            ])
        #expect(object["mode"] as? String == "budget")
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.count == 1)
        let metrics = try #require(pairs.first?["metrics"] as? [String: [String: Any]])
        #expect(Set(try #require(metrics["label_accuracy"]).keys) == ["difference", "ci_low", "ci_high", "a_wins", "b_wins", "ties", "n"])
        let breakEven = try #require(object["break_even"] as? [[String: Any]])
        #expect(breakEven.count == 1)
        #expect(breakEven.first?["metric"] as? String == "items_correct")
        let folder = harness.directory.appendingPathComponent("Results")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(try #require(names.first)).path)
        #expect(
            Set(files).isSuperset(of: ["comparison.json", "report.html", "report.md", "summary.csv", "replications.csv", "manifest.json"]))
    }

    @Test("an unknown or empty vendor name in --vendors, or a single vendor, is refused and writes nothing")
    func badVendors() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let unknown = try harness.run(["compare", path, "--vendors", "crowd,experts"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--vendors: no vendor named 'experts'"))
        let single = try harness.run(["compare", path, "--vendors", "crowd,crowd"])
        #expect(single.status == 2)
        #expect(single.stderr.contains("at least two distinct vendors"))
        for list in ["crowd,,surge", "crowd,", ",crowd"] {
            let empty = try harness.run(["compare", path, "--vendors", list])
            #expect(empty.status == 2, "\(list)")
            #expect(
                empty.stderr
                    == "error: --vendors: an empty vendor name (a doubled, leading or trailing comma); give names separated by single commas\n"
            )
        }
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("a sweep: block in the scenario drives the sweep when no --vary is given")
    func sweepBlock() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write(
            "sw.yaml", sweepScenario + "\nsweep:\n  vary:\n    vendors.crowd.quality.redundancy: 1:3:2\n    budget.dollars: [200, 400]\n")
        let outcome = try harness.run(["sweep", path, "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.first == "vendors.crowd.quality.redundancy,budget.dollars,vendor,metric,mean,sd,ci_low,ci_high,pi_low,pi_high,n")
        #expect(
            Set(lines.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }) == [
                "1,200", "1,400", "3,200", "3,400",
            ])
    }

    @Test("optimize prints the verdict and the best allocation, writes search.csv, and refuses a bad --redundancy or --share-step")
    func optimize() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let outcome = try harness.run(["optimize", path, "--redundancy", "1", "--share-step", "0.5"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Verdict: ") == true)
        // 4 routings and one split; crowd at k ∈ {3, 1}, the expert at k = 1 (its own): 2 + 1 + 2 + 2 + 2.
        #expect(lines.contains { $0.hasPrefix("9 candidates, exhaustive: every candidate on all 6 replications") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("best: ") })
        #expect(lines.contains { $0.contains("(vendor alone)") })
        let folder = harness.directory.appendingPathComponent("Results")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let csv = try String(
            contentsOf: folder.appendingPathComponent(try #require(names.first)).appendingPathComponent("search.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 10)
        for bad in [["--redundancy", "0"], ["--share-step", "0.3"], ["--metric", "nonsense"]] {
            let refused = try harness.run(["optimize", path, "--out", "elsewhere"] + bad)
            #expect(refused.status == 2 && refused.stderr.split(separator: "\n").count == 1, "\(bad): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: harness.directory.appendingPathComponent("elsewhere").path))
    }

    @Test("compare on the shipped default scenario: no winner on cost_dollars (a dollar budget), none on items_labeled (an item count)")
    func defaultScenarioFixedByDesign() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = CommandLineHarness.packageRoot.appendingPathComponent("Scenarios/default.yaml").path
        // The shipped vendors, task and budget kind; fewer items and replications keep the test quick.
        let smaller = ["--replications", "3", "--set", "data.train_items=2000", "--set", "data.test_items=500", "--format", "json"]
        for (mode, fixed, free) in [
            (["--set", "budget.dollars=600"], "cost_dollars", "items_labeled"),
            (["--mode", "items", "--items", "300"], "items_labeled", "cost_dollars"),
        ] {
            let outcome = try harness.run(["compare", path] + smaller + mode)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let winners = try #require(object["winners"] as? [String: [String: Any]])
            #expect(winners[fixed]?["fixed_by_design"] as? Bool == true, "\(mode)")
            #expect(winners[fixed]?["vendor"] is NSNull, "\(mode): \(winners[fixed] ?? [:])")
            #expect(winners[free]?["fixed_by_design"] == nil && !(winners[free]?["vendor"] is NSNull), "\(mode)")
        }
    }
}
