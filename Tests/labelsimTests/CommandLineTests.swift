import Foundation
import Testing

let cliScenario = """
    name: cli
    seed: 5
    replications: 8
    task: {classes: 4, domains: {general: 0.5, medical: 0.5}, difficulty: {beta: [2, 5]}}
    data: {train_items: 2000}
    budget: {dollars: 500}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        speed: {labels_per_hour: 5000}
        workforce:
          workers: 300
          types: [{share: 0.9, accuracy: {beta: [8, 3]}}, {share: 0.1, kind: spammer}]
          domain_skill: {medical: 0.5}
        quality: {redundancy: 5}
      - name: expert
        pricing: {per_hour: 120, seconds_per_label: 45}
        workforce: {workers: 6, types: [{share: 1, accuracy: {beta: [30, 2]}}]}
    """

@Suite("labelsim command line", .serialized)
struct CommandLineTests {
    @Test("run writes its files and --format json has the documented shape")
    func runJSON() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("cli.yaml", cliScenario)
        let outcome = try harness.run(["run", path, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["scenario", "seed", "replications", "vendors"])
        #expect(object["scenario"] as? String == "cli")
        #expect(object["seed"] as? Int == 5)
        #expect(object["replications"] as? Int == 8)
        let vendors = try #require(object["vendors"] as? [[String: Any]])
        #expect(vendors.map { $0["name"] as? String } == ["crowd", "expert"])
        let metrics = try #require(vendors[0]["metrics"] as? [String: [String: Any]])
        #expect(
            Set(metrics.keys) == [
                "label_accuracy", "label_accuracy.general", "label_accuracy.medical", "items_labeled", "items_correct", "labels_bought",
                "cost_dollars",
                "cost_per_item", "cost_per_correct_label", "days", "worker_days", "gold_labels", "workers_banned", "items_reviewed",
                "deadline_hit",
            ])
        let accuracy = try #require(metrics["label_accuracy"])
        #expect(Set(accuracy.keys) == ["mean", "sd", "ci_low", "ci_high", "pi_low", "pi_high", "n"])
        #expect(accuracy["n"] as? Int == 8)
        let folders = harness.resultsEntries()
        #expect(folders.count == 1)
        let folder = harness.directory.appendingPathComponent("Results").appendingPathComponent(try #require(folders.first))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == [
                "cost_quality.svg", "label_accuracy.svg", "manifest.json", "replications.csv", "report.html", "report.md", "summary.csv",
            ])
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.hasPrefix("vendor,metric,mean,sd,ci_low,ci_high,pi_low,pi_high,n\ncrowd,label_accuracy,"))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect(manifest["scenario_text"] as? String == cliScenario)
        #expect(manifest["seed"] as? Int == 5)
    }

    @Test("same seed, 1, 2 and 3 threads: identical summary.csv and replications.csv bytes for run and sweep")
    func sameBytesWhateverTheThreads() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("cli.yaml", cliScenario)
        // Quality control on the crowd (adaptive redundancy, gold and banning, Dawid–Skene) so
        // that the general labelling path and an iterative aggregator run on every thread.
        let quality = [
            "--set",
            "vendors.crowd.quality={redundancy: {min: 2, max: 5, agreement: 0.7}, aggregation: dawid-skene, gold_fraction: 0.1, ban_below: 0.5, gold_min: 5}",
            "--replications", "5",
        ]
        func files(_ arguments: [String], out: String, names: [String]) throws -> [Data] {
            let outcome = try harness.run(arguments + quality + ["--out", out])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let parent = harness.directory.appendingPathComponent(out)
            let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: parent.path).first)
            return try names.map { try Data(contentsOf: parent.appendingPathComponent(folder).appendingPathComponent($0)) }
        }
        let runFiles = ["summary.csv", "replications.csv"]
        let runs = try ["1", "2", "3"].map { threads in
            try files(["run", path, "--threads", threads], out: "run\(threads)", names: runFiles)
        }
        #expect(!runs[0][0].isEmpty && !runs[0][1].isEmpty)
        #expect(runs[1] == runs[0], "2 threads")
        #expect(runs[2] == runs[0], "3 threads")
        // The bytes depend on the seed: the comparison above is not of constant files.
        #expect(try files(["run", path, "--threads", "2", "--seed", "6"], out: "seed6", names: runFiles) != runs[0])

        let vary = ["--vary", "vendors.crowd.workforce.workers=50,300", "--vary", "budget.dollars=200,500"]
        let sweepFiles = ["sweep.csv", "replications.csv"]
        let sweeps = try ["1", "3"].map { threads in
            try files(["sweep", path, "--threads", threads] + vary, out: "sweep\(threads)", names: sweepFiles)
        }
        #expect(!sweeps[0][0].isEmpty)
        #expect(sweeps[1] == sweeps[0], "sweep, 3 threads")
    }

    @Test(
        "bad input: one clear line, exit 2, nothing written",
        arguments: [
            (
                "    quality: {redundancy: 3, agregation: majority}", [String](),
                "cli.yaml:19: vendors.expert.quality.agregation: unknown key 'agregation'; did you mean 'aggregation'?"
            ),
            ("    quality: {redundancy: many}", [], "cli.yaml:19: vendors.expert.quality.redundancy: expected a whole number, got 'many'"),
            (
                "    quality: {redundancy: 7}", [],
                "cli.yaml:19: vendors.expert.quality.redundancy: asks for 7 distinct workers per item but vendors.expert.workforce.workers is 6"
            ),
            (
                "", ["--set", "task.domains={general: 0.6, medical: 0.6}"],
                "cli.yaml (--set task.domains={general: 0.6, medical: 0.6}): task.domains: domain shares must sum to 1, they sum to 1.2"
            ),
            ("", ["--set", "vendors.crowd.workforce.types[0]=1"], "vendors.crowd.workforce.types[0]: expected a mapping of keys"),
            (
                "", ["--set", "vendors.expert.workforce.types=[{share: 1, accuracy: {beta: [-1, 2]}}]"],
                "vendors.expert.workforce.types[0].accuracy.beta: Beta parameters must be positive"
            ),
            ("", ["--set", "task.difficulty=2"], "task.difficulty: must be a probability in [0, 1], got 2.0"),
            ("", ["--set", "budget.dollars=0.01"], "budget.dollars: $0.01 buys no item from vendor 'crowd'"),
            ("  - [broken", [], "cli.yaml:20: invalid YAML"),
        ])
    func badInput(extraLine: String, arguments: [String], expected: String) throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let path = try harness.write("cli.yaml", cliScenario + (extraLine.isEmpty ? "" : "\n" + extraLine))
        let outcome = try harness.run(["run", path] + arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(expected), "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("a missing file and a bad --threads exit 2 and write nothing")
    func missingFile() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let missing = try harness.run(["run", "nope.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: nope.yaml: no such file\n")
        let path = try harness.write("cli.yaml", cliScenario)
        let threads = try harness.run(["run", path, "--threads", "0"])
        #expect(threads.status == 2)
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("validate reports every problem of every file and runs nothing")
    func validate() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let good = try harness.write("good.yaml", cliScenario)
        let bad = try harness.write("bad.yaml", "replications: 0\ntask: {classes: 1}\nbudget: {dollars: 5}\nvendors: []\n")
        let outcome = try harness.run(["validate", good, bad])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("good.yaml: ok"))
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("bad.yaml:1: replications: must be at least 1, got 0"))
        #expect(outcome.stderr.contains("bad.yaml:2: task.classes: must be at least 2, got 1"))
        #expect(outcome.stderr.contains("bad.yaml:4: vendors: list at least one vendor"))
        #expect(harness.resultsEntries().isEmpty)
    }

    @Test("labelsim validate passes every shipped file under Scenarios/; labelsim schema prints draft 2020-12 JSON Schemas")
    func shippedFilesValidate() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let root = CommandLineHarness.packageRoot.appendingPathComponent("Scenarios")
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        let files = enumerator.compactMap { ($0 as? URL)?.path }.filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 20, "\(files)")
        let outcome = try harness.run(["validate"] + files)
        #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome.stderr)")
        #expect(outcome.stdout.split(separator: "\n").count == files.count)
        for file in files { #expect(outcome.stdout.contains("\(file): ok ("), "\(file)") }
        for arguments in [["schema"], ["schema", "--profile"]] {
            let schema = try harness.run(arguments)
            #expect(schema.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: Any])
            #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema", "\(arguments)")
        }
    }

    @Test("validate: a folder is named as one, one vendor is singular, a vendor profile is checked against the profile schema")
    func validateKinds() throws {
        let harness = try CommandLineHarness()
        defer { harness.cleanUp() }
        let folder = harness.directory.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let asFolder = try harness.run(["validate", folder.path])
        #expect(asFolder.status == 2)
        #expect(asFolder.stderr == "error: \(folder.path): is a folder, not a scenario file\n", "\(asFolder.stderr)")
        #expect(try harness.run(["run", folder.path]).stderr.contains("is a folder, not a scenario file"))

        let single = cliScenario.components(separatedBy: "  - name: expert")[0]
        let one = try harness.write("one.yaml", single)
        let oneOutcome = try harness.run(["validate", one, "--replications", "1"])
        #expect(oneOutcome.status == 0, "\(oneOutcome.stderr)")
        #expect(oneOutcome.stdout.contains("one.yaml: ok (1 vendor, 1 replication)"), "\(oneOutcome.stdout)")

        let profile = try harness.write(
            "profile.yaml", "pricing: {per_label: 0.05}\nworkforce:\n  workers: 100\n  types: [{share: 1, accuracy: 0.8}]\n")
        let badProfile = try harness.write("bad-profile.yaml", "pricing: {per_label: -1}\nworkforce: {workers: 10, typo: 3}\n")
        let profiles = try harness.run(["validate", profile, badProfile])
        #expect(profiles.status == 2)
        #expect(profiles.stdout.contains("profile.yaml: ok (vendor profile)"), "\(profiles.stdout)")
        let lines = profiles.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(profiles.stderr)")
        #expect(profiles.stderr.contains("bad-profile.yaml:1: pricing.per_label:"), "\(profiles.stderr)")
        #expect(profiles.stderr.contains("bad-profile.yaml:2: workforce.typo: unknown key"), "\(profiles.stderr)")
    }
}
