import Dispatch
import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL

/// Measures the labelling stage against GSL's raw `gsl_ran_discrete` draw rate, in one process:
/// the one-pass generator on a plain synthetic vendor, and each shipped vendor profile on the path
/// a run takes for it (most take the general quality-control process).
///
/// The plain vendor: K = 4 classes, 3 domains, difficulty Beta(2, 5), 1,000 workers (80% diligent
/// with accuracy Beta(8, 3), 20% spammers), 5 distinct workers per item. The profiles label the
/// same task, with an item budget, no deadline and no review (review needs a second vendor).
public struct LabelingBenchmark: Sendable {
    /// Items labelled per timed batch.
    public let items: Int
    /// The shortest one-thread measurement, in seconds, that a subject's batch count is raised to.
    public let minimumSeconds: Double

    /// Creates a benchmark labelling `items` items per batch, each measurement raised to at least
    /// `minimumSeconds` of one-thread work (at most 64 batches).
    public init(items: Int = 200_000, minimumSeconds: Double = 0.25) {
        self.items = items
        self.minimumSeconds = minimumSeconds
    }

    static let task = TaskSpec(
        classes: 4, prior: [0.25, 0.25, 0.25, 0.25],
        domains: [
            DomainShare(name: "general", share: 0.4), DomainShare(name: "medical", share: 0.3),
            DomainShare(name: "legal", share: 0.3),
        ],
        difficulty: .beta(2, 5))
    static let workforce = WorkforceSpec(
        workers: 1000,
        types: [
            WorkerTypeSpec(share: 0.8, kind: .diligent, accuracy: .beta(8, 3)),
            WorkerTypeSpec(share: 0.2, kind: .spammer, accuracy: .fixed(0.25)),
        ],
        domainSkill: ["medical": 0.6, "legal": 0.7])

    /// One vendor to label with: its name and spec.
    public struct Subject: Sendable {
        /// Name shown in the table (`generator` or the profile's name).
        public var name: String
        /// The vendor; nil for the plain generator.
        public var vendor: VendorSpec?
    }

    /// The subjects: the plain generator, then every profile in `profileDirectory`, sorted by name.
    public func subjects(profileDirectory: String) throws(ScenarioProblems) -> [Subject] {
        let profiles = VendorProfiles(directories: [profileDirectory])
        var subjects = [Subject(name: "generator", vendor: nil)]
        // Each profile on its own: profiles made for another task kind (preference raters) do not
        // parse as a classification vendor and are left out.
        for name in profiles.available() {
            let text = """
                name: bench
                task: {classes: 4, domains: {general: 0.4, medical: 0.3, legal: 0.3}, difficulty: {beta: [2, 5]}}
                data: {train_items: \(items)}
                budget: {items: \(items)}
                vendors:
                  - {name: \(name), use: \(name)}
                """
            guard let document = try? ScenarioDocument.parse(text: text, path: "<bench>", profiles: profiles),
                var vendor = document.scenario.vendors.first
            else { continue }
            vendor.quality.review = nil
            subjects.append(Subject(name: vendor.name, vendor: vendor))
        }
        return subjects
    }

    /// Raw `gsl_ran_discrete` draws over a 4-outcome table on one thread: per second of wall
    /// time, and per second of the thread's own CPU time.
    func discreteDraws(draws: Int) throws(GSLError) -> (perSecond: Double, perCPUSecond: Double) {
        let sampler = try DiscreteSampler(weights: [0.4, 0.3, 0.2, 0.1])
        let rng = GSLRandom(seed: 7)
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = Self.threadCPUSeconds()
        let checksum = rng.drawDiscreteChecksum(sampler, count: draws)
        let cpu = Self.threadCPUSeconds() - cpuStart
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(checksum >= 0)
        return (Double(draws) / seconds, Double(draws) / cpu)
    }

