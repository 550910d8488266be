import Foundation
import Testing

@testable import LabelSimCore

/// Two scenarios that between them use every key the schema declares (dollars and items, per-label
/// and hourly pricing exclude each other). Adding a key to ``ScenarioSchema`` means adding it here.
let kitchenSinks = [
    """
    name: sink
    seed: 3
    replications: 2
    task:
      classes: 3
      prior: [0.5, 0.25, 0.25]
      domains: {general: 0.5, medical: 0.5}
      difficulty: {beta: [2, 5]}
    data:
      train_items: 500
      test_items: 100
      features: {dimensions: 4, separation: 2, informative: 3}
    model: {learner: softmax-regression, l2: 0.01, targets: soft, learning_curve: [50, 100]}
    budget: {dollars: 100, deadline_days: 30}
    sweep: {vary: {seed: [1, 2], vendors.crowd.quality.redundancy: "1:3:1"}}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1, seconds_per_label: 20}
        speed: {labels_per_hour: 500}
        workforce:
          workers: 50
          types:
            - {share: 0.7, kind: diligent, accuracy: {general: 0.8, medical: {beta: [3, 2]}}}
            - {share: 0.2, kind: spammer, answers: constant}
            - {share: 0.1, kind: sloppy, accuracy: {beta: [3, 3]}}
          domain_skill: {general: 1, medical: 0.5}
          confusion: {dirichlet: 2}
          workload: {zipf: 1.1}
          seconds_per_label: {lognormal: [3, 0.5]}
          hours_per_day: 6
        quality:
          redundancy: {min: 1, max: 3, agreement: 0.7}
          aggregation: dawid-skene
          gold_fraction: 0.1
          ban_below: 0.5
          gold_min: 5
          review: {vendor: expert, below_agreement: 0.6}
          overhead: 0.2
      - name: expert
        pricing: {per_hour: 60, seconds_per_label: 40}
        workforce:
          workers: 5
          workload: {lognormal: [0, 1]}
          confusion: ordinal
    """,
    """
    task: {difficulty: {from_features: 2}}
    data: {features: {dimensions: 2}}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3, types: [{share: 1, accuracy: 0.9}]}
        quality: {redundancy: 3}
    """,
    """
    data: {features: {dimensions: 2, mixture: 2}}
    model:
      learner: mlp
      mlp: {hidden: [8, 4], alpha: 0.001, learning_rate: 0.01, batch_size: 50, epochs: 20, patience: 5, validation: 0.2}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3, types: [{share: 1, accuracy: 0.9}]}
    """,
    """
    data: {features: {dimensions: 2}}
    evaluation: {vendor: crowd, items: 50, redundancy: 3}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3, types: [{share: 1, accuracy: 0.9}]}
    """,
    """
    model: {learner: learning-curve, curve: {law: {a: 0.9, b: 2, c: 0.5}}}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3, types: [{share: 1, accuracy: 0.9}]}
    """,
    """
    model: {learner: learning-curve, curve: {points: [[100, 0.7], [1000, 0.8]]}}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3, types: [{share: 1, accuracy: 0.9}]}
    """,
    """
    task:
      kind: preference
      domains: {general: 0.5, medical: 0.5}
      reward: {scale: 2, visible_share: 0.5, style_weight: 0.1}
      responses_per_prompt: 3
      misleading: {medical: 0.2}
      misleading_style_link: 0.5
      strength_margin: [1, 0.667, 0.333, 0]
      best_of_n: [2, 4]
      evaluation_prompts: 10
    data: {train_items: 30, test_items: 30, features: {dimensions: 4}}
    budget: {items: 30}
    vendors:
      - name: crowd
        pricing: {per_label: 0.3}
        workforce:
          workers: 5
          types:
            - {share: 0.9, rationality: 0.5, style_bias: 2, sees_through: {medical: 0.1}, ties_below: 0.1}
            - {share: 0.1, kind: spammer}
        quality: {redundancy: 2, aggregation: bradley-terry}
      - name: contractors
        pricing: {per_label: 1}
        workforce:
          workers: 5
          types:
            - {share: 0.8, rationality: 0.6}
            - {share: 0.2, kind: adversarial, rationality: 0.6}
        quality: {redundancy: 3, aggregation: noisy-bradley-terry}
    """,
    """
    task: {domains: {general: 0.5, medical: 0.5}}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3}
        calendar: {labels_per_day: 500, lead_days: 2, ramp_days: 3}
      - name: expert
        pricing: {per_label: 1}
        workforce: {workers: 2}
    strategies:
      - {name: routed, route: {general: crowd, medical: expert}}
      - {name: halves, split: {crowd: 0.5, expert: 0.5}}
    timeline:
      periods: 2
      period_days: 20
      budget_per_period: [100, 200]
      plans: {steady: crowd, switch: [crowd, routed]}
    """,
    """
    task:
      domains: {general: 0.5, medical: 0.5}
      difficulty: {from_features: 2, weight: 0.5, beta: [1, 9]}
      misleading: {share: 0.1, confusable: uniform, concentration: 0.2, by_domain: {medical: [0.2, 0.3]}, ambiguous: {values: [0.5], share: [[0.1], [0.2]]}}
    data: {features: {dimensions: 2}}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce:
          workers: 10
          types:
            - {share: 0.6, accuracy: {by_class: [{beta: [8, 2]}, 0.7]}, sees_through: {medical: {beta: [2, 2]}, general: {values: [0, 1], weights: [0.5, 0.5]}}, workload: 2}
            - {share: 0.2, kind: spammer, answers: {weights: [0.8, 0.2]}}
            - {share: 0.1, sees_through: 0.3}
            - {share: 0.05, sees_through: {beta: [2, 6]}}
            - {share: 0.05, sees_through: {values: [0, 1], weights: [0.5, 0.5]}}
    """,
    """
    task: {difficulty: {values: [0, 0.5], weights: [0.9, 0.1]}}
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 3}
    """,
]

