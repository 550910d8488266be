import Foundation
import Testing

let sweepScenario = """
    name: sw
    seed: 11
    replications: 6
    task: {classes: 3, domains: {general: 0.5, legal: 0.5}, difficulty: {beta: [2, 5]}}
    data: {train_items: 1500}
    budget: {dollars: 300}
    vendors:
      - name: crowd
        pricing: {per_label: 0.05}
        workforce:
          workers: 200
          types: [{share: 0.9, accuracy: {beta: [8, 3]}}, {share: 0.1, kind: spammer}]
        quality: {redundancy: 3}
      - name: expert
        pricing: {per_hour: 100, seconds_per_label: 36}
        workforce: {workers: 5, types: [{share: 1, accuracy: 0.93}]}
    """

@Suite("labelsim sweep and merge", .serialized)
struct SweepCommandTests {
    let vary = ["--vary", "vendors.crowd.quality.redundancy=1:5:2", "--vary", "budget.dollars=200,400"]

    func read(_ url: URL, _ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    func onlyFolder(_ harness: CommandLineHarness, _ parent: String) throws -> URL {
        let url = harness.directory.appendingPathComponent(parent)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }
        #expect(names.count == 1, "\(names)")
        return url.appendingPathComponent(try #require(names.first))
    }

    @Test("sweep output equals each grid point run one by one with --set")
    func sweepEqualsRuns() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let sweep = try harness.run(["sweep", path, "--out", "sweep"] + vary)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let folder = try onlyFolder(harness, "sweep")
        let sweepLines = try read(folder, "sweep.csv").split(separator: "\n").dropFirst()
        let replicationLines = try read(folder, "replications.csv").split(separator: "\n").dropFirst()
        var points = 0
        for redundancy in ["1", "3", "5"] {
            for dollars in ["200", "400"] {
                let out = "run-\(redundancy)-\(dollars)"
                let run = try harness.run([
                    "run", path, "--out", out, "--format", "csv", "--set", "vendors.crowd.quality.redundancy=\(redundancy)", "--set",
                    "budget.dollars=\(dollars)",
                ])
                #expect(run.status == 0, "\(run.stderr)")
                let runFolder = try onlyFolder(harness, out)
                let prefix = "\(redundancy),\(dollars),"
                let expectedSummary = try read(runFolder, "summary.csv").split(separator: "\n").dropFirst().map { prefix + $0 }
                #expect(sweepLines.filter { $0.hasPrefix(prefix) }.map(String.init) == expectedSummary)
                let expectedRows = try read(runFolder, "replications.csv").split(separator: "\n").dropFirst().map { prefix + $0 }
                #expect(replicationLines.filter { $0.hasPrefix(prefix) }.map(String.init) == expectedRows)
                points += 1
            }
        }
        #expect(points == 6)
        #expect(sweepLines.count == 6 * 2 * 15)
    }

