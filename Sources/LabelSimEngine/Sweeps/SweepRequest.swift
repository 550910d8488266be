import Foundation
import LabelSimCore

/// `labelsim sweep`: the grid of a scenario, the folder it is checkpointed in, and the run that
/// fills it and, when it is complete and not a shard, writes the outputs.
public struct SweepRequest: Sendable {
    /// How a run ended.
    public enum Outcome: Sendable {
        /// Stopped before the end; `finishedPoints` grid points are checkpointed.
        case interrupted(finishedPoints: Int)
        /// This shard's share is done; `mergeCommand` joins the shards.
        case shardDone(mergeCommand: String)
        /// The whole grid is done and its outputs written.
        case complete(SweepOutputs)
    }

    /// The scenario.
    public let document: ScenarioDocument
    /// The grid.
    public let plan: SweepPlan
    /// The shard this run does, nil for the whole grid.
    public let shard: Shard?
    /// The folder: `OUT/NAME-sweep-FINGERPRINT` (with `-shard-I-of-N` for a shard).
    public let store: SweepStore
    /// The parent folder as given (`--out`), for the merge command a shard prints.
    let out: String

    /// Plans the grid of `document` over `vary` (or its `sweep:` block) in a folder under `out`.
    public init(document: ScenarioDocument, vary: [String], shard: Shard?, out: String) throws(ScenarioProblems) {
        let plan = try SweepPlan(document: document, vary: vary)
        self.document = document
        self.plan = plan
        self.shard = shard
        self.out = out
        store = SweepStore(folder: URL(fileURLWithPath: out).appendingPathComponent(plan.manifest(shard: shard).folderName))
    }

    /// Creates the folder or, with `resume`, continues the sweep it holds; returns whether a sweep
    /// was resumed. A folder that holds another sweep, or this one without `resume`, is a
    /// ``SweepError``.
    public func prepare(resume: Bool) throws -> Bool {
        try store.prepare(plan.manifest(shard: shard), resume: resume)
    }

    /// Runs the grid points not yet checkpointed on `threads` threads until done or `stop` is
    /// raised; a complete whole grid writes `sweep.csv`, `replications.csv`, the report and
    /// `manifest.json` (with `commandLine`).
    public func run(
        threads: Int, commandLine: [String], stop: StopFlag, progress: (@Sendable (SweepRunner.Progress) -> Void)? = nil
    ) throws -> Outcome {
        let started = Date()
        let complete = try SweepRunner(plan: plan, shard: shard, threads: threads, store: store).execute(stop: stop, progress: progress)
        guard complete else { return .interrupted(finishedPoints: store.finishedPoints().count) }
        if let shard {
            let whole = plan.manifest(shard: nil).folderName
            return .shardDone(mergeCommand: "labelsim merge \(out)/\(whole)-shard-*-of-\(shard.count)")
        }
        let manifest = plan.manifest(shard: nil)
        let outputs = try SweepOutputs(manifest: manifest, checkpoints: try store.readCheckpoints(vendorCount: manifest.vendors.count))
        try outputs.write(to: store.folder)
        try store.writeRunManifest(
            Manifest(
                document: document, commandLine: commandLine, threads: threads, started: started,
                wallSeconds: Date().timeIntervalSince(started)))
        return .complete(outputs)
    }
}
