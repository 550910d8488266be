import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

/// Both labelling paths (the one-pass generator and the general process) draw from one
/// ``ResponseModel``; on a grid of tasks and workforces their per-class label distributions agree.
@Suite("Response model: both labelling paths agree")
struct ResponseModelGridTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var classes: Int
        var difficulty: ValueSpec
        var confusion: ConfusionSpec
        var testDescription: String { "K=\(classes) difficulty \(difficulty) confusion \(confusion)" }
    }

    static let cases: [Case] = [2, 4, 7].flatMap { classes in
        [ValueSpec.fixed(0), .beta(2, 5)].flatMap { difficulty in
            [ConfusionSpec.uniform, .ordinal, .dirichlet(0.5)].map { Case(classes: classes, difficulty: difficulty, confusion: $0) }
        }
    }

    /// Diligent and sloppy workers, spammers of both kinds and adversaries in one workforce.
    static func workforce(_ confusion: ConfusionSpec, workers: Int = 60) -> WorkforceSpec {
        WorkforceSpec(
            workers: workers,
            types: [
                WorkerTypeSpec(share: 0.5, kind: .diligent, accuracy: .beta(8, 3)),
                WorkerTypeSpec(share: 0.15, kind: .sloppy, accuracy: .beta(3, 3)),
                WorkerTypeSpec(share: 0.1, kind: .spammer, accuracy: .fixed(0.5)),
                WorkerTypeSpec(share: 0.1, kind: .spammer, accuracy: .fixed(0.5), answers: .constant),
                WorkerTypeSpec(share: 0.15, kind: .adversarial, accuracy: .fixed(0.7)),
            ],
            domainSkill: ["hard": 0.5], confusion: confusion)
    }

    /// Counts of (true class, label) over every label of `matrix`.
    static func counts(_ matrix: AnnotationMatrix, _ pool: ItemPool, classes: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classes * classes)
        for item in 0..<matrix.itemCount {
            for slot in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                counts[Int(pool.classes[item]) * classes + Int(matrix.labels[slot])] += 1
            }
        }
        return counts
    }

    @Test("per-class label distributions within 4 standard errors", arguments: cases)
    func pathsAgree(_ grid: Case) throws {
        try Self.compare(grid, workers: 60)
    }

    /// Up to 4,096 workers the generator takes the worker and the label from one uniform (the
    /// grid above); beyond, each label has a uniform of its own: that branch agrees too.
    @Test("beyond 4,096 workers (a uniform per label) the paths agree within 4 standard errors")
    func largeWorkforceAgrees() throws {
        try Self.compare(Case(classes: 4, difficulty: .beta(2, 5), confusion: .uniform), workers: 5_000)
    }

    static func compare(_ grid: Case, workers: Int) throws {
        let k = grid.classes
        let task = TaskSpec(
            classes: k, prior: Array(repeating: 1 / Double(k), count: k),
            domains: [DomainShare(name: "general", share: 0.6), DomainShare(name: "hard", share: 0.4)], difficulty: grid.difficulty)
        let spec = Self.workforce(grid.confusion, workers: workers)
        let setup = GSLRandom(seed: 2024)
        let pool = try ItemPool.draw(task: task, count: 8_000, using: setup)
        let workforce = try Workforce.draw(spec: spec, task: task, using: setup)
        let redundancy = 3
        let fast = LabelGenerator(classes: k, redundancy: redundancy).generate(
            items: pool.count, pool: pool, workforce: workforce, using: GSLRandom(seed: 11))
        // The same drawn workforce through the general process, called directly (its own worker
        // draws, one label at a time).
        var generalSpec = spec
        generalSpec.workload = .uniform
        let vendor = VendorSpec(
            name: "v", pricing: .perLabel(dollars: 0.1), labelsPerHour: 1000, workforce: generalSpec,
            quality: QualitySpec(redundancy: redundancy, aggregation: .majority), secondsPerLabel: 30)
        let process = LabelingProcess(vendor: vendor, task: task, budget: .items(pool.count), deadlineDays: nil, reviewer: nil)
        let general = try process.run(pool: pool, workforce: workforce, using: GSLRandom(seed: 12)).matrix
        #expect(general.labelCount == fast.labelCount)
        let a = Self.counts(fast, pool, classes: k)
        let b = Self.counts(general, pool, classes: k)
        var worst = 0.0
        for truth in 0..<k {
            let na = Double(a[(truth * k)..<(truth * k + k)].reduce(0, +))
            let nb = Double(b[(truth * k)..<(truth * k + k)].reduce(0, +))
            for label in 0..<k {
                let pa = Double(a[truth * k + label]) / na
                let pb = Double(b[truth * k + label]) / nb
                let pooled = (Double(a[truth * k + label] + b[truth * k + label])) / (na + nb)
                let standardError = (pooled * (1 - pooled) * (1 / na + 1 / nb)).squareRoot()
                if standardError > 0 { worst = max(worst, abs(pa - pb) / standardError) }
                #expect(abs(pa - pb) <= 4 * standardError, "true \(truth) label \(label): \(pa) vs \(pb)")
            }
        }
        #expect(worst < 4)
    }

    @Test("the model's table gives c + (a − c)(1 − d), chance for spammers, 1 − a for adversaries")
    func probabilities() throws {
        let task = TaskSpec(
            classes: 4, prior: [0.25, 0.25, 0.25, 0.25], domains: [DomainShare(name: "general", share: 1)], difficulty: .fixed(0))
        let spec = WorkforceSpec(
            workers: 3,
            types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.9))], domainSkill: [:])
        var workforce = try Workforce.draw(spec: spec, task: task, using: GSLRandom(seed: 1))
        workforce.kinds = [.diligent, .spammer, .adversarial]
        let model = ResponseModel(workforce: workforce, classes: 4)
        #expect(abs(model.probabilityCorrect(worker: 0, perceivedClass: 2, domain: 0, easiness: 0.5) - (0.25 + 0.65 * 0.5)) < 1e-15)
        #expect(model.probabilityCorrect(worker: 1, perceivedClass: 2, domain: 0, easiness: 0.5) == 0.25)
        #expect(abs(model.probabilityCorrect(worker: 2, perceivedClass: 2, domain: 0, easiness: 0.5) - 0.1) < 1e-15)
        // u below p: the perceived class; just above p: the first wrong class (0, skipping nothing).
        #expect(model.label(worker: 0, perceivedClass: 2, domain: 0, easiness: 1, uniform: 0.89) == 2)
        #expect(model.label(worker: 0, perceivedClass: 2, domain: 0, easiness: 1, uniform: 0.91) == 0)
        #expect(model.label(worker: 0, perceivedClass: 0, domain: 0, easiness: 1, uniform: 0.999) == 3)
    }
}