    /// CPU time the calling thread has used, in seconds. On a loaded machine the wall clock also
    /// counts the time other processes held the core; this clock does not, so rates per CPU second
    /// measured at different moments of one run stay comparable.
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// What one timed measurement gives.
    public struct Measurement: Sendable {
        /// Labels bought per second (gold and re-labelled ones included), summed over threads.
        public var labelsPerSecond: Double
        /// Labels bought per second of CPU time of the threads that bought them.
        var labelsPerCPUSecond: Double
        /// Which labelling path ran: `generator` or `general`.
        public var path: String
        /// Wall-clock seconds the measurement took.
        public var seconds: Double
    }

    /// What the labelling stage holds resident: the peak growth of resident memory over one
    /// labelling of `subject` on one thread (its result included: the delivered labels), per label
    /// bought; nil where the system cannot measure it. The pool is drawn before the measurement
    /// (it is the world's, per item, not the labelling's). Run it before the timed rounds: memory
    /// that earlier work freed but the allocator kept is reused without showing as growth.
    public func residentBytesPerLabel(_ subject: Subject) throws -> (bytesPerLabel: Double?, labels: Int) {
        let rng = GSLRandom(seed: 100)
        let pool = try ItemPool.draw(task: Self.task, count: items, using: rng)
        if let vendor = subject.vendor {
            let scenario = Scenario(
                name: "bench", seed: 1, replications: 1, task: Self.task, data: DataSpec(trainItems: items, testItems: 0),
                budget: .items(items), vendors: [vendor])
            let replication = try Replication(scenario: scenario)
            let (bytes, outcome) = try ResidentMemory.peakGrowth {
                try replication.label(vendorIndex: 0, replication: 0, pool: pool, using: rng)
            }
            return (bytes.map { Double($0) / Double(max(1, outcome.labelsBought)) }, outcome.labelsBought)
        }
        let workforce = try Workforce.draw(spec: Self.workforce, task: Self.task, using: rng)
        let generator = LabelGenerator(classes: Self.task.classes, redundancy: 5)
        let (bytes, matrix) = ResidentMemory.peakGrowth { generator.generate(items: items, pool: pool, workforce: workforce, using: rng) }
        return (bytes.map { Double($0) / Double(max(1, matrix.labelCount)) }, matrix.labelCount)
    }

    /// Labels per second of `subject`, summed over `threads` threads each labelling `batches` batches.
    public func measure(_ subject: Subject, threads: Int, batches: Int) throws -> Measurement {
        let rngs = (0..<threads).map { GSLRandom(seed: 100 + UInt64($0)) }
        let pools = try rngs.map { rng throws(GSLError) in try ItemPool.draw(task: Self.task, count: items, using: rng) }
        let replication: Replication?
        if let vendor = subject.vendor {
            let scenario = Scenario(
                name: "bench", seed: 1, replications: 1, task: Self.task, data: DataSpec(trainItems: items, testItems: 0),
                budget: .items(items), vendors: [vendor])
            replication = try Replication(scenario: scenario)
        } else {
            replication = nil
        }
        let workforces = try rngs.map { rng throws(GSLError) in try Workforce.draw(spec: Self.workforce, task: Self.task, using: rng) }
        let generator = LabelGenerator(classes: Self.task.classes, redundancy: 5)
        let box = ThreadSetups(rngs: rngs, pools: pools, workforces: workforces)
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let cpuStart = Self.threadCPUSeconds()
            var bought = 0
            var general = false
            for batch in 0..<batches {
                if let replication {
                    // The vendor's own workforce, drawn as a run draws it, then its labels.
                    guard
                        let outcome = try? replication.label(
                            vendorIndex: 0, replication: batch, pool: box.pools[thread], using: box.rngs[thread])
                    else { continue }
                    bought += outcome.labelsBought
                    general = general || !outcome.fromGenerator
                } else {
                    let matrix = generator.generate(
                        items: items, pool: box.pools[thread], workforce: box.workforces[thread], using: box.rngs[thread])
                    bought += matrix.labelCount
                }
            }
            box.record(thread: thread, labels: bought, general: general, cpuSeconds: Self.threadCPUSeconds() - cpuStart)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Measurement(
            labelsPerSecond: Double(box.totalLabels) / seconds, labelsPerCPUSecond: Double(box.totalLabels) / box.totalCPUSeconds,
            path: box.anyGeneral ? "general" : "generator", seconds: seconds)
    }
}

