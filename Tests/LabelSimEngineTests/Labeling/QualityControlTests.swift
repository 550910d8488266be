import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// Tests of the general labelling process (issue 3): workforce realism and quality control.
@Suite("Quality control")
struct QualityControlTests {
    static let general = [DomainShare(name: "general", share: 1)]

    static func task(classes: Int = 4, difficulty: ValueSpec = .fixed(0)) -> TaskSpec {
        TaskSpec(classes: classes, prior: Array(repeating: 1 / Double(classes), count: classes), domains: general, difficulty: difficulty)
    }

    static func vendor(
        workforce: WorkforceSpec, quality: QualitySpec, pricing: Pricing = .perLabel(dollars: 0.1), seconds: Double = 30
    ) -> VendorSpec {
        VendorSpec(name: "v", pricing: pricing, labelsPerHour: 1000, workforce: workforce, quality: quality, secondsPerLabel: seconds)
    }

    static func run(
        vendor: VendorSpec, task: TaskSpec, items: Int, budget: Budget? = nil, deadline: Double? = nil, seed: UInt64 = 3,
        reviewer: LabelingProcess.Reviewer? = nil
    ) throws -> (LabelingOutcome, ItemPool, Workforce) {
        let rng = GSLRandom(seed: seed)
        let pool = try ItemPool.draw(task: task, count: items, using: rng)
        let workforce = try Workforce.draw(spec: vendor.workforce, task: task, defaultSeconds: vendor.secondsPerLabel, using: rng)
        let process = LabelingProcess(
            vendor: vendor, task: task, budget: budget ?? .items(items), deadlineDays: deadline, reviewer: reviewer)
        return (try process.run(pool: pool, workforce: workforce, using: rng), pool, workforce)
    }

    static func accuracy(_ matrix: AnnotationMatrix, _ pool: ItemPool, rng: GSLRandom, review: [Int32] = []) -> Double {
        let result = MajorityVote().aggregate(matrix, using: rng)
        var correct = 0
        for item in 0..<matrix.itemCount {
            let final = review.isEmpty || review[item] < 0 ? result.labels[item] : review[item]
            if final == pool.classes[item] { correct += 1 }
        }
        return Double(correct) / Double(matrix.itemCount)
    }

