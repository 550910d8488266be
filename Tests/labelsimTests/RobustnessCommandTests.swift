import Foundation
import Testing

/// Regression tests for issue 11's findings seen from the command line: exit 2, one line naming
/// the file (and line and key where there is one), and nothing written.
@Suite("Issue 11 findings: command line", .serialized)
struct RobustnessCommandTests {
    let scenario = """
        name: small
        replications: 2
        budget: {items: 50}
        data: {train_items: 100, test_items: 50}
        vendors:
          - name: crowd
            pricing: {per_label: 0.1}
            workforce: {workers: 10}
        """

    /// One line on stderr, printable, starting with `error: `.
    func isOneLine(_ text: String) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count == 2 && lines[1].isEmpty && text.hasPrefix("error: ")
            && !text.dropLast().unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Each command line exits 2 with one line on stderr that contains its expected text.
    func expectRefused(_ cases: [([String], String)], in harness: CommandLineHarness) throws {
        for (arguments, expected) in cases {
            let outcome = try harness.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(isOneLine(outcome.stderr), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(expected), "\(arguments): \(outcome.stderr)")
        }
    }

    @Test("3: aggregate --method all on 2,000 new workers and label values is refused with the estimate")
    func aggregateMemory() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let rows = (0..<2_000).map { "i\($0 % 50),w\($0),l\($0)" }.joined(separator: "\n")
        let file = try harness.write("wide.csv", "item,worker,label\n" + rows + "\n")
        let outcome = try harness.run(["aggregate", file, "--method", "all"])
        #expect(outcome.status == 2)
        #expect(isOneLine(outcome.stderr), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("dawid-skene would need about"))
        let majority = try harness.run(["aggregate", file, "--method", "majority"])
        #expect(majority.status == 0)
    }

    @Test("bench --profiles naming a missing folder is refused (it ran the generator row alone)")
    func benchMissingProfiles() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let outcome = try harness.run(["bench", "--profiles", "/nonexistent-labelsim-profiles", "--rounds", "1", "--items", "10"])
        #expect(outcome.status == 2)
        #expect(isOneLine(outcome.stderr), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("/nonexistent-labelsim-profiles"))
    }

    @Test("calibrate on a file with one label value is refused in one line (it failed inside the fitted scenario)")
    func calibrateOneClass() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let rows = (0..<60).map { "i\($0 % 20),w\($0 % 7),yes" }.joined(separator: "\n")
        let file = try harness.write("one.csv", "item,worker,label\n" + rows + "\n")
        let outcome = try harness.run(["calibrate", file])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasSuffix("calibrate needs at least 2 label values (classes); the file has 1\n"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }.count == 1)
    }

    @Test("a failing scikit-learn peer gives one error line with the script's last line, not its traceback")
    func peerTraceback() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let fake = try harness.write(
            "fake-python.sh",
            "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\necho '  File \"x.py\", line 19' >&2\n"
                + "echo \"ModuleNotFoundError: No module named 'sklearn'\" >&2\nexit 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let script = try harness.write("peer.py", "# never run: the fake interpreter fails first\n")
        let outcome = try harness.run([
            "bench-learner", "--python", fake, "--script", script, "--train", "200", "--test", "200", "--rounds", "1", "--repeats", "1",
        ])
        #expect(outcome.status == 2)
        #expect(!outcome.stderr.contains("Traceback"), "\(outcome.stderr)")
        let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("No module named 'sklearn'") == true, "\(outcome.stderr)")
    }

    @Test("4: a sweep grid of three 1,000-value axes is refused at once")
    func sweepGrid() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("s.yaml", scenario)
        let started = Date()
        let outcome = try harness.run([
            "sweep", path, "--vary", "seed=1:1000:1", "--vary", "data.test_items=1:1000:1", "--vary", "budget.items=1:1000:1",
        ])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(outcome.status == 2)
        #expect(isOneLine(outcome.stderr), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("at most 10000 points"))
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("8: an --out that cannot be created is refused before any work, in run, sweep, compare and merge")
    func unwritableOut() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("s.yaml", scenario)
        let file = try harness.write("afile", "x")
        let outs = ["/proc/labelsim-out", file + "/below", String(repeating: "d", count: 5_000)]
        for out in outs {
            for command in [["run", path], ["sweep", path, "--vary", "seed=1,2"], ["compare", path], ["merge", harness.directory.path]] {
                let outcome = try harness.run(command + ["--out", out])
                #expect(outcome.status == 2, "\(command) \(out.prefix(40))")
                #expect(isOneLine(outcome.stderr), "\(outcome.stderr)")
                #expect(outcome.stderr.contains("--out"), "\(outcome.stderr)")
            }
        }
        let longName = try harness.write(
            "long.yaml", scenario.replacingOccurrences(of: "name: small", with: "name: " + String(repeating: "n", count: 300)))
        let outcome = try harness.run(["run", longName])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("long.yaml:1: name: must be at most 100 bytes"))
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("9: aggregate --method all --out leaves no file when a later method's file cannot be written")
    func aggregateAllOrNothing() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let file = try harness.write("labels.csv", "item,worker,label\na,w1,x\na,w2,y\nb,w1,y\nb,w2,y\n")
        let out = harness.directory.appendingPathComponent("out.csv").path
        // A folder where mace's file would go makes the last rename fail.
        try FileManager.default.createDirectory(
            atPath: harness.directory.appendingPathComponent("out.mace.csv").path, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: harness.directory.appendingPathComponent("out.mace.csv/x").path, withIntermediateDirectories: true)
        let outcome = try harness.run(["aggregate", file, "--method", "all", "--out", out])
        #expect(outcome.status == 2)
        #expect(isOneLine(outcome.stderr), "\(outcome.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path).filter {
            $0.hasPrefix("out") || $0.hasPrefix(".tmp")
        }
        #expect(left == ["out.mace.csv"], "\(left)")
    }

    @Test("11: a gold file with an empty label or an unknown CSV header exits 2")
    func goldFiles() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let file = try harness.write("labels.csv", "item,worker,label\na,w1,x\nb,w1,y\n")
        for (name, text, expected) in [
            ("empty.csv", "item,truth\na,\n", "gold-empty.csv:2: the truth field is empty"),
            // --columns maps the labels file only: the gold message does not offer it.
            ("foo.csv", "foo,bar\na,x\n", "no item column in the gold file's header [foo, bar]; expected one of item, task"),
            ("notruth.csv", "item,bar\na,x\n", "--columns maps the labels file only: rename the gold file's column"),
        ] {
            let gold = try harness.write("gold-" + name, text)
            let outcome = try harness.run(["aggregate", file, "--truth", gold])
            #expect(outcome.status == 2, "\(name)")
            #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
            #expect(isOneLine(outcome.stderr), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("or map it with --columns"), "\(outcome.stderr)")
        }
    }

    @Test("13: a CR-only annotation file's message is one printable line of bounded length")
    func carriageReturns() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let file = try harness.write("cr.csv", String(repeating: "item,worker,label\r", count: 5_000) + "\u{1B}[2J")
        let outcome = try harness.run(["aggregate", file])
        #expect(outcome.status == 2)
        #expect(isOneLine(outcome.stderr), "\(outcome.stderr.prefix(300).debugDescription)")
        #expect(outcome.stderr.count < 600)
    }

    @Test("15: option errors are one line; --replications -1 is a bad count; a damaged sweep.json names its file")
    func optionErrors() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("s.yaml", scenario)
        for arguments in [["run", path, "--bogus"], ["run", path, "--threads", "many"], ["sweep", path, "--vary"]] {
            let outcome = try harness.run(arguments)
            #expect(outcome.status == 2)
            #expect(isOneLine(outcome.stderr), "\(arguments): \(outcome.stderr)")
        }
        let negative = try harness.run(["run", path, "--replications", "-1"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("replications: must be at least 1, got -1"), "\(negative.stderr)")
        let shard = harness.directory.appendingPathComponent("x-sweep-0-shard-1-of-1")
        try FileManager.default.createDirectory(at: shard.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try Data("{\"axes\": 3}".utf8).write(to: shard.appendingPathComponent("sweep.json"))
        let merge = try harness.run(["merge", shard.path])
        #expect(merge.status == 2)
        #expect(isOneLine(merge.stderr), "\(merge.stderr)")
        #expect(merge.stderr.contains("sweep.json: not a sweep manifest"), "\(merge.stderr)")
        #expect(!merge.stderr.contains("DecodingError"))
        // A misspelled folder is named as missing; a value list ArgumentParser puts on separate
        // lines is joined onto the one line.
        let missing = try harness.run(["merge", "no-such-shard"])
        #expect(
            missing.status == 2 && isOneLine(missing.stderr) && missing.stderr.contains("no-such-shard: no such folder"),
            "\(missing.stderr)")
        let method = try harness.run(["aggregate", path, "--method", "foo"])
        #expect(method.status == 2 && isOneLine(method.stderr), "\(method.stderr)")
        #expect(
            method.stderr.contains("one of the following: 'majority', 'wawa', 'dawid-skene', 'one-coin', 'glad', 'mace', 'all'"),
            "\(method.stderr)")
    }

    @Test("review: a negative or non-finite option value is refused by its option's own check, not as a missing value")
    func negativeOptionValues() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("s.yaml", scenario)
        let labels = try harness.write("labels.csv", "item,worker,label\na,w1,x\na,w2,y\nb,w1,y\n")
        let preference = CommandLineHarness.packageRoot.appendingPathComponent("Scenarios/frontier-rlhf.yaml").path
        let cases: [([String], String)] = [
            (["run", path, "--min-difference", "-1"], "--min-difference must be a finite number ≥ 0, got -1.0"),
            (["run", path, "--min-difference", "nan"], "--min-difference must be a finite number ≥ 0, got nan"),
            (["run", path, "--export-labels", "-1"], "--export-labels: '-1' is not a replication index in 0…1"),
            (["sweep", path, "--vary", "seed=1,2", "--shard", "-1/2"], "--shard '-1/2' is out of range: expected i/n"),
            (["sweep", path, "--vary", "seed=1,2", "--shard", "a/b"], "--shard 'a/b' is not i/n: expected i/n"),
            (["compare", path, "--mode", "items", "--items", "-5"], "budget.items: must be at least 1, got -5"),
            (["optimize", path, "--redundancy", "-1"], "--redundancy: -1 is not a whole number ≥ 1"),
            (["optimize", path, "--share-step", "-0.5"], "--share-step -0.5 must be 1/m"),
            (["optimize", path, "--exhaustive-limit", "0"], "--exhaustive-limit must be at least 1, got 0"),
            (["calibrate", labels, "--replications", "-1"], "--replications must be between 2 and 10000, got -1"),
            (["calibrate", labels, "--misleading-share", "-0.1"], "--misleading-share must be a probability in [0, 1], got -0.1"),
            (["noise-shape", "--rate", "-0.1"], "--rate must be in [0, 1], got -0.1"),
            (
                ["comparisons", preference, "--out", "c.csv", "--replication", "-1"],
                "--replication must lie in 0…39 (the scenario's replications), got -1"
            ),
            (["comparisons", preference, "--out", "c.csv", "--bt-iterations", "0"], "--bt-iterations must lie in 1…1000000, got 0"),
        ]
        for (arguments, expected) in cases {
            let outcome = try harness.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(isOneLine(outcome.stderr), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(expected), "\(arguments): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("Missing value"), "\(arguments): \(outcome.stderr)")
        }
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("review: noise-shape refuses a test set or training size too large to hold instead of trapping")
    func noiseShapeBounds() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        for arguments in [
            ["noise-shape", "--test", "99999999999999", "--replications", "1", "--sizes", "10"],
            ["noise-shape", "--dimensions", "99999999999999", "--replications", "1", "--sizes", "10", "--test", "10"],
            ["noise-shape", "--classes", "1"],
        ] {
            let outcome = try harness.run(arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr.prefix(300))")
            #expect(isOneLine(outcome.stderr), "\(arguments): \(outcome.stderr.prefix(300))")
        }
    }

    @Test("review: an output file that cannot be written is refused before any work, naming its option")
    func outputFilesProbed() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let labels = try harness.write("labels.csv", "item,worker,label\na,w1,x\na,w2,y\nb,w1,y\nb,w2,y\n")
        let gold = try harness.write("gold.csv", "item,truth\na,x\nb,y\n")
        let folder = "folder"
        try FileManager.default.createDirectory(
            atPath: harness.directory.appendingPathComponent(folder).path, withIntermediateDirectories: true)
        // The scenario calibrate writes beside its profile is checked before the fit, as the profile is.
        try FileManager.default.createDirectory(
            atPath: harness.directory.appendingPathComponent("folder/p.scenario.yaml").path, withIntermediateDirectories: true)
        let preference = CommandLineHarness.packageRoot.appendingPathComponent("Scenarios/frontier-rlhf.yaml").path
        let cases: [([String], String)] = [
            (["aggregate", labels, "--method", "majority", "--out", folder], "--out folder: is a folder, not a file"),
            (["aggregate", labels, "--out", folder], "--out folder: is a folder, not a file"),
            (["aggregate", labels, "--method", "majority", "--out", ""], "--out : an empty path"),
            (["aggregate", labels, "--method", "majority", "--out", "nowhere/x.csv"], "the folder nowhere does not exist"),
            (["aggregate", labels, "--out", "labels.csv/x.csv"], "labels.csv is a file, not a folder"),
            (["calibrate", labels, "--truth", gold, "--replications", "2", "--out", "nowhere/p.yaml"], "nowhere does not exist"),
            (["calibrate", labels, "--truth", gold, "--replications", "2", "--out", folder], "is a folder, not a file"),
            (
                ["calibrate", labels, "--truth", gold, "--replications", "2", "--out", "folder/p.yaml"],
                "p.scenario.yaml: is a folder, not a file"
            ),
            (["comparisons", preference, "--out", folder], "--out folder: is a folder, not a file"),
            (["comparisons", preference, "--out", "c.csv", "--scores", "nowhere/s.csv"], "--scores nowhere/s.csv: the folder"),
        ]
        try expectRefused(cases, in: harness)
        let left = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path).sorted()
        #expect(left == ["folder", "gold.csv", "labels.csv"], "\(left)")
    }

    @Test("trial: an output file that is an input (or the other output) is refused, and the input is kept")
    func outputIsInput() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let text = "item,worker,label\na,w1,x\na,w2,y\nb,w1,y\nb,w2,y\n"
        let labels = try harness.write("labels.csv", text)
        let gold = try harness.write("gold.csv", "item,truth\na,x\nb,y\n")
        let preference = CommandLineHarness.packageRoot.appendingPathComponent("Scenarios/frontier-rlhf.yaml").path
        let cases: [([String], String)] = [
            (["aggregate", labels, "--method", "majority", "--out", labels], "is the annotation file"),
            (["aggregate", labels, "--method", "majority", "--out", "./labels.csv"], "is the annotation file"),
            (["aggregate", labels, "--truth", gold, "--method", "majority", "--out", "gold.csv"], "is the --truth file"),
            (["calibrate", labels, "--truth", gold, "--replications", "2", "--out", "labels.csv"], "is the annotation file"),
            (["comparisons", preference, "--out", "c.csv", "--scores", "c.csv"], "--scores c.csv is the --out file"),
        ]
        try expectRefused(cases, in: harness)
        #expect(try String(contentsOfFile: labels, encoding: .utf8) == text)
        let left = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path).sorted()
        #expect(left == ["gold.csv", "labels.csv"], "\(left)")
    }

    @Test("trial: messages name the option or the real problem; optimize and items-mode compare refuse timelines; empty plans")
    func namedProblems() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("s.yaml", scenario)
        let control = try harness.write("c.yaml", scenario.replacingOccurrences(of: "name: small", with: "name: \"a\\x1bb\""))
        let timeline = CommandLineHarness.packageRoot.appendingPathComponent("Scenarios/frontier-lab.yaml").path
        let cases: [([String], String)] = [
            (["noise-shape", "--separation", "nan"], "--separation must be a finite number ≥ 0, got nan"),
            (["noise-shape", "--l2", "-1"], "--l2 must be a finite number ≥ 0, got -1.0"),
            (["noise-shape", "--sizes", "-5"], "--sizes -5: negative values are not allowed"),
            (["optimize", path, "--metric", "nonsense"], "is not a metric this scenario records; one of: label_accuracy,"),
            (["validate", path, "--set", "vendors.crowd.quality.gold_fraction=1"], "must be below 1 (with only gold questions"),
            (["validate", control], "name: must be printable text"),
            (["optimize", path, "--redundancy", "5000"], "--redundancy: 5000 is above 1000"),
            (["run", path, "--min-difference", "1e308"], "--min-difference must be at most 1000"),
            (["optimize", timeline], "a timeline's plans are not searched"),
            (["compare", timeline, "--mode", "items", "--items", "1000"], "--mode items does not apply to a timeline's plans"),
            (["validate", timeline, "--set", "timeline.plans={}"], "timeline.plans: name at least one plan"),
        ]
        try expectRefused(cases, in: harness)
    }

    @Test("trial: a strategy's unknown vendor is reported once, not again in every plan that names the strategy")
    func noCascade() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let shipped = try String(
            contentsOf: CommandLineHarness.packageRoot.appendingPathComponent("Scenarios/frontier-lab.yaml"), encoding: .utf8)
        let badRoute = try harness.write("route.yaml", shipped.replacingOccurrences(of: "legal: surge}", with: "legal: nosuch}"))
        let routed = try harness.run(["validate", badRoute])
        #expect(routed.status == 2)
        let lines = routed.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("route.legal: no vendor named 'nosuch'") }, "\(routed.stderr)")
        // An unknown name repeated in one plan's list is one line; a split's sum is not claimed beside it.
        let badPlan = try harness.write(
            "plan.yaml",
            shipped.replacingOccurrences(
                of: "[crowd, crowd, experts, experts, experts, experts]", with: "[crowd, crowd, exprts, exprts, exprts, exprts]"))
        let planned = try harness.run(["validate", badPlan])
        #expect(
            planned.status == 2 && isOneLine(planned.stderr) && planned.stderr.contains("no vendor or strategy named 'exprts'"),
            "\(planned.stderr)")
        let split = try harness.run([
            "validate", badRoute.replacingOccurrences(of: "route.yaml", with: "plan.yaml"), "--set",
            "strategies.routed={name: routed, split: {crowd: 0.5, nosuch: 0.5}}",
        ])
        #expect(
            split.stderr.contains("split.nosuch: no vendor named 'nosuch'") && !split.stderr.contains("must sum to 1"), "\(split.stderr)")
    }

    @Test("review: help with an unknown command name exits 2 naming it, instead of the overview and status 0")
    func helpUnknownCommand() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let unknown = try harness.run(["help", "nothing"])
        #expect(unknown.status == 2)
        #expect(
            isOneLine(unknown.stderr) && unknown.stderr.hasPrefix("error: help: no command 'nothing'; commands: run,"), "\(unknown.stderr)")
        let known = try harness.run(["help", "aggregate"])
        #expect(known.status == 0 && known.stdout.contains("--method"))
    }

    @Test("review: a LABELSIM_MEMORY_LIMIT_MB that is not a positive number is an error, and a low one is shown in MB")
    func memoryLimitVariable() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("s.yaml", scenario)
        for value in ["abc", "-1", "0"] {
            let outcome = try harness.run(["validate", path], environment: ["LABELSIM_MEMORY_LIMIT_MB": value])
            #expect(outcome.status == 2, "\(value)")
            #expect(outcome.stderr == "error: LABELSIM_MEMORY_LIMIT_MB: expected a positive number of megabytes, got '\(value)'\n")
        }
        let tiny = try harness.run(
            ["validate", path, "--set", "data.train_items=100000"], environment: ["LABELSIM_MEMORY_LIMIT_MB": "0.5"])
        #expect(tiny.status == 2)
        #expect(isOneLine(tiny.stderr), "\(tiny.stderr)")
        #expect(tiny.stderr.contains("above the 0.5 MB limit (LABELSIM_MEMORY_LIMIT_MB)"), "\(tiny.stderr)")
        #expect(try harness.run(["validate", path], environment: ["LABELSIM_MEMORY_LIMIT_MB": ""]).status == 0)
    }

    @Test("review: with one replication the verdict says there is no CI, not that the CI includes 0")
    func verdictOfOneReplication() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let two = scenario + "\n  - name: expert\n    pricing: {per_hour: 100, seconds_per_label: 40}\n    workforce: {workers: 5}\n"
        let path = try harness.write("two.yaml", two)
        let outcome = try harness.run(["run", path, "--replications", "1", "--out", "out"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let verdict = outcome.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(verdict.hasSuffix("of 1 replication), and one replication gives no CI (run at least 2)."), "\(verdict)")
    }
}