@Suite("Scenario schema")
struct ScenarioSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func problems(_ text: String) -> [ScenarioProblem] {
        do {
            _ = try ScenarioDocument.parse(text: text, path: "s.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    /// Every key path the schema declares, lists as `[]`, free names as `*`, alternatives merged.
    static func declaredPaths(_ node: SchemaNode, _ path: String = "") -> Set<String> {
        switch node {
        case .object(let object):
            return object.keys.reduce(into: Set<String>()) { paths, key in
                let keyPath = path.isEmpty ? key.name : "\(path).\(key.name)"
                paths.insert(keyPath)
                paths.formUnion(declaredPaths(key.value, keyPath))
            }
        case .list(let item, _): return declaredPaths(item, path + "[]")
        case .names(let value): return declaredPaths(value, path + ".*")
        case .anyOf(let options): return options.reduce(into: Set<String>()) { $0.formUnion(declaredPaths($1, path)) }
        default: return []
        }
    }

    /// A key path as messages print it (`vendors.crowd.workforce.types[0].kind`) in the schema's
    /// notation (`vendors[].workforce.types[].kind`), or nil when the schema does not declare it.
    static func declared(_ display: String) -> String? {
        var nodes: [SchemaNode] = [ScenarioSchema.scenario]
        var result: [String] = []
        var parts = display.split(separator: ".").map(String.init)[...]
        while let part = parts.popFirst() {
            let name = part.split(separator: "[").first.map(String.init) ?? part
            let indexed = part.contains("[")
            let options = nodes.flatMap(\.alternatives)
            let values = options.compactMap { option -> SchemaNode? in
                if case .object(let object) = option { return object.key(name)?.value }
                return nil
            }
            if values.isEmpty, options.contains(where: { if case .names = $0 { true } else { false } }) {
                result.append("*")
                nodes = options.compactMap { if case .names(let value) = $0 { value } else { nil } }
                continue
            }
            guard !values.isEmpty else { return nil }
            nodes = values
            if let list = values.first(where: { if case .list = $0 { true } else { false } }), case .list(let item, _) = list {
                result.append(parts.isEmpty ? name : name + "[]")
                nodes = [item]
                // Named list items (`vendors.crowd`) carry their name as the next component.
                if !indexed, case .object(let object) = item, object.namedBy != nil { _ = parts.popFirst() }
            } else {
                result.append(name)
            }
        }
        return result.joined(separator: ".")
    }

    @Test("the kitchen sinks are valid and use every declared key")
    func kitchenSinksCoverTheSchema() throws {
        var used: Set<String> = []
        for text in kitchenSinks {
            #expect(problems(text).isEmpty, "\(problems(text))")
            let tree = try ConfigNode.parse(yaml: text, file: "sink.yaml")
            used.formUnion(Self.paths(of: tree).compactMap(Self.declared))
        }
        let missing = Self.declaredPaths(ScenarioSchema.scenario).subtracting(used).subtracting(["vendors[].use"])
        #expect(missing.isEmpty, "declared keys no kitchen sink uses: \(missing.sorted())")
    }

    @Test("the parser reads exactly the keys the schema declares")
    func parserAndSchemaAgree() throws {
        var read: Set<String> = []
        for text in kitchenSinks {
            let tree = try ConfigNode.parse(yaml: text, file: "sink.yaml")
            for lookup in ScenarioParser.lookups(reading: tree, file: "sink.yaml") {
                let path = Self.declared(lookup)
                #expect(path != nil, "the parser reads '\(lookup)', which ScenarioSchema does not declare")
                if let path { read.insert(path) }
            }
        }
        // `use` is consumed by VendorProfiles before parsing; free names are not looked up.
        let unread = Self.declaredPaths(ScenarioSchema.scenario).filter { !$0.contains("*") }.subtracting(read)
            .subtracting(["vendors[].use"])
        #expect(unread.isEmpty, "declared keys the parser never reads: \(unread.sorted())")
    }

    static func paths(of node: ConfigNode, _ path: String = "") -> [String] {
        switch node {
        case .mapping(let entries, _):
            return entries.flatMap { entry -> [String] in
                let keyPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                return [keyPath] + paths(of: entry.value, keyPath)
            }
        case .sequence(let items, _):
            return items.enumerated().flatMap { paths(of: $1, "\(path)[\($0)]") }
        default: return []
        }
    }

    @Test("the README's key table is the one the schema generates")
    func readmeTable() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(ScenarioSchema.markdownTable()), "regenerate it with `labelsim schema --markdown`")
    }