extension LabelingBenchmark {
    /// One subject's row of the table: medians over the rounds.
    public struct Row: Sendable {
        /// The subject's name.
        public var name: String
        /// Which labelling path ran: `generator` or `general`.
        public var path: String
        /// Batches per thread in each measurement (raised so that one takes at least a quarter second).
        public var batches: Int
        /// Labels per second on one thread.
        public var oneThread: Double
        /// Labels per CPU second on one thread.
        public var oneThreadCPU: Double
        /// Labels per second on two threads.
        public var twoThreads: Double
        /// Median over rounds of labels per second on one thread ÷ raw draws per second measured
        /// just before it.
        public var ratio: Double
        /// The same per CPU second.
        public var ratioCPU: Double
        /// Median over rounds of two-thread ÷ one-thread labels per second, measured back to back.
        public var twoThreadGain: Double
        /// Median over rounds of two-thread ÷ one-thread labels per CPU second: 1 when a label
        /// costs the same CPU time with a second thread beside it (no contention for memory,
        /// caches or locks), whatever share of the cores the machine's other work left the run.
        public var twoThreadCPUEfficiency: Double
        /// Peak resident growth per label bought; nil when not measured.
        public var bytesPerLabel: Double?
    }

    /// Medians of every round: raw draws per second (wall and CPU), and one row per subject.
    public struct Report: Sendable {
        /// Raw `gsl_ran_discrete` draws per second on one thread (median of every measurement).
        public var discrete: Double
        /// Raw draws per second of the thread's CPU time.
        public var discreteCPU: Double
        /// One row per subject, in ``subjects(profileDirectory:)``'s order.
        public var rows: [Row]
    }

