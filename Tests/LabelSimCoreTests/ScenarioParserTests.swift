import Foundation
import LabelSimCore
import Testing

let minimalScenario = """
    name: t
    budget: {items: 100}
    vendors:
      - name: crowd
        pricing: {per_label: 0.1}
        workforce: {workers: 10}
    """

@Suite("Scenario parsing")
struct ScenarioParserTests {
    func problems(_ text: String, overrides: [String] = []) -> [ScenarioProblem] {
        do {
            _ = try ScenarioDocument.parse(text: text, path: "s.yaml", overrides: overrides)
            return []
        } catch {
            return error.problems
        }
    }

    @Test("defaults are filled")
    func defaults() throws {
        let scenario = try ScenarioDocument.parse(text: minimalScenario, path: "dir/s.yaml").scenario
        #expect(scenario.seed == 1)
        #expect(scenario.replications == 100)
        #expect(scenario.task.classes == 2)
        #expect(scenario.task.prior == [0.5, 0.5])
        #expect(scenario.task.domains == [DomainShare(name: "general", share: 1)])
        #expect(scenario.task.difficulty == .fixed(0))
        #expect(scenario.data == DataSpec(trainItems: 10_000, testItems: 2_000))
        let vendor = try #require(scenario.vendors.first)
        #expect(vendor.quality == QualitySpec(redundancy: 1, aggregation: .majority))
        #expect(vendor.labelsPerHour == 10 * 3600 / 30)
        #expect(vendor.workforce.types == [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.8))])
    }

    @Test("the name defaults to the file name")
    func defaultName() throws {
        let text = minimalScenario.replacingOccurrences(of: "name: t\n", with: "")
        #expect(try ScenarioDocument.parse(text: text, path: "dir/my-task.yaml").scenario.name == "my-task")
    }

    @Test("an unknown key gets a did-you-mean with its line")
    func unknownKey() {
        let found = problems(minimalScenario + "\n    quality: {redundancy: 3, agregation: majority}")
        #expect(found.count == 1)
        #expect(
            found.first?.description == "s.yaml:7: vendors.crowd.quality.agregation: unknown key 'agregation'; did you mean 'aggregation'?")
    }

    @Test(
        "bad values name file, line and key path",
        arguments: [
            ("task: {classes: two}", "s.yaml:1: task.classes: expected a whole number, got 'two'"),
            ("task: {domains: {a: 0.5, b: 0.4}}", "s.yaml:1: task.domains: domain shares must sum to 1, they sum to 0.9"),
            ("task: {difficulty: 1.5}", "s.yaml:1: task.difficulty: must be a probability in [0, 1], got 1.5"),
            ("task: {difficulty: {beta: [0, 2]}}", "s.yaml:1: task.difficulty.beta: Beta parameters must be positive, got [0.0, 2.0]"),
            ("seed: [1]", "s.yaml:1: seed: expected a whole number, got a list"),
        ])
    func badValues(line: String, expected: String) {
        let found = problems(line + "\n" + minimalScenario.replacingOccurrences(of: "name: t\n", with: ""))
        #expect(found.map(\.description) == [expected])
    }

    @Test("worker type shares must sum to 1 and accuracies be probabilities")
    func workerTypes() {
        let text = """
            budget: {items: 10}
            vendors:
              - name: c
                pricing: {per_label: 1}
                workforce:
                  workers: 5
                  types:
                    - {share: 0.5, accuracy: 1.2}
                    - {share: 0.3, kind: spamer}
            """
        let found = problems(text).map(\.description)
        #expect(found.contains("s.yaml:8: vendors.c.workforce.types[0].accuracy: must be a probability in [0, 1], got 1.2"))
        #expect(found.contains("s.yaml:9: vendors.c.workforce.types[1].kind: unknown kind 'spamer'; did you mean 'spammer'?"))
    }

    @Test("shares that do not sum to 1 are reported")
    func typeShares() {
        let text = """
            budget: {items: 10}
            vendors:
              - name: c
                pricing: {per_label: 1}
                workforce: {workers: 5, types: [{share: 0.5}, {share: 0.3, kind: spammer}]}
            """
        #expect(
            problems(text).map(\.description) == ["s.yaml:5: vendors.c.workforce.types: worker type shares must sum to 1, they sum to 0.8"])
    }

    @Test("fewer workers than the redundancy is an error")
    func fewWorkers() {
        let found = problems(minimalScenario + "\n    quality: {redundancy: 11}")
        #expect(
            found.map(\.description) == [
                "s.yaml:7: vendors.crowd.quality.redundancy: asks for 11 distinct workers per item but vendors.crowd.workforce.workers is 10"
            ])
    }

    @Test("a budget that buys nothing is an error")
    func budgetBuysNothing() {
        let text = minimalScenario.replacingOccurrences(of: "{items: 100}", with: "{dollars: 0.05}")
        let found = problems(text).map(\.description)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("s.yaml:2: budget.dollars: $0.05 buys no item from vendor 'crowd'") == true)
    }

    @Test("invalid YAML names its line")
    func invalidYAML() {
        let found = problems("name: x\ntask: {classes: 2\nbudget: 3\n")
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("s.yaml:") == true)
        #expect(found.first?.description.contains("invalid YAML") == true)
    }

    @Test("a missing file is one clear problem")
    func missingFile() {
        do {
            _ = try ScenarioDocument.load(path: "/nonexistent/x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.description) == ["/nonexistent/x.yaml: no such file"])
        }
    }

    @Test("--set addresses vendors by name and replaces exclusive keys")
    func overrides() throws {
        let document = try ScenarioDocument.parse(
            text: minimalScenario, path: "s.yaml",
            overrides: ["vendors.crowd.quality.redundancy=7", "budget.dollars=70", "task.difficulty={beta: [2, 5]}"])
        let scenario = document.scenario
        #expect(scenario.vendors[0].quality.redundancy == .fixed(7))
        #expect(scenario.budget == .dollars(70))
        #expect(scenario.task.difficulty == .beta(2, 5))
        #expect(document.effective.yaml.contains("redundancy: 7"))
    }

    @Test("--set with an unknown vendor or key says so")
    func badOverrides() {
        #expect(
            problems(minimalScenario, overrides: ["vendors.nobody.quality.redundancy=3"]).map(\.description) == [
                "command line (--set vendors.nobody.quality.redundancy=3): no list element named 'nobody' in 'vendors.nobody.quality.redundancy' (have: crowd)"
            ])
        #expect(
            problems(minimalScenario, overrides: ["task.clases=3"]).map(\.description) == [
                "s.yaml (--set task.clases=3): task.clases: unknown key 'clases'; did you mean 'classes'?"
            ])
    }

    @Test("the effective tree round-trips through YAML")
    func roundTrip() throws {
        let text = """
            name: "a: b"
            task: {classes: 3, domains: {x: 0.5, y: 0.5}, difficulty: {beta: [2, 5]}}
            budget: {dollars: 100}
            vendors:
              - name: v
                pricing: {per_hour: 60, seconds_per_label: 30}
                workforce: {workers: 4, types: [{share: 1, accuracy: {beta: [5, 1]}}], domain_skill: {x: 0.5}}
            """
        let first = try ScenarioDocument.parse(text: text, path: "s.yaml")
        let second = try ScenarioDocument.parse(text: first.effective.yaml, path: "s.yaml")
        #expect(first.scenario == second.scenario)
    }
}