    static func shippedFiles(_ folder: String) -> [URL] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test("every shipped scenario and profile passes the schema, the printed JSON Schema and the parser")
    func shippedFilesPass() throws {
        let scenarios = Self.shippedFiles("Scenarios") + Self.shippedFiles("Scenarios/bench")
        let profiles = Self.shippedFiles("Scenarios/vendors")
        #expect(scenarios.count >= 3 && profiles.count >= 4)
        let scenarioSchema = try #require(JSONSchemaCheck.parse(ScenarioSchema.scenario.jsonSchemaDocument(title: "s")))
        let profileSchema = try #require(JSONSchemaCheck.parse(ScenarioSchema.profile.jsonSchemaDocument(title: "p")))
        for (files, json) in [(scenarios, scenarioSchema), (profiles, profileSchema)] {
            for file in files {
                let tree = try ConfigNode.parse(yaml: try String(contentsOf: file, encoding: .utf8), file: file.path)
                #expect(JSONSchemaCheck.errors(JSONSchemaCheck.json(tree), json).isEmpty, "\(file.lastPathComponent)")
            }
        }
        for file in profiles {
            let tree = try ConfigNode.parse(yaml: try String(contentsOf: file, encoding: .utf8), file: file.path)
            #expect(SchemaValidator.problems(in: tree, schema: ScenarioSchema.profile, file: file.path).isEmpty)
        }
        for file in scenarios {
            // The Swift validator sees the tree after `use:` profiles are merged, as `validate` does.
            let document = try ScenarioDocument.load(
                path: file.path, profileDirectories: [Self.root.appendingPathComponent("Scenarios/vendors").path])
            #expect(SchemaValidator.problems(in: document.effective, schema: ScenarioSchema.scenario, file: file.path).isEmpty)
        }
    }

    @Test("an unknown key and a wrong type are refused by the validator and the printed JSON Schema")
    func refusals() throws {
        let json = try #require(JSONSchemaCheck.parse(ScenarioSchema.scenario.jsonSchemaDocument(title: "s")))
        for (edit, key) in [("task: {klasses: 3}", "task.klasses"), ("seed: many", "seed"), ("task: {classes: 2.5}", "task.classes")] {
            let text = minimalScenario + "\n" + edit
            let tree = try ConfigNode.parse(yaml: text, file: "s.yaml")
            #expect(problems(text).contains { $0.keyPath == key }, "\(edit)")
            #expect(!JSONSchemaCheck.errors(JSONSchemaCheck.json(tree), json).isEmpty, "\(edit)")
        }
        let good = try ConfigNode.parse(yaml: minimalScenario, file: "s.yaml")
        #expect(JSONSchemaCheck.errors(JSONSchemaCheck.json(good), json).isEmpty)
    }