    /// Measures resident bytes per label on `memoryItems` items per subject (0: skip), then
    /// `rounds` rounds, each measuring, for every subject in turn, raw draws then the subject on 1
    /// and 2 threads over at least `batches` batches per thread (more for a subject whose batch is
    /// short: see ``minimumSeconds``); `line` gets one line per memory probe and per round as they
    /// finish. The ratios are medians of each round's paired ratios.
    public func run(
        subjects: [Subject], rounds: Int, batches: Int, memoryItems: Int, line: (String) -> Void = { _ in }
    ) throws -> Report {
        // Memory first, before the timed rounds leave freed blocks behind for reuse.
        var bytesPerLabel = [Double?](repeating: nil, count: subjects.count)
        if memoryItems > 0 {
            AllocatorPolicy.returnFreedBlocks()
            let probe = LabelingBenchmark(items: memoryItems)
            for (index, subject) in subjects.enumerated() {
                let measured = try probe.residentBytesPerLabel(subject)
                bytesPerLabel[index] = measured.bytesPerLabel
                let bytes = measured.bytesPerLabel.map { String(format: "%.1f", $0) } ?? "n/a"
                line("memory: \(subject.name) \(measured.labels) labels, \(bytes) B/label resident")
            }
            AllocatorPolicy.keepFreedBlocks()
        }
        // Each measurement runs at least `minimumSeconds` on one thread: a fast profile's batch of
        // 200,000 items takes a few milliseconds, over which thread start-up and the machine's
        // jitter would decide the two-thread gain.
        var batchCounts: [Int] = []
        for subject in subjects {
            let perBatch = try measure(subject, threads: 1, batches: 1).seconds
            let needed = perBatch > 0 ? Int((minimumSeconds / perBatch).rounded(.up)) : 1
            batchCounts.append(min(max(batches, needed), Self.maximumBatches))
        }
        var discrete: [Double] = []
        var discreteCPU: [Double] = []
        var one = [[Double]](repeating: [], count: subjects.count)
        var oneCPU = [[Double]](repeating: [], count: subjects.count)
        var two = [[Double]](repeating: [], count: subjects.count)
        var ratio = [[Double]](repeating: [], count: subjects.count)
        var ratioCPU = [[Double]](repeating: [], count: subjects.count)
        var gain = [[Double]](repeating: [], count: subjects.count)
        var efficiency = [[Double]](repeating: [], count: subjects.count)
        var paths = [String](repeating: "", count: subjects.count)
        for round in 1...max(rounds, 1) {
            var text = "round \(round):"
            for (index, subject) in subjects.enumerated() {
                // Raw draws just before the subject, so that each ratio compares rates measured
                // within a second of each other (the machine's speed drifts over a run).
                let draws = try discreteDraws(draws: items * 20)
                let single = try measure(subject, threads: 1, batches: batchCounts[index])
                let double = try measure(subject, threads: 2, batches: batchCounts[index])
                discrete.append(draws.perSecond)
                discreteCPU.append(draws.perCPUSecond)
                one[index].append(single.labelsPerSecond)
                oneCPU[index].append(single.labelsPerCPUSecond)
                two[index].append(double.labelsPerSecond)
                ratio[index].append(single.labelsPerSecond / draws.perSecond)
                ratioCPU[index].append(single.labelsPerCPUSecond / draws.perCPUSecond)
                gain[index].append(double.labelsPerSecond / single.labelsPerSecond)
                efficiency[index].append(double.labelsPerCPUSecond / single.labelsPerCPUSecond)
                paths[index] = single.path
                text +=
                    "\(index == 0 ? "" : ",") \(subject.name) \(Self.millions(single.labelsPerSecond))/"
                    + "\(Self.millions(double.labelsPerSecond)) (raw \(Self.millions(draws.perSecond)))"
            }
            line(text)
        }
        let rows = subjects.indices.map { index in
            Row(
                name: subjects[index].name, path: paths[index], batches: batchCounts[index], oneThread: Timing.median(one[index]),
                oneThreadCPU: Timing.median(oneCPU[index]), twoThreads: Timing.median(two[index]), ratio: Timing.median(ratio[index]),
                ratioCPU: Timing.median(ratioCPU[index]), twoThreadGain: Timing.median(gain[index]),
                twoThreadCPUEfficiency: Timing.median(efficiency[index]), bytesPerLabel: bytesPerLabel[index])
        }
        return Report(discrete: Timing.median(discrete), discreteCPU: Timing.median(discreteCPU), rows: rows)
    }

    /// The most batches a measurement is raised to.
    static let maximumBatches = 64

    /// A rate in millions, one decimal.
    public static func millions(_ value: Double) -> String {
        String(format: "%.1f", value / 1e6)
    }
}

/// Per-thread generators and pools handed to the threads that own them; each slot is touched by
/// one thread only, and the totals are read after the threads have joined.
private final class ThreadSetups: @unchecked Sendable {
    let rngs: [GSLRandom]
    let pools: [ItemPool]
    let workforces: [Workforce]
    private let labels: UnsafeMutableBufferPointer<Int>
    private let general: UnsafeMutableBufferPointer<Bool>
    private let cpuSeconds: UnsafeMutableBufferPointer<Double>

    init(rngs: [GSLRandom], pools: [ItemPool], workforces: [Workforce]) {
        self.rngs = rngs
        self.pools = pools
        self.workforces = workforces
        labels = .allocate(capacity: rngs.count)
        labels.initialize(repeating: 0)
        general = .allocate(capacity: rngs.count)
        general.initialize(repeating: false)
        cpuSeconds = .allocate(capacity: rngs.count)
        cpuSeconds.initialize(repeating: 0)
    }

    deinit {
        labels.deallocate()
        general.deallocate()
        cpuSeconds.deallocate()
    }

    func record(thread: Int, labels count: Int, general isGeneral: Bool, cpuSeconds seconds: Double) {
        labels[thread] = count
        general[thread] = isGeneral
        cpuSeconds[thread] = seconds
    }

    var totalLabels: Int { labels.reduce(0, +) }
    var anyGeneral: Bool { general.contains(true) }
    var totalCPUSeconds: Double { cpuSeconds.reduce(0, +) }
}