@Suite("Scenario limits")
struct ScenarioLimitTests {
    @Test("absurd sizes are errors, not crashes")
    func limits() {
        do {
            _ = try ScenarioDocument.parse(
                text: minimalScenario, path: "s.yaml", overrides: ["data.train_items=1e12", "vendors.crowd.workforce.workers=1e9"])
            Issue.record("expected an error")
        } catch {
            let found = error.problems.map(\.description)
            #expect(found.contains { $0.contains("data.train_items: must be at most 50000000, got 1000000000000") })
            #expect(found.contains { $0.contains("vendors.crowd.workforce.workers: must be at most 10000000") })
        }
    }
}

@Suite("Strategies, calendars, timelines and profile pricing")
struct DecisionParsingTests {
    static let base = """
        task: {classes: 2, domains: {general: 0.5, medical: 0.5}}
        budget: {dollars: 100}
        vendors:
          - {name: a, pricing: {per_label: 0.1}, workforce: {workers: 5}}
          - {name: b, pricing: {per_hour: 60, seconds_per_label: 30}, workforce: {workers: 2}, calendar: {lead_days: 7}}

        """

    func problems(_ text: String, overrides: [String] = []) -> [String] {
        do {
            _ = try ScenarioDocument.parse(text: text, path: "s.yaml", overrides: overrides)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("routes and splits parse; a missing domain, an unknown vendor and shares not summing to 1 are errors")
    func strategies() throws {
        let good = Self.base + "strategies:\n  - {name: r, route: {general: a, medical: b}}\n  - {name: s, split: {a: 0.25, b: 0.75}}\n"
        let scenario = try ScenarioDocument.parse(text: good, path: "s.yaml").scenario
        #expect(
            scenario.strategies == [
                StrategySpec(name: "r", mix: .route(vendorByDomain: [0, 1])),
                StrategySpec(name: "s", mix: .split([.init(vendor: 0, share: 0.25), .init(vendor: 1, share: 0.75)])),
            ])
        #expect(scenario.optionNames == ["a", "b", "r", "s"])
        #expect(scenario.vendors[1].calendar == VendorCalendar(labelsPerDay: 2 * 8 * 3600 / 30, leadDays: 7))
        let bad = problems(
            Self.base
                + "strategies:\n  - {name: r, route: {general: a}}\n  - {name: s, split: {a: 0.5, c: 0.5}}\n  - {name: a, split: {a: 1}}\n"
                + "  - {name: t, split: {a: 0.5, b: 0.3}}\n")
        #expect(bad.count == 4, "\(bad)")
        #expect(bad[0].contains("strategies.r.route: routes no vendor for domain medical"))
        // The split naming an unknown vendor is not also said to miss a sum of 1 (only its valid
        // entries were summed); a split of known vendors is.
        #expect(bad[1].contains("strategies.s.split.c: no vendor named 'c'"))
        #expect(bad[2].contains("strategies.a.name: 'a' is already the name of a vendor or strategy"))
        #expect(bad[3].contains("strategies.t.split: budget shares must sum to 1, they sum to 0.8"))
    }

    @Test("task.misleading.ambiguous: one row for every class or one per class; a level of 0 or 1 and shares above 1 are errors")
    func ambiguousItems() throws {
        func text(_ misleading: String) -> String {
            Self.base.replacingOccurrences(of: "task: {classes: 2, ", with: "task: {classes: 2, misleading: \(misleading), ")
        }
        let one = try ScenarioDocument.parse(text: text("{ambiguous: {values: [0.25, 0.5], share: [0.1, 0.2]}}"), path: "s.yaml")
        #expect(one.scenario.task.misleading.ambiguityLevels == [0.25, 0.5])
        #expect(one.scenario.task.misleading.ambiguousShares == [[0.1, 0.2], [0.1, 0.2]])
        #expect(one.scenario.task.misleading.isActive)
        let perClass = try ScenarioDocument.parse(text: text("{ambiguous: {values: [0.5], share: [[0.1], [0.3]]}}"), path: "s.yaml")
        #expect(perClass.scenario.task.misleading.ambiguousShares == [[0.1], [0.3]])
        let level = problems(text("{ambiguous: {values: [1], share: [0.1]}}"))
        #expect(level.count == 1)
        #expect(level.first?.contains("task.misleading.ambiguous.values: levels must lie strictly between 0 and 1") == true)
        let sum = problems(text("{share: 0.6, ambiguous: {values: [0.5], share: [0.5]}}"))
        #expect(sum.count == 2)
        #expect(
            sum.first?.contains("task.misleading.ambiguous.share: class 0: misleading share 0.6 plus ambiguous shares 0.5 exceed 1") == true
        )
    }