    @Test("python3 jsonschema accepts the printed schema and agrees on shipped files (skips without python3 jsonschema)")
    func pythonJSONSchema() throws {
        guard Self.python(["-c", "import jsonschema"]).status == 0 else {
            print("skipped: python3 with jsonschema is not installed")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = folder.appendingPathComponent("scenario.schema.json")
        try Data(ScenarioSchema.scenario.jsonSchemaDocument(title: "s").utf8).write(to: schema)
        let profileSchema = folder.appendingPathComponent("profile.schema.json")
        try Data(ScenarioSchema.profile.jsonSchemaDocument(title: "p").utf8).write(to: profileSchema)
        func instance(_ name: String, _ tree: ConfigNode) throws -> String {
            let url = folder.appendingPathComponent(name)
            try JSONSerialization.data(withJSONObject: JSONSchemaCheck.json(tree) ?? NSNull()).write(to: url)
            return url.path
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for path in sys.argv[2:]:
                print("invalid" if any(validator.iter_errors(json.load(open(path)))) else "valid")
            """
        var files: [String] = []
        for file in Self.shippedFiles("Scenarios") + Self.shippedFiles("Scenarios/bench") {
            let tree = try ConfigNode.parse(yaml: try String(contentsOf: file, encoding: .utf8), file: file.path)
            files.append(try instance(file.lastPathComponent + ".json", tree))
        }
        let unknown = try ConfigNode.parse(yaml: minimalScenario + "\ntask: {klasses: 3}", file: "s.yaml")
        let wrongType = try ConfigNode.parse(yaml: minimalScenario + "\nseed: many", file: "s.yaml")
        files += [try instance("unknown.json", unknown), try instance("type.json", wrongType)]
        let verdicts = Self.python(["-c", script, schema.path] + files).output.split(separator: "\n").map(String.init)
        #expect(verdicts == Array(repeating: "valid", count: files.count - 2) + ["invalid", "invalid"])
        // Every shipped vendor profile against the profile schema, and a profile with a wrong type.
        var profiles: [String] = []
        for file in Self.shippedFiles("Scenarios/vendors") {
            let tree = try ConfigNode.parse(yaml: try String(contentsOf: file, encoding: .utf8), file: file.path)
            profiles.append(try instance("profile-" + file.lastPathComponent + ".json", tree))
        }
        #expect(profiles.count >= 4)
        let badProfile = try ConfigNode.parse(yaml: "pricing: {per_label: cheap}\nworkforce: {workers: 10}\n", file: "p.yaml")
        profiles.append(try instance("bad-profile.json", badProfile))
        let profileVerdicts = Self.python(["-c", script, profileSchema.path] + profiles).output.split(separator: "\n").map(String.init)
        #expect(profileVerdicts == Array(repeating: "valid", count: profiles.count - 1) + ["invalid"])
    }

    static func python(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        guard (try? process.run()) != nil else { return (127, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("validate reports every problem at once, in file order")
    func everyProblemAtOnce() {
        let text = """
            replications: -3
            task: {classes: many}
            data: {train_itms: 10}
            budget: {dollars: 5, items: 3}
            vendors:
              - name: crowd
                pricing: {per_label: 0.1}
                workforce: {workers: 10, types: [~]}
                quality: {aggregation: majorty}
              - ~
            """
        let found = problems(text)
        let expected = [
            "replications", "task.classes", "data.train_itms", "budget", "vendors.crowd.workforce.types[0]",
            "vendors.crowd.quality.aggregation", "vendors[1]",
        ]
        #expect(found.map(\.keyPath) == expected, "\(found)")
        #expect(found.allSatisfy { if case .line = $0.origin { true } else { false } })
    }
}

extension SchemaNode {
    /// The node itself, or its alternatives.
    fileprivate var alternatives: [SchemaNode] {
        if case .anyOf(let options) = self { return options.flatMap(\.alternatives) }
        return [self]
    }
}
