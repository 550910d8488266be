import Foundation
import LabelSimCore
import LabelSimGSL

/// `labelsim calibrate`: fit a vendor profile and task block to a real annotation file, check the
/// fit by simulating it with the engine, and write the profile and a scenario that uses it.
public struct CalibrationRequest: Sendable {
    /// Why a request cannot run: one line per problem, naming the option.
    public struct Problem: Error, Sendable {
        /// The lines to print.
        public let lines: [String]
    }

    /// What was fitted and checked, and what was written.
    public struct Outcome: Sendable {
        /// The fitted profile and the fit check.
        public let report: CalibrationReport
        /// The files written (the profile, then the scenario), empty without `out`.
        public let written: [String]
    }

    /// The annotation file and its gold.
    public let source: AnnotationInput.Source
    /// Without gold: the misleading share π to assume (it is not identifiable from labels alone).
    public let misleadingShare: Double
    /// Whether to fit each worker's probability of seeing through a confusing item and write its
    /// distribution (`--see-through-spread`), not to (`--no-see-through-spread`), or, nil, to fit
    /// both and keep the one whose fit check is closer (``CalibrationCheck/worstGap``).
    public let seeThroughSpread: Bool?
    /// Replications of the fit check.
    public let replications: Int
    /// Seed of the fit and the check.
    public let seed: UInt64
    /// Where the vendor profile goes (nil: nowhere); the scenario's place follows from it
    /// (``scenarioLocation(forProfile:)``).
    public let out: String?

    /// Checks a request: `misleadingShare` is a probability, `replications` between 2 and 10,000.
    public init(
        source: AnnotationInput.Source, misleadingShare: Double = 0, seeThroughSpread: Bool? = nil, replications: Int = 20,
        seed: UInt64 = 1, out: String? = nil
    ) throws(Problem) {
        var problems: [String] = []
        if !(0...1).contains(misleadingShare) {
            problems.append("--misleading-share must be a probability in [0, 1], got \(misleadingShare)")
        }
        if !(2...10_000).contains(replications) {
            problems.append("--replications must be between 2 and 10000, got \(replications)")
        }
        guard problems.isEmpty else { throw Problem(lines: problems) }
        self.source = source
        self.misleadingShare = misleadingShare
        self.seeThroughSpread = seeThroughSpread
        self.replications = replications
        self.seed = seed
        self.out = out
    }

    /// Where the scenario goes beside a profile written to `profile`, and whether it names the
    /// profile with `use:`. `use:` finds profiles in a `vendors/` folder beside the scenario, so
    /// for a profile in `vendors/NAME.yaml` the scenario is `../NAME.yaml` and uses it; anywhere
    /// else the scenario is `NAME.scenario.yaml` beside it, with the profile's keys inline.
    public static func scenarioLocation(forProfile profile: URL) -> (url: URL, usesProfile: Bool) {
        let name = profile.deletingPathExtension().lastPathComponent
        let folder = profile.deletingLastPathComponent()
        if folder.lastPathComponent == "vendors" {
            return (folder.deletingLastPathComponent().appendingPathComponent("\(name).yaml"), true)
        }
        return (folder.appendingPathComponent("\(name).scenario.yaml"), false)
    }

    /// The comment lines at the top of the written files: the command that reproduces them, the
    /// file's shape, the method.
    func provenance(profile: CalibratedProfile, choice: String?) -> [String] {
        var command = "labelsim calibrate \(source.file)"
        if let truth = source.truth { command += " --truth \(truth)" } else { command += " --misleading-share \(misleadingShare)" }
        if let seeThroughSpread { command += seeThroughSpread ? " --see-through-spread" : " --no-see-through-spread" }
        // The check, and so the choice between the two fits, depends on the replications too.
        command += " --replications \(replications)"
        return [
            "Calibrated by `\(command) --seed \(seed)`:",
            "\(profile.items) items, \(profile.workers) workers, \(profile.labels) labels, \(profile.goldItems) gold items, \(profile.classes) classes.",
            "Method: nonparametric EM over item states (README, Calibration); workers held to a Beta per class.",
        ] + (choice.map { [$0] } ?? [])
    }