    @Test("with a trained model, the sweep's rows and 3 merged shards equal each grid point run one by one")
    func trainedSweepEqualsRuns() throws {
        // Softmax fits start from replication 0's fits (FitStarts) in a run; a sweep point must
        // start from its own replication 0's too, also in a shard that does not hold it.
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let scenario = sweepScenario.replacingOccurrences(
            of: "data: {train_items: 1500}",
            with:
                "data: {train_items: 1500, test_items: 500, features: {dimensions: 4, separation: 2}}\nmodel: {learner: softmax-regression}"
        )
        let path = try harness.write("sw-model.yaml", scenario)
        let axis = ["--vary", "vendors.crowd.quality.redundancy=1,3"]
        #expect(try harness.run(["sweep", path, "--out", "sweep", "--threads", "2"] + axis).status == 0)
        for index in 1...3 {
            let outcome = try harness.run(["sweep", path, "--out", "shards", "--shard", "\(index)/3", "--threads", "1"] + axis)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let shardsURL = harness.directory.appendingPathComponent("shards")
        let shards = try FileManager.default.contentsOfDirectory(atPath: shardsURL.path).sorted().map {
            shardsURL.appendingPathComponent($0).path
        }
        #expect(try harness.run(["merge"] + shards + ["--out", "merged"]).status == 0)
        let sweepRows = try read(try onlyFolder(harness, "sweep"), "replications.csv").split(separator: "\n")
        let mergedRows = try read(try onlyFolder(harness, "merged"), "replications.csv").split(separator: "\n")
        #expect(sweepRows.first?.contains("model_log_loss") == true)
        #expect(mergedRows == sweepRows)
        for redundancy in ["1", "3"] {
            let out = "run-\(redundancy)"
            let run = try harness.run([
                "run", path, "--out", out, "--format", "csv", "--set", "vendors.crowd.quality.redundancy=\(redundancy)",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let expected = try read(try onlyFolder(harness, out), "replications.csv").split(separator: "\n").dropFirst().map {
                "\(redundancy)," + $0
            }
            #expect(sweepRows.dropFirst().filter { $0.hasPrefix("\(redundancy),") }.map(String.init) == expected)
        }
    }

    @Test("4 shards merged equal one unsharded sweep, byte for byte")
    func shardsMerge() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        #expect(try harness.run(["sweep", path, "--out", "whole", "--threads", "2"] + vary).status == 0)
        var shardFolders: [String] = []
        for index in 1...4 {
            let outcome = try harness.run(["sweep", path, "--out", "shards", "--shard", "\(index)/4", "--threads", "1"] + vary)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let shardsURL = harness.directory.appendingPathComponent("shards")
        shardFolders = try FileManager.default.contentsOfDirectory(atPath: shardsURL.path).sorted().map {
            shardsURL.appendingPathComponent($0).path
        }
        #expect(shardFolders.count == 4)
        let merge = try harness.run(["merge"] + shardFolders.reversed() + ["--out", "merged"])
        #expect(merge.status == 0, "\(merge.stderr)")
        let whole = try onlyFolder(harness, "whole")
        let merged = try onlyFolder(harness, "merged")
        #expect(whole.lastPathComponent == merged.lastPathComponent)
        for name in [
            "sweep.csv", "replications.csv", "report.md", "report.html", "sweep_label_accuracy_1.svg", "sweep_label_accuracy_2.svg",
            "sweep.json",
        ] {
            #expect(
                try Data(contentsOf: whole.appendingPathComponent(name)) == Data(contentsOf: merged.appendingPathComponent(name)), "\(name)"
            )
        }

        // Merging an incomplete set, or shards of another seed, is refused and writes nothing.
        let partial = try harness.run(["merge"] + Array(shardFolders.prefix(3)) + ["--out", "partial"])
        #expect(partial.status == 2)
        #expect(partial.stderr.contains("missing shard(s) 4/4"))
        let other = try harness.run(["sweep", path, "--out", "other", "--shard", "4/4", "--seed", "12"] + vary)
        #expect(other.status == 0)
        let otherFolder = try onlyFolder(harness, "other")
        let mixed = try harness.run(["merge"] + Array(shardFolders.prefix(3)) + [otherFolder.path, "--out", "mixed"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("a shard of a different sweep"))
        // An unsharded sweep is not a shard: merging it would only copy finished outputs.
        let unsharded = try harness.run(["merge", whole.path, "--out", "copied"])
        #expect(unsharded.status == 2)
        #expect(unsharded.stderr.contains("not a shard folder"), "\(unsharded.stderr)")
        for name in ["partial", "mixed", "copied"] {
            #expect(!FileManager.default.fileExists(atPath: harness.directory.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test("a sweep killed with SIGKILL and resumed equals an uninterrupted one; SIGINT stops cleanly")
    func killAndResume() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        // Heavier points so that the kill lands mid-sweep.
        let path = try harness.write(
            "sw.yaml",
            sweepScenario.replacingOccurrences(of: "train_items: 1500", with: "train_items: 20000")
                .replacingOccurrences(of: "dollars: 300", with: "dollars: 100000"))
        let long = ["--vary", "vendors.crowd.quality.redundancy=1:9:1", "--replications", "8", "--threads", "1"]
        #expect(try harness.run(["sweep", path, "--out", "whole"] + long).status == 0)
        let whole = try onlyFolder(harness, "whole")

        for signal in [SIGKILL, SIGINT] {
            let parent = signal == SIGKILL ? "killed" : "interrupted"
            let process = try harness.start(["sweep", path, "--out", parent] + long)
            let checkpoints = harness.directory.appendingPathComponent(parent).appendingPathComponent(whole.lastPathComponent)
                .appendingPathComponent("checkpoints")
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline,
                ((try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path))?.filter { $0.hasPrefix("point-") }.count ?? 0) < 2
            {
                usleep(5_000)
            }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let done =
                (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path))?.filter { $0.hasPrefix("point-") }.count ?? 0
            #expect(done >= 2 && done < 9, "the signal must land mid-sweep (\(done) of 9 points done)")
            if signal == SIGINT {
                #expect(process.terminationStatus == 130)
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: checkpoints.path).filter { !$0.hasPrefix("point-") }
                #expect(leftovers.isEmpty)
                #expect(
                    !FileManager.default.fileExists(
                        atPath: checkpoints.deletingLastPathComponent().appendingPathComponent("sweep.csv").path))
            }
            let again = try harness.run(["sweep", path, "--out", parent] + long)
            #expect(again.status == 2)
            #expect(again.stderr.contains("--resume"))
            let resumed = try harness.run(["sweep", path, "--out", parent, "--resume"] + long)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let folder = try onlyFolder(harness, parent)
            for name in ["sweep.csv", "replications.csv", "report.md", "report.html"] {
                #expect(
                    try Data(contentsOf: whole.appendingPathComponent(name)) == Data(contentsOf: folder.appendingPathComponent(name)),
                    "\(name)")
            }
        }
    }

    @Test(
        "bad sweep input: exit 2, one clear line, nothing written",
        arguments: [
            (["--vary", "vendors.crowd.quality.redundancyy=1,3"], "unknown key 'redundancyy'; did you mean 'redundancy'?"),
            (["--vary", "budget.dollars=500:100:100"], "the range is reversed"),
            (["--vary", "budget.dollars="], "no values given"),
            (["--vary", "budget.dollars=1:5:0"], "the step of a range must be positive"),
            (["--vary", "vendors.nobody.quality.redundancy=1,3"], "no list element named 'nobody'"),
            (["--shard", "5/4"], "--shard '5/4' is out of range"),
            (["--shard", "0/4"], "--shard '0/4' is out of range"),
            (["--vary", "vendors.crowd.quality.redundancy=1,300"], "asks for 300 distinct workers"),
        ])
    func badInput(arguments: [String], expected: String) throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let outcome = try harness.run(["sweep", path] + arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(harness.resultsEntries().isEmpty)
    }
}

