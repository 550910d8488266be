import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL

/// A seeded mutation fuzzer over labelsim's inputs. Each case mutates a shipped scenario, a vendor
/// profile, an annotation or gold file, or a command-line override or sweep range, then runs in
/// process what the CLI would run on it: the YAML parser, the schema and the validator, a
/// one-replication run and a sweep plan of a valid scenario, the annotation and gold readers and
/// the aggregators. A case fails on an error without a file and a key or line, a message that is
/// not one printable line, a run error on a valid input, memory above the budget, or a file left
/// in the scratch folder; a crash or a hang (the watchdog) stops the process naming the case.
///
/// Case `i` of seed `s` depends on nothing else, so `labelsim-fuzz --seed s --case i` replays it.
public final class Fuzzer {
    /// What to fuzz and within what budget.
    public struct Configuration: Sendable {
        /// Master seed.
        public var seed: UInt64 = 1
        /// The shipped `Scenarios/` folder (scenarios, and profiles in `vendors/`).
        public var scenarios: String
        /// Every `runEvery`-th valid scenario is also run for one replication.
        public var runEvery = 4
        /// Most resident memory, in megabytes, after any case.
        public var memoryMegabytes = 2_048.0
        /// Scratch folder for mutated profiles; must hold nothing else after a case.
        public var scratch: String

        /// A configuration for the scenarios in `scenarios`, scratch files in `scratch`.
        public init(scenarios: String, scratch: String) {
            self.scenarios = scenarios
            self.scratch = scratch
        }
    }

    /// Why a case failed.
    public struct Failure: Error, CustomStringConvertible {
        /// The case.
        public var index: Int
        /// What was wrong.
        public var reason: String
        /// The input, for the report (cut).
        public var input: String

        /// `case N: reason` and the input.
        public var description: String {
            "case \(index): \(reason)\n--- input (first 2,000 characters) ---\n\(String(input.prefix(2_000)))"
        }
    }

    /// What a run of cases did.
    public struct Tally: Sendable, CustomStringConvertible {
        /// Cases run.
        public var cases = 0
        /// Inputs refused with located errors.
        public var refused = 0
        /// Inputs accepted.
        public var accepted = 0
        /// Accepted scenarios also simulated for one replication.
        public var simulated = 0

        /// Seconds spent per kind of case (`index % 10`).
        public var seconds = [Double](repeating: 0, count: 10)
        /// The slowest case and its seconds.
        public var slowest: (index: Int, seconds: Double) = (0, 0)

        /// No cases yet.
        public init() {}

        /// One line.
        public var description: String {
            "\(cases) cases: \(refused) refused with a located error, \(accepted) accepted, \(simulated) simulated; "
                + "slowest case \(slowest.index) (\(String(format: "%.2f", slowest.seconds)) s)"
        }
    }

    let configuration: Configuration
    let scenarioTexts: [(name: String, text: String)]
    let profileTexts: [(name: String, text: String)]
    var tally = Tally()