    @Test("the general process matches the binomial tail like the fast generator (k = 5, p = 0.7)")
    func generalProcessBinomial() throws {
        // Zipf s = 0.01 is near-uniform but sends the run through the general process.
        let workforce = WorkforceSpec(
            workers: 400, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.7))], domainSkill: [:], workload: .zipf(0.01)
        )
        let (outcome, pool, _) = try Self.run(
            vendor: Self.vendor(workforce: workforce, quality: QualitySpec(redundancy: 5, aggregation: .majority)),
            task: Self.task(classes: 2),
            items: 40_000)
        let observed = Self.accuracy(outcome.matrix, pool, rng: GSLRandom(seed: 1))
        let exact = Distributions.binomialUpperTail(above: 2, n: 5, p: 0.7)
        #expect(abs(observed - exact) < 4 * (exact * (1 - exact) / 40_000).squareRoot())
        #expect(outcome.labelsBought == 200_000)
    }

    @Test("gold questions and banning remove spammers from the kept labels")
    func banningRemovesSpammers() throws {
        let workforce = WorkforceSpec(
            workers: 300,
            types: [
                WorkerTypeSpec(share: 0.7, kind: .diligent, accuracy: .beta(20, 3)),
                WorkerTypeSpec(share: 0.3, kind: .spammer, accuracy: .fixed(0)),
            ], domainSkill: [:])
        let controlled = QualitySpec(redundancy: .fixed(3), aggregation: .majority, goldFraction: 0.2, banBelow: 0.5, goldMin: 10)
        let (outcome, pool, force) = try Self.run(
            vendor: Self.vendor(workforce: workforce, quality: controlled), task: Self.task(), items: 6000)
        let spamShare = { (matrix: AnnotationMatrix, force: Workforce) in
            Double(matrix.workers.filter { force.kinds[Int($0)] == .spammer }.count) / Double(matrix.labelCount)
        }
        let (plain, plainPool, plainForce) = try Self.run(
            vendor: Self.vendor(workforce: workforce, quality: QualitySpec(redundancy: 3, aggregation: .majority)), task: Self.task(),
            items: 6000)
        #expect(spamShare(plain.matrix, plainForce) > 0.25)
        #expect(spamShare(outcome.matrix, force) < 0.02)
        #expect(outcome.workersBanned > 60)
        #expect(outcome.matrix.labelCount == 18_000)
        // Gold, thrown-away labels and re-labelling are all paid.
        #expect(outcome.labelsBought > 18_000 + outcome.goldLabels)
        #expect(abs(outcome.laborDollars - Double(outcome.labelsBought) * 0.1) < 1e-6)
        #expect(
            Self.accuracy(outcome.matrix, pool, rng: GSLRandom(seed: 2)) > Self.accuracy(plain.matrix, plainPool, rng: GSLRandom(seed: 2))
                + 0.05)
    }

    @Test("adaptive redundancy on easy items buys fewer labels than fixed maximal redundancy at equal accuracy")
    func adaptiveRedundancy() throws {
        let workforce = WorkforceSpec(
            workers: 200, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.85))], domainSkill: [:])
        let task = Self.task(classes: 2, difficulty: .beta(1, 12))
        let adaptive = QualitySpec(redundancy: .adaptive(min: 3, max: 7, agreement: 1.0), aggregation: .majority)
        let fixed = QualitySpec(redundancy: 7, aggregation: .majority)
        let (a, poolA, _) = try Self.run(vendor: Self.vendor(workforce: workforce, quality: adaptive), task: task, items: 20_000)
        let (f, poolF, _) = try Self.run(vendor: Self.vendor(workforce: workforce, quality: fixed), task: task, items: 20_000)
        let accuracyA = Self.accuracy(a.matrix, poolA, rng: GSLRandom(seed: 4))
        let accuracyF = Self.accuracy(f.matrix, poolF, rng: GSLRandom(seed: 4))
        #expect(abs(accuracyA - accuracyF) <= 0.01, "adaptive \(accuracyA) fixed \(accuracyF)")
        #expect(Double(a.labelsBought) < 0.75 * Double(f.labelsBought), "adaptive \(a.labelsBought) fixed \(f.labelsBought)")
    }

    @Test("expert review raises accuracy on reviewed items and is charged at the reviewer's price")
    func expertReview() throws {
        let crowd = WorkforceSpec(
            workers: 100, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.65))], domainSkill: [:])
        let expertSpec = WorkforceSpec(
            workers: 5, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.97))], domainSkill: [:])
        let expert = VendorSpec(
            name: "expert", pricing: .perHour(dollars: 120, secondsPerLabel: 60), labelsPerHour: 300, workforce: expertSpec,
            quality: QualitySpec(redundancy: 1, aggregation: .majority), secondsPerLabel: 60)
        let task = Self.task()
        let reviewRandom = GSLRandom(seed: 77)
        let reviewer = LabelingProcess.Reviewer(
            vendor: expert, workforce: try Workforce.draw(spec: expertSpec, task: task, defaultSeconds: 60, using: reviewRandom),
            rng: reviewRandom)
        let quality = QualitySpec(
            redundancy: .fixed(3), aggregation: .majority, review: ReviewSpec(vendor: "expert", belowAgreement: 0.7))
        let (outcome, pool, _) = try Self.run(
            vendor: Self.vendor(workforce: crowd, quality: quality), task: task, items: 5000, reviewer: reviewer)
        let reviewed = (0..<outcome.matrix.itemCount).filter { outcome.reviewLabels[$0] >= 0 }
        #expect(reviewed.count == outcome.itemsReviewed)
        #expect(reviewed.count > 1000)
        let majority = MajorityVote().aggregate(outcome.matrix, using: GSLRandom(seed: 5))
        let before = reviewed.filter { majority.labels[$0] == pool.classes[$0] }.count
        let after = reviewed.filter { outcome.reviewLabels[$0] == pool.classes[$0] }.count
        #expect(Double(after) / Double(reviewed.count) > 0.9)
        #expect(after > before + reviewed.count / 4)
        #expect(abs(outcome.reviewDollars - Double(reviewed.count) * 2.0) < 1e-6)  // 120 $/h × 60 s = $2 a label
    }

    @Test("ordinal confusion puts most mistakes on neighbouring classes")
    func ordinalConfusion() throws {
        let workforce = WorkforceSpec(
            workers: 50, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.5))], domainSkill: [:], confusion: .ordinal)
        let (outcome, pool, _) = try Self.run(
            vendor: Self.vendor(workforce: workforce, quality: QualitySpec(redundancy: 1, aggregation: .majority)),
            task: Self.task(classes: 5),
            items: 20_000)
        var wrong = 0
        var neighbouring = 0
        for item in 0..<outcome.matrix.itemCount {
            let label = Int(outcome.matrix.labels[item])
            let truth = Int(pool.classes[item])
            if label != truth {
                wrong += 1
                if abs(label - truth) == 1 { neighbouring += 1 }
            }
        }
        // Weights 4^−(distance−1): the neighbour share is at least 1 / (1 + 1/4 + 1/16 + 1/64) ≈ 0.75 for an end class.
        #expect(Double(neighbouring) / Double(wrong) > 0.75)
    }

    @Test("a zipf workload makes the top 10% of workers do most labels")
    func zipfWorkload() throws {
        let workforce = WorkforceSpec(
            workers: 1000, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.8))], domainSkill: [:], workload: .zipf(1.2)
        )
        let (outcome, _, _) = try Self.run(
            vendor: Self.vendor(workforce: workforce, quality: QualitySpec(redundancy: 3, aggregation: .majority)), task: Self.task(),
            items: 20_000)
        var counts = [Int](repeating: 0, count: 1000)
        for worker in outcome.matrix.workers { counts[Int(worker)] += 1 }
        let top = counts.sorted(by: >).prefix(100).reduce(0, +)
        #expect(Double(top) / Double(outcome.matrix.labelCount) > 0.5)
    }

    @Test("hourly pricing costs Σ seconds × wage exactly; a deadline stops labelling at capacity")
    func hourlyPricingAndDeadline() throws {
        let workforce = WorkforceSpec(
            workers: 20, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.9))], domainSkill: [:],
            secondsPerLabel: .lognormal(3.5, 0.4), hoursPerDay: 6)
        let vendor = Self.vendor(
            workforce: workforce, quality: QualitySpec(redundancy: 2, aggregation: .majority),
            pricing: .perHour(dollars: 90, secondsPerLabel: 35))
        let (outcome, _, force) = try Self.run(vendor: vendor, task: Self.task(), items: 3000)
        var seconds = [Double](repeating: 0, count: force.count)
        for worker in outcome.matrix.workers { seconds[Int(worker)] += force.secondsPerLabel[Int(worker)] }
        let expected = seconds.reduce(0) { $0 + $1 * 90 / 3600 }
        #expect(abs(outcome.laborDollars - expected) < 1e-9 * expected)
        #expect(Set(force.secondsPerLabel).count == 20)

        // One day of 6 hours per worker: 20 × 6 × 3600 s ÷ ~37 s a label ≈ 11,700 labels at most.
        let (limited, _, limitedForce) = try Self.run(vendor: vendor, task: Self.task(), items: 10_000, deadline: 1)
        #expect(limited.deadlineHit)
        #expect(limited.matrix.itemCount < 10_000)
        var used = [Double](repeating: 0, count: limitedForce.count)
        for worker in limited.matrix.workers { used[Int(worker)] += limitedForce.secondsPerLabel[Int(worker)] }
        #expect(used.allSatisfy { $0 <= 6 * 3600 + 1e-6 })
    }

    @Test("constant spammers always give their one class")
    func constantSpammers() throws {
        let workforce = WorkforceSpec(
            workers: 30, types: [WorkerTypeSpec(share: 1, kind: .spammer, accuracy: .fixed(0), answers: .constant)], domainSkill: [:])
        let (outcome, _, force) = try Self.run(
            vendor: Self.vendor(workforce: workforce, quality: QualitySpec(redundancy: 1, aggregation: .majority)), task: Self.task(),
            items: 2000)
        for (slot, worker) in outcome.matrix.workers.enumerated() {
            #expect(outcome.matrix.labels[slot] == force.constantAnswer[Int(worker)])
        }
    }
}