@Suite("labelsim review fixes", .serialized)
struct ReviewFixTests {
    @Test("--resume on a finished sweep rewrites the same files and succeeds")
    func resumeFinished() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let vary = ["--vary", "vendors.crowd.quality.redundancy=1,3"]
        #expect(try harness.run(["sweep", path, "--out", "s"] + vary).status == 0)
        let parent = harness.directory.appendingPathComponent("s")
        let folder = parent.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: parent.path).first))
        let before = try Data(contentsOf: folder.appendingPathComponent("sweep.csv"))
        let again = try harness.run(["sweep", path, "--out", "s", "--resume"] + vary)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("sweep.csv")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".tmp-") })
        // sweep.json as earlier versions wrote it (camel-case keys) resumes the same way.
        let manifest = folder.appendingPathComponent("sweep.json")
        let written = try String(contentsOf: manifest, encoding: .utf8)
        #expect(written.contains("\"scenario_file\"") && written.contains("\"scenario_text\""))
        let camelCase = written.replacingOccurrences(of: "\"scenario_file\"", with: "\"scenarioFile\"")
            .replacingOccurrences(of: "\"scenario_text\"", with: "\"scenarioText\"")
        try Data(camelCase.utf8).write(to: manifest)
        let old = try harness.run(["sweep", path, "--out", "s", "--resume"] + vary)
        #expect(old.status == 0, "\(old.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("sweep.csv")) == before)
        // An emptied checkpoint is named, with what to do (it read as "work items missing").
        try Data().write(to: folder.appendingPathComponent("checkpoints/point-000001.csv"))
        let emptied = try harness.run(["sweep", path, "--out", "s", "--resume"] + vary)
        #expect(emptied.status == 2)
        #expect(
            emptied.stderr.hasSuffix("point-000001.csv: the checkpoint holds no rows; remove it and run with --resume to redo its point\n"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("checkpoints/point-000001.csv"))
        let redone = try harness.run(["sweep", path, "--out", "s", "--resume"] + vary)
        #expect(redone.status == 0, "\(redone.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("sweep.csv")) == before)
        // A damaged row is named with its line.
        let checkpoint = folder.appendingPathComponent("checkpoints/point-000001.csv")
        let good = try String(contentsOf: checkpoint, encoding: .utf8)
        try Data((good + "garbage,row\n").utf8).write(to: checkpoint)
        let damaged = try harness.run(["sweep", path, "--out", "s", "--resume"] + vary)
        #expect(damaged.status == 2)
        let line = good.split(separator: "\n").count + 1
        #expect(damaged.stderr.contains("point-000001.csv: line \(line): bad row 'garbage,row'"), "\(damaged.stderr)")
    }

    @Test("nothing to sweep, an --out that is a file, a huge range: exit 2, nothing written")
    func badInput() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("sw.yaml", sweepScenario)
        let none = try harness.run(["sweep", path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("nothing to sweep"))
        let file = try harness.write("afile", "x")
        let out = try harness.run(["run", path, "--out", file])
        #expect(out.status == 2)
        #expect(out.stderr.contains("is a file, not a folder"))
        let huge = try harness.run(["sweep", path, "--vary", "budget.dollars=0.05:1e300:1"])
        #expect(huge.status == 2)
        #expect(huge.stderr.contains("at most 100000"))
        let unknown = try harness.run(["run", path, "--threads", "many"])
        #expect(unknown.status == 2)
        // An unknown key fails alike at every value: one line, not one per value.
        let bogus = try harness.run(["sweep", path, "--vary", "bogus=1,2,3"])
        #expect(bogus.status == 2)
        #expect(bogus.stderr.split(separator: "\n").count == 1, "\(bogus.stderr)")
        #expect(bogus.stderr.contains("bogus: unknown key 'bogus'"), "\(bogus.stderr)")
        let bad = try harness.run(["sweep", path, "--vary", "replications=-1,0,2"])
        #expect(bad.stderr.split(separator: "\n").count == 2, "\(bad.stderr)")
        let repeated = try harness.run(["sweep", path, "--vary", "seed=1,2,1"])
        #expect(repeated.status == 2)
        #expect(repeated.stderr == "error: command line: seed: the value '1' is listed twice (its grid points would repeat)\n")
        #expect(harness.resultsEntries().isEmpty)
    }
}