    /// Reads the file (telling `note` what the user should hear), fits, checks the fit on
    /// ``replications`` simulated copies of the file, and writes the profile and scenario (both or
    /// neither).
    public func run(note: (String) -> Void = { _ in }) throws -> Outcome {
        let input = try AnnotationInput(reading: source)
        let matrix = input.annotations.matrix
        guard matrix.classCount >= 2 else {
            throw Problem(lines: [
                "\(source.file): calibrate needs at least 2 label values (classes); the file has \(matrix.classCount)"
            ])
        }
        let truth = input.gold?.classes.map { $0 >= 0 ? $0 : -1 } ?? [Int32](repeating: -1, count: matrix.itemCount)
        let goldCount = truth.filter { $0 >= 0 }.count
        // Gold that names none of the file's items is a wrong file or item column, not a file without
        // gold: fitting without it would answer another question.
        if let gold = source.truth, goldCount == 0 {
            throw Problem(lines: [
                "\(gold): none of its items has labels in \(source.file) (do both files name the items the same way?); nothing fitted"
            ])
        }
        input.messages.forEach(note)
        if goldCount == 0 {
            note(
                "note: without gold the misleading share is not identifiable (a misleading item looks exactly like an ordinary item of its confusable class); using --misleading-share \(misleadingShare)"
            )
        }
        // One fit and check per variant of seeing through; without a choice, both (on two threads:
        // each has its own seeds, so the result does not depend on the scheduling), and the closer
        // check wins. Without gold the check scores nothing (no true class to score a vote by), so
        // there is nothing to choose by: the plain fit, unless asked for the other.
        if seeThroughSpread == nil, goldCount == 0 {
            note(
                "note: without gold the fit check has no accuracy to compare, so per-worker seeing through is not fitted (--see-through-spread fits it)"
            )
        }
        let variants = seeThroughSpread.map { [$0] } ?? (goldCount > 0 ? [false, true] : [false])
        typealias Candidate = (profile: CalibratedProfile, check: CalibrationCheck)
        let candidates = try ParallelExecutor(threads: variants.count).map(count: variants.count) { index throws -> Candidate in
            let fit = CrowdFit.fit(
                matrix: matrix, truth: truth, misleadingShare: misleadingShare, seeThroughSpread: variants[index],
                using: GSLRandom(seed: seed))
            let profile = CalibratedProfile(fit: fit, matrix: matrix, goldItems: goldCount, using: GSLRandom(seed: seed))
            let inline = profile.scenarioYAML(
                name: "calibrated", profileName: nil, replications: replications, seed: seed,
                provenance: self.provenance(profile: profile, choice: nil))
            let scenario = try ScenarioParser.scenario(from: ConfigNode.parse(yaml: inline, file: "calibrated"), file: "calibrated")
            let check = try CalibrationCheck.run(scenario: scenario, matrix: matrix, truth: truth, replications: replications, seed: seed)
            return (profile: profile, check: check)
        }
        var chosen = candidates[0]
        var choice: String?
        if candidates.count == 2 {
            let gaps = candidates.map { $0.check.worstGap }
            // The spread model has more parameters: it must be strictly closer to be kept, and have
            // found a spread to draw (without one the two differ only by Monte Carlo noise).
            let foundSpread = !candidates[1].profile.seesThrough.values.isEmpty
            if gaps[1] < gaps[0], foundSpread { chosen = candidates[1] }
            let reason =
                "fit check's worst gap (share of the tolerance, 2 points on the majority-vote curve, 3 on Dawid–Skene) "
                + "\(FixedDecimal.format(gaps[0], decimals: 3)) without, \(FixedDecimal.format(gaps[1], decimals: 3)) with"
                + (foundSpread ? "" : ", and the per-worker fit found no seeing through")
            let kept = chosen.profile.seeThroughSpread
            choice = "Per-worker seeing through \(kept ? "kept" : "not kept") (fitted both ways): \(reason)."
            note("note: fitted with and without per-worker seeing through; kept the fit \(kept ? "with" : "without") it: \(reason)")
        }
        let profile = chosen.profile
        let check = chosen.check
        let provenance = provenance(profile: profile, choice: choice)
        var written: [String] = []
        if let out {
            let url = URL(fileURLWithPath: out)
            let name = url.deletingPathExtension().lastPathComponent
            let location = Self.scenarioLocation(forProfile: url)
            let text = profile.scenarioYAML(
                name: name, profileName: location.usesProfile ? name : nil, replications: replications, seed: seed,
                provenance: provenance)
            try AtomicFile.writeAll([
                (Data(profile.profileYAML(provenance: provenance).utf8), url), (Data(text.utf8), location.url),
            ])
            written = [out, location.url.path]
        }
        return Outcome(report: CalibrationReport(profile: profile, check: check), written: written)
    }
}