@Suite("Calendar time")
struct CalendarTimeTests {
    @Test("worker_days is the busiest worker's work over hours_per_day; a skewed workload makes it longer")
    func workerDays() throws {
        let text = """
            seed: 2
            replications: 3
            budget: {items: 2000}
            data: {train_items: 2000}
            vendors:
              - name: even
                pricing: {per_hour: 60, seconds_per_label: 36}
                workforce: {workers: 10, hours_per_day: 6}
              - name: skewed
                pricing: {per_hour: 60, seconds_per_label: 36}
                workforce: {workers: 10, hours_per_day: 6, workload: {zipf: 1.5}}
            """
        let scenario = try ScenarioDocument.parse(text: text, path: "t.yaml").scenario
        let result = try MonteCarloRun(scenario: scenario, threads: 2).execute()
        let metric = Metric.workerDays
        for row in result.rows {
            // 2,000 labels over 10 workers at 36 s: at least 200 labels × 36 s ÷ (6 × 3600 s) = 1/3 day.
            let even = try #require(row[0][metric])
            let skewed = try #require(row[1][metric])
            #expect(even >= 1.0 / 3 - 1e-12)
            #expect(even < 0.45)
            #expect(skewed > 2 * even)
        }
    }
}

@Suite("Hourly pricing on either labelling path")
struct HourlyPricingPathTests {
    /// One hourly vendor priced at 1 s a label whose workers take `seconds`.
    static func scenario(workerSeconds seconds: Int) throws -> Scenario {
        let text = """
            replications: 2
            data: {train_items: 5000}
            budget: {dollars: 100}
            vendors:
              - name: v
                pricing: {per_hour: 10, seconds_per_label: 1}
                workforce: {workers: 10, seconds_per_label: \(seconds)}
                quality: {redundancy: 3}
            """
        return try ScenarioDocument.parse(text: text, path: "h.yaml").scenario
    }