    @Test("a timeline gives per-period budgets, plans of one strategy or one per period, and replaces the budget")
    func timeline() throws {
        let text =
            Self.base.replacingOccurrences(of: "budget: {dollars: 100}\n", with: "")
            + "timeline: {periods: 3, budget_per_period: [10, 20, 30], plans: {steady: a, switch: [a, a, b]}}\n"
        let scenario = try ScenarioDocument.parse(text: text, path: "s.yaml").scenario
        #expect(
            scenario.timeline
                == TimelineSpec(
                    periodDays: 30, budgets: [10, 20, 30],
                    plans: [
                        .init(name: "steady", options: [0, 0, 0]), .init(name: "switch", options: [0, 0, 1]),
                    ]))
        #expect(scenario.budget == .dollars(60))
        #expect(scenario.optionNames == ["steady", "switch"])
        let bad = problems(text.replacingOccurrences(of: "[a, a, b]", with: "[a, c]"))
        #expect(bad.count == 2)
        #expect(bad.allSatisfy { $0.contains("timeline.plans.switch") })
    }

    @Test("an entry's per_hour or per_label replaces a profile's pricing")
    func profilePricing() throws {
        let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/vendors")
            .standardized.path
        let text =
            "task: {classes: 2}\nbudget: {dollars: 100}\nvendors:\n  - {name: crowd, use: scale-like}\n  - {name: surge, use: surge-like}\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("profile-pricing-\(getpid()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try ScenarioDocument.load(
            path: path, overrides: ["vendors.surge.pricing.per_label=1.2", "vendors.crowd.pricing.per_hour=15"],
            profileDirectories: [profiles]
        ).scenario
        #expect(scenario.vendors[1].pricing == .perLabel(dollars: 1.2))
        #expect(scenario.vendors[0].pricing == .perHour(dollars: 15, secondsPerLabel: 20))
    }
}
