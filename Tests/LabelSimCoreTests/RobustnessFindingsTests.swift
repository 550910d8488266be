import Foundation
import Testing

@testable import LabelSimCore

/// Regression tests for issue 11's findings that the scenario layer fixes (numbers as in the issue).
@Suite("Issue 11 findings: scenarios")
struct RobustnessFindingsTests {
    func problems(_ text: String, overrides: [String] = []) -> [ScenarioProblem] {
        do {
            _ = try ScenarioDocument.parse(text: text, path: "s.yaml", overrides: overrides)
            return []
        } catch {
            return error.problems
        }
    }

    /// Every message is one line of printable characters, at most a few hundred long.
    func isTidy(_ problem: ScenarioProblem) -> Bool {
        let text = problem.description
        return text.count <= 700 && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    @Test("1: YAML anchors and aliases are refused with their line, at once (billion laughs)")
    func aliases() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let started = Date()
        let found = problems(text)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(
            found.map(\.description) == ["s.yaml:1: YAML anchors and aliases (&a, *…) are not supported in scenarios; write the value out"])
        let aliased = problems(minimalScenario + "\nseed: &s 3\nreplications: *s")
        #expect(aliased.first?.origin == .line(7))
    }

    @Test("2 and 10: ranges near Int.max and ranges through 0 give exact values")
    func ranges() throws {
        #expect(try SweepAxis.values("9223372036854775807:9223372036854775807:1", context: "") == ["9223372036854775807"])
        #expect(try SweepAxis.values("0:0.5:0.25", context: "") == ["0", "0.25", "0.5"])
        #expect(try SweepAxis.values("-0.2:0.2:0.1", context: "") == ["-0.2", "-0.1", "0", "0.1", "0.2"])
        #expect(throws: ScenarioProblems.self) { try SweepAxis.values("-9223372036854775807:9223372036854775807:1", context: "") }
    }

    @Test("5: features × items and the model's Hessian are bounded with the key and the estimate")
    func resourceBounds() throws {
        let limit = 2.0 * 1_073_741_824
        let huge = try ScenarioDocument.parse(
            text: minimalScenario + "\nreplications: 1\ndata: {train_items: 200, features: {dimensions: 5000}}", path: "s.yaml"
        ).scenario
        let dimensions = try #require(ScenarioCost.problem(huge, limit: limit))
        #expect(dimensions.keyPath == "data.features.dimensions")
        #expect(dimensions.message.contains("GB"))
        let items = try ScenarioDocument.parse(
            text: minimalScenario + "\nreplications: 1\ndata: {test_items: 20000000, features: {dimensions: 16}}", path: "s.yaml"
        ).scenario
        #expect(ScenarioCost.problem(items, limit: limit)?.keyPath == "data.test_items")
        let shipped = try ScenarioDocument.parse(text: minimalScenario, path: "s.yaml").scenario
        #expect(ScenarioCost.problem(shipped, limit: limit) == nil)
    }

    @Test("7: more classes than the feature dimensions allow is a validation error on the key")
    func classesNeedDimensions() {
        let found = problems(minimalScenario + "\ntask: {classes: 1000}\ndata: {features: {dimensions: 4}}")
        #expect(found.map(\.keyPath) == ["data.features.dimensions"], "\(found)")
        #expect(found.first?.origin == .line(8))
    }

    @Test("8: a name too long for a folder is a validation error")
    func longName() {
        let found = problems(minimalScenario.replacingOccurrences(of: "name: t", with: "name: " + String(repeating: "n", count: 300)))
        #expect(found.map(\.keyPath) == ["name"])
        #expect(found.first?.origin == .line(1))
    }