    /// Loads the shipped scenarios (made small: one replication, a few hundred items) and profiles.
    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        let manager = FileManager.default
        func yamlFiles(_ folder: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        }
        var scenarios: [(String, String)] = []
        for name in yamlFiles(configuration.scenarios) {
            var tree = try ConfigNode.parse(
                yaml: try String(contentsOfFile: "\(configuration.scenarios)/\(name)", encoding: .utf8), file: name)
            var shrinks = ["replications=1", "data.train_items=300", "data.test_items=100"]
            if tree.mapping(key: "budget")?.mapping(key: "items") != nil { shrinks.append("budget.items=200") }
            for shrink in shrinks { try tree.apply(override: shrink) }
            scenarios.append((name, tree.yaml))
        }
        profileTexts = try yamlFiles("\(configuration.scenarios)/vendors").map { name in
            (String(name.dropLast(5)), try String(contentsOfFile: "\(configuration.scenarios)/vendors/\(name)", encoding: .utf8))
        }
        scenarioTexts = scenarios
        guard !scenarioTexts.isEmpty, !profileTexts.isEmpty else {
            throw Failure(index: -1, reason: "no scenarios or profiles under \(configuration.scenarios)", input: "")
        }
        try manager.createDirectory(atPath: configuration.scratch, withIntermediateDirectories: true)
    }

    /// Runs cases `range`; throws the first failure.
    public func run(_ range: Range<Int>) throws(Failure) -> Tally {
        for index in range {
            FuzzWatchdog.shared.begin(index)
            let began = DispatchTime.now().uptimeNanoseconds
            try runCase(index)
            let spent = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            tally.seconds[index % 10] += spent
            if spent > tally.slowest.seconds { tally.slowest = (index, spent) }
            FuzzWatchdog.shared.end()
            tally.cases += 1
        }
        return tally
    }

    /// The kind of case `index` is and its input, without running it (for `--print`).
    public func describe(_ index: Int) -> String {
        let rng = GSLRandom(seed: StreamSeed.mix(configuration.seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index)))
        return "kind \(index % 10), first draw \(rng.uniform())"
    }

    func runCase(_ index: Int) throws(Failure) {
        let rng = GSLRandom(seed: StreamSeed.mix(configuration.seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index)))
        let mutator = Mutator(rng: rng)
        switch index % 10 {
        case 0...4: try scenarioCase(index, mutator: mutator, profile: nil)
        case 5: try profileCase(index, mutator: mutator)
        case 6, 7: try annotationCase(index, mutator: mutator)
        default: try overrideCase(index, mutator: mutator)
        }
        try checkScratch(index)
        try checkMemory(index)
    }

    // MARK: - Scenarios and profiles

    func scenarioCase(_ index: Int, mutator: Mutator, profile: (name: String, text: String)?, overrides: [String] = []) throws(Failure) {
        var text = mutator.pick(scenarioTexts).text
        if profile == nil || mutator.chance(0.3) { text = mutator.mutateYAML(text) }
        if let profile {
            text += "\n  - name: fuzzed\n    use: \(profile.name)\n"
        }
        let profiles = VendorProfiles(directories: [configuration.scratch, "\(configuration.scenarios)/vendors"])
        let document: ScenarioDocument
        do {
            document = try ScenarioDocument.parse(text: text, path: "fuzz.yaml", overrides: overrides, profiles: profiles)
        } catch {
            try checkProblems(error.problems, index: index, input: text)
            tally.refused += 1
            return
        }
        tally.accepted += 1
        try exercise(document, index: index, input: text)
    }

    func profileCase(_ index: Int, mutator: Mutator) throws(Failure) {
        let base = mutator.pick(profileTexts)
        let name = "fuzz-profile"
        let path = "\(configuration.scratch)/\(name).yaml"
        let text = mutator.mutateYAML(base.text)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Failure(index: index, reason: "cannot write the scratch profile: \(error)", input: text)
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        try scenarioCase(index, mutator: mutator, profile: (name, text))
    }

    /// A valid scenario: the sweep plan when it has axes, and a one-replication run when cheap.
    func exercise(_ document: ScenarioDocument, index: Int, input: String) throws(Failure) {
        guard index % configuration.runEvery == 0 else { return }
        do {
            let axes = try ScenarioParser.sweepAxes(from: document.effective, file: document.path)
            if !axes.isEmpty, axes.reduce(1, { $0 * $1.values.count }) <= 40 {
                _ = try SweepPlan(base: document, axes: axes)
            }
        } catch {
            try checkProblems(error.problems, index: index, input: input)
        }
        var scenario = document.scenario
        guard Self.isCheap(scenario) else { return }
        scenario.replications = 1
        do {
            _ = try MonteCarloRun(scenario: scenario, threads: 1).execute()
            tally.simulated += 1
        } catch {
            throw Failure(index: index, reason: "a valid scenario failed to run: \(error)", input: input)
        }
    }

    /// Small enough to simulate in a few milliseconds.
    static func isCheap(_ scenario: Scenario) -> Bool {
        let labels = scenario.vendors.reduce(0.0) { total, vendor in
            total + Double(scenario.data.trainItems) * Double(vendor.quality.redundancy.maximum) / (1 - vendor.quality.goldFraction)
        }
        let features = Double(scenario.data.features?.dimensions ?? 0) * Double(scenario.task.classes)
        return labels <= 20_000 && scenario.data.testItems <= 1_000 && features <= 400
            && scenario.vendors.allSatisfy { $0.workforce.workers <= 20_000 }
            && scenario.model.learningCurve.count <= 3
    }

    // MARK: - Annotation readers

    static let annotationBases: [String] = [
        "item,worker,label\na,w1,cat\na,w2,cat\na,w3,dog\nb,w1,dog\nb,w2,dog\nc,w1,cat\nc,w3,bird\n",
        "a w1 cat\na w2 dog\nb w1 dog\nb w2 dog\nc w3 cat\n",
        "task,worker,answer\r\n1,u1,0\r\n1,u2,1\r\n2,u1,1\r\n2,u2,1\r\n",
        "w1\ta\tcat\nw2\ta\tdog\nw1\tb\tdog\n",
    ]
    static let goldBases = ["item,truth\na,cat\nb,dog\n", "a cat\nb dog\n", "task,truth\n1,0\n2,1\n"]

    func annotationCase(_ index: Int, mutator: Mutator) throws(Failure) {
        let bytes = mutator.mutateDelimited(Array(mutator.pick(Self.annotationBases).utf8))
        let goldBytes =
            mutator.chance(0.5)
            ? mutator.mutateDelimited(Array(mutator.pick(Self.goldBases).utf8)) : Array(mutator.pick(Self.goldBases).utf8)
        let input = String(decoding: bytes, as: UTF8.self) + "\n--- gold ---\n" + String(decoding: goldBytes, as: UTF8.self)
        let format = mutator.chance(0.3) ? mutator.pick(AnnotationFileFormat.allCases) : nil
        let annotations: AnnotationFile
        let gold: GoldLabels
        do throws(AnnotationFileError) {
            annotations = try AnnotationFile(bytes: bytes, fileName: "fuzz.csv", format: format)
            gold = try GoldLabels(bytes: goldBytes, fileName: "gold.csv", for: annotations)
        } catch {
            tally.refused += 1
            let message = error.description
            try checkLine(message, index: index, input: input, file: message.hasPrefix("gold.csv") ? "gold.csv" : "fuzz.csv")
            return
        }
        tally.accepted += 1
        for warning in annotations.warnings + gold.warnings {
            try checkLine(warning, index: index, input: input, file: warning.hasPrefix("gold.csv") ? "gold.csv" : "fuzz.csv")
        }
        guard AggregationReport.memoryProblem(methods: AggregationMethod.allCases, matrix: annotations.matrix) == nil,
            annotations.matrix.labelCount <= 5_000,
            // EM over K × K per worker: keep a case to milliseconds (the memory bound is tested above).
            Double(annotations.matrix.classCount * annotations.matrix.classCount) * Double(annotations.matrix.workerCount) <= 200_000
        else { return }
        let report = AggregationReport(methods: AggregationMethod.allCases, matrix: annotations.matrix, gold: gold.classes)
        for row in report.rows { _ = AggregatedLabelsWriter.csv(row.result, for: annotations) }
    }

    // MARK: - Overrides and sweep ranges

    func overrideCase(_ index: Int, mutator: Mutator) throws(Failure) {
        let keys = [
            "seed", "replications", "task.classes", "task.prior", "task.difficulty", "data.train_items", "data.features.dimensions",
            "budget.dollars", "budget.items", "vendors.crowd.quality.redundancy", "vendors.crowd.workforce.types[0].share",
            "vendors[0].pricing.per_label", "vendors.nobody.x", "a..b", "vendors.crowd.workforce.types[9].kind", "",
        ]
        let key = mutator.pick(keys)
        let value = mutator.chance(0.8) ? mutator.pick(Mutator.values) : mutator.oddValue()
        if mutator.chance(0.5) {
            do {
                _ = try SweepAxis.parse("\(key)=\(value)")
            } catch {
                try checkProblems(error.problems, index: index, input: "--vary \(key)=\(value)")
            }
            return
        }
        try scenarioCase(index, mutator: mutator, profile: nil, overrides: ["\(key)=\(value)"])
    }

    // MARK: - Checks

    func checkProblems(_ problems: [ScenarioProblem], index: Int, input: String) throws(Failure) {
        if problems.isEmpty { throw Failure(index: index, reason: "an error with no problem in it", input: input) }
        for problem in problems {
            if problem.file.isEmpty || (problem.origin == nil && problem.keyPath.isEmpty) {
                throw Failure(index: index, reason: "an error without a file and a line or key: \(problem)", input: input)
            }
            var file = problem.file
            if case .fileLine(let other, _)? = problem.origin { file = other }
            try checkLine(problem.description, index: index, input: input, file: file)
        }
    }

    /// One line of printable characters, of bounded length, starting with the file.
    func checkLine(_ line: String, index: Int, input: String, file: String) throws(Failure) {
        if line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Failure(index: index, reason: "a message with control characters: \(line.debugDescription)", input: input)
        }
        if line.count > 1_200 {
            throw Failure(index: index, reason: "a message of \(line.count) characters: \(line.prefix(200))…", input: input)
        }
        if !line.hasPrefix(file) {
            throw Failure(index: index, reason: "a message that does not start with the file \(file): \(line.prefix(300))", input: input)
        }
    }

    func checkScratch(_ index: Int) throws(Failure) {
        let left = (try? FileManager.default.contentsOfDirectory(atPath: configuration.scratch)) ?? []
        if !left.isEmpty { throw Failure(index: index, reason: "files left behind: \(left)", input: "") }
    }

    func checkMemory(_ index: Int) throws(Failure) {
        let megabytes = FuzzWatchdog.residentMegabytes()
        if megabytes > configuration.memoryMegabytes {
            throw Failure(
                index: index, reason: "resident memory \(Int(megabytes)) MB above \(Int(configuration.memoryMegabytes)) MB", input: "")
        }
    }
}