    @Test(
        "hourly labels are charged at the workers' speed: the general path when it differs from the priced one, the fast path when not",
        arguments: [(100, false), (1, true)])
    func workerSpeed(seconds: Int, fastPath: Bool) throws {
        let scenario = try Self.scenario(workerSeconds: seconds)
        let vendor = scenario.vendors[0]
        let workforce = try Workforce.draw(
            spec: vendor.workforce, task: scenario.task, defaultSeconds: vendor.secondsPerLabel, using: GSLRandom(seed: 1))
        #expect(Replication.usesFastPath(vendor: vendor, workforce: workforce, deadline: nil) == fastPath)
        let result = try MonteCarloRun(scenario: scenario, threads: 1).execute()
        // A label costs seconds × $10/h; $100 buys ⌊100 / price⌋ labels, a third as many items, capped by the pool.
        let price = Double(seconds) * 10 / 3600
        let labels = min((100 / price).rounded(.down), 3 * 5000)
        let items = (labels / 3).rounded(.down)
        for row in result.rows {
            #expect(row[0][.itemsLabeled] == items)
            let cost: Double = try #require(row[0][.costDollars])
            #expect(abs(cost - 3 * items * price) < 1e-9, "\(cost)")
        }
    }

    @Test("deadlines and lognormal scales are bounded")
    func bounds() {
        for override in ["budget.deadline_days=1e300", "vendors.v.workforce.workload={lognormal: [1000, 1]}"] {
            let text = "budget: {dollars: 100}\nvendors:\n  - name: v\n    pricing: {per_label: 1}\n    workforce: {workers: 3}\n"
            #expect(throws: ScenarioProblems.self) { try ScenarioDocument.parse(text: text, path: "b.yaml", overrides: [override]) }
        }
    }
}