    @Test("review: prices and budgets far beyond any real one, and an empty name, are validation errors on their keys")
    func hugePricesAndEmptyName() {
        let found = problems(
            minimalScenario, overrides: ["vendors.crowd.pricing.per_label=1e300", "budget.dollars=1e13"])
        #expect(found.map(\.keyPath).sorted() == ["budget.dollars", "vendors.crowd.pricing.per_label"], "\(found)")
        // The value is shown as written, not as an overflowed inf.
        #expect(found.contains { $0.message == "must be a number in (0, 1000000], got 1e+300" }, "\(found)")
        #expect(problems(minimalScenario, overrides: ["vendors.crowd.pricing.per_label=1000000"]).isEmpty)
        let beta = problems(
            minimalScenario.replacingOccurrences(of: "workers: 10}", with: "workers: 10, types: [{share: 1, accuracy: {beta: [0, 1]}}]}"))
        #expect(beta.map(\.keyPath) == ["vendors.crowd.workforce.types[0].accuracy.beta"], "\(beta)")
        let index = problems(minimalScenario, overrides: ["vendors.9.pricing.per_label=1"])
        #expect(
            index.map(\.description) == [
                "command line (--set vendors.9.pricing.per_label=1): no list element at index 9 in 'vendors.9.pricing.per_label' (indexes 0…0) (have: crowd)"
            ], "\(index)")
        let noBudget = problems(minimalScenario.replacingOccurrences(of: "budget: {items: 100}", with: "budget:"))
        #expect(noBudget.map(\.description) == ["s.yaml:2: budget: is empty; give budget.dollars or budget.items"], "\(noBudget)")
        let unnamed = problems(minimalScenario.replacingOccurrences(of: "name: t", with: "name: ' '"))
        #expect(unnamed.map(\.keyPath) == ["name"] && unnamed.first?.origin == .line(1), "\(unnamed)")
    }

    @Test("13: NUL, ESC and DEL bytes, CR and long values give one printable line with FILE:LINE:")
    func controlBytes() {
        for text in ["name: x\u{1B}[31m\nseed: 1\n", "seed: 1\u{0}\n", "seed: \u{7F}\n", "name: \"a\\rb\\u001b[2J\"\nseed: x\u{1B}\n"] {
            let found = problems(minimalScenario + "\n" + text)
            #expect(!found.isEmpty)
            for problem in found {
                #expect(isTidy(problem), "\(problem.description.debugDescription)")
                #expect(problem.description.hasPrefix("s.yaml:"), "\(problem.description.debugDescription)")
            }
        }
        let long = problems(minimalScenario + "\nseed: " + String(repeating: "9x", count: 50_000))
        #expect(long.count == 1)
        #expect(long.allSatisfy(isTidy))
        #expect(ScenarioProblem.quoted("a\u{1B}b\r\n") == "a\\u{1b}b\\u{d}\\u{a}")
    }

    @Test("14: empty list items and values name their line and key; a non-mapping file blames the file")
    func emptyValues() throws {
        let types = problems(minimalScenario.replacingOccurrences(of: "workers: 10}", with: "workers: 10, types: [~]}"))
        #expect(
            types.map(\.description) == [
                "s.yaml:6: vendors.crowd.workforce.types[0]: expected a mapping of keys (share, kind, accuracy, answers, sees_through, rationality, style_bias, ties_below, workload), got nothing"
            ])
        let accuracy = problems(
            minimalScenario.replacingOccurrences(of: "workers: 10}", with: "workers: 10, types: [{share: 1, accuracy: ~}]}"))
        #expect(accuracy.map(\.keyPath) == ["vendors.crowd.workforce.types[0].accuracy"])
        #expect(accuracy.first?.origin == .line(6))
        let vendors = problems("budget: {items: 3}\nvendors: [~]")
        #expect(vendors.map(\.keyPath) == ["vendors[0]"])
        #expect(vendors.first?.origin == .line(2))
        let scalar = problems("1\n", overrides: ["replications=3"])
        #expect(scalar.count == 1)
        #expect(scalar.first?.description.hasPrefix("s.yaml:1: a scenario is a mapping of keys") == true)
    }

    @Test("every problem the parser or schema reports has a line or a --set origin")
    func everyProblemIsLocated() {
        let texts = [
            "budget: ~\nvendors: ~", "budget: {}\nvendors: []", "task: 3\nbudget: {items: 1}\nvendors: [{name: a}]",
            minimalScenario + "\ntask: {prior: [~]}", minimalScenario + "\nmodel: {learning_curve: [~]}",
        ]
        for text in texts {
            let found = problems(text)
            #expect(!found.isEmpty)
            #expect(found.allSatisfy { $0.origin != nil }, "\(found)")
        }
    }

    @Test("trial: a repeated key is named at the repeat's line; a whole number beyond the range says the bound")
    func repeatsAndBounds() {
        #expect(problems("name: x\nname: y\n").map(\.description) == ["s.yaml:2: name: the key is given twice"])
        let nested = "name: x\nvendors:\n  - name: a\nname: y\n"
        #expect(problems(nested).map(\.description) == ["s.yaml:4: name: the key is given twice"])
        let inVendor = "name: x\nvendors:\n  - name: a\n    pricing: {per_label: 1}\n    name: b\n"
        #expect(problems(inVendor).map(\.description) == ["s.yaml:5: name: the key is given twice"])
        let seed = problems(minimalScenario, overrides: ["seed=18446744073709551615"]).map(\.message)
        #expect(seed == ["must be at most \(Int.max), got '18446744073709551615'"], "\(seed)")
        let typed = problems(minimalScenario, overrides: ["seed=12ab"]).map(\.message)
        #expect(typed == ["expected a whole number, got '12ab'"], "\(typed)")
        // A device is not a scenario file (it read as "cannot read the file as UTF-8 text").
        do {
            _ = try ScenarioDocument.load(path: "/dev/null")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.message) == ["not a regular file (a device or pipe that gave no text)"])
        }
    }
}
