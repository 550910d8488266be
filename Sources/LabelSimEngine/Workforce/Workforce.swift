import Foundation
import LabelSimCore
import LabelSimGSL

/// One vendor's drawn workers: kind, accuracy per domain, confusion, workload weight and speed.
public struct Workforce: Sendable {
    /// Behaviour of each worker.
    public var kinds: [WorkerKind]
    /// Row-major `workers × domains`: probability of a correct label on an item of difficulty 0
    /// (for adversaries: the probability of choosing a wrong class, whatever the domain).
    public var easyAccuracy: [Double]
    /// Number of domains (the row length of ``easyAccuracy``).
    var domainCount: Int
    /// The class a constant spammer always answers, `-1` for everyone else.
    var constantAnswer: [Int32]
    /// Cumulative confusion rows over the K − 1 wrong classes: `workers × K × (K − 1)` for
    /// Dirichlet confusion, `K × (K − 1)` shared by all for ordinal, empty for uniform.
    public var confusion: [Double]
    /// Whether ``confusion`` has a block per worker.
    var confusionPerWorker: Bool
    /// Relative share of assignments each worker receives.
    var workloadWeights: [Double]
    /// Seconds each worker takes per label.
    public var secondsPerLabel: [Double]
    /// Row-major `workers × domains × K`: easy-item accuracy per perceived class (empty when every
    /// worker has one accuracy per domain, ``easyAccuracy``).
    public var classAccuracy: [Double] = []
    /// Row-major `workers × K`: cumulative answer distribution of each biased spammer (empty when
    /// none; rows of other workers are unused).
    var answerCumulative: [Double] = []
    /// Row-major `workers × domains`: probability of seeing through a misleading item (empty when 0).
    public var seesThrough: [Double] = []

    /// Number of workers.
    public var count: Int { kinds.count }

    /// Whether the fast generator can draw this workforce's labels (uniform errors, no constant spammer).
    var isPlain: Bool {
        confusion.isEmpty && !constantAnswer.contains { $0 >= 0 } && classAccuracy.isEmpty && answerCumulative.isEmpty
    }

    /// Draws the workforce of `spec` for `task`; `defaultSeconds` is the vendor's seconds per label.
    ///
    /// Each worker's type comes from the type shares; their base accuracy a from the type's
    /// distribution; their accuracy in a domain is the type's explicit per-domain accuracy when
    /// given, else c + (a − c) × skill, clamped to [0, 1] (c = 1/K, skill the domain multiplier).
    public static func draw(
        spec: WorkforceSpec, task: TaskSpec, defaultSeconds: Double = 30, using rng: GSLRandom
    ) throws(GSLError) -> Workforce {
        let typeSampler = try DiscreteSampler(weights: spec.types.map(\.share))
        let classes = task.classes
        let chance = 1 / Double(classes)
        let skills = task.domains.map { spec.domainSkill[$0.name] ?? 1 }
        var kinds: [WorkerKind] = []
        kinds.reserveCapacity(spec.workers)
        var accuracy = [Double](repeating: 0, count: spec.workers * skills.count)
        var constant = [Int32](repeating: -1, count: spec.workers)
        let classConditional = spec.types.contains { !$0.classAccuracy.isEmpty }
        let biasedSpam = spec.types.contains { $0.kind == .spammer && !$0.answerWeights.isEmpty }
        let seeing = spec.types.contains(where: \.maySeeThrough)
        var typeIndex = [Int](repeating: 0, count: spec.workers)
        for worker in 0..<spec.workers {
            typeIndex[worker] = rng.sample(typeSampler)
            let type = spec.types[typeIndex[worker]]
            kinds.append(type.kind)
            let base = draw(type.accuracy, rng)
            for (domain, skill) in skills.enumerated() {
                var value = type.kind == .adversarial ? base : chance + (base - chance) * skill
                if let explicit = type.domainAccuracy[task.domains[domain].name] {
                    value = draw(explicit, rng)
                }
                accuracy[worker * skills.count + domain] = min(1, max(0, value))
            }
            if type.kind == .spammer, type.answers == .constant {
                constant[worker] = Int32(rng.uniformInt(classes))
            }
        }
        // Draws for the realism keys come after the others, so scenarios without them keep their streams.
        var classAccuracy: [Double] = []
        if classConditional {
            classAccuracy = [Double](repeating: 0, count: spec.workers * skills.count * classes)
            for worker in 0..<spec.workers {
                let type = spec.types[typeIndex[worker]]
                let perClass = type.classAccuracy.map { draw($0, rng) }
                for domain in skills.indices {
                    let start = (worker * skills.count + domain) * classes
                    for k in 0..<classes {
                        var value = accuracy[worker * skills.count + domain]
                        if !perClass.isEmpty, type.domainAccuracy[task.domains[domain].name] == nil {
                            value = type.kind == .adversarial ? perClass[k] : chance + (perClass[k] - chance) * skills[domain]
                        }
                        classAccuracy[start + k] = min(1, max(0, value))
                    }
                }
            }
        }
        var answerCumulative: [Double] = []
        if biasedSpam {
            answerCumulative = [Double](repeating: 1, count: spec.workers * classes)
            for worker in 0..<spec.workers {
                let type = spec.types[typeIndex[worker]]
                guard type.kind == .spammer, !type.answerWeights.isEmpty, constant[worker] < 0 else { continue }
                let row = cumulative(type.answerWeights)
                for k in 0..<classes { answerCumulative[worker * classes + k] = row[k] }
            }
        }
        var seesThrough: [Double] = []
        if seeing {
            seesThrough = (0..<spec.workers).flatMap { worker in
                task.domains.map { spec.types[typeIndex[worker]].seesThrough(domain: $0.name) }
            }
            // A type with a spread draws each worker's own value, once per worker for the domains it
            // does not name (a trait of the worker) and once per named domain; these draws come
            // last, so types without a spread keep their streams.
            if spec.types.contains(where: { !$0.seesThroughSpread.isEmpty || $0.seesThroughSpreadElsewhere != nil }) {
                for worker in 0..<spec.workers {
                    let type = spec.types[typeIndex[worker]]
                    let elsewhere = type.seesThroughSpreadElsewhere.map { draw($0, rng) }
                    var named: [String: Double] = [:]
                    for (domain, domainSpec) in type.seesThroughSpread.sorted(by: { $0.key < $1.key }) {
                        named[domain] = draw(domainSpec, rng)
                    }
                    for (index, domain) in task.domains.enumerated() {
                        if let value = named[domain.name] ?? (type.seesThrough[domain.name] == nil ? elsewhere : nil) {
                            seesThrough[worker * task.domains.count + index] = min(1, max(0, value))
                        }
                    }
                }
            }
        }
        var confusion: [Double] = []
        var perWorker = false
        switch spec.confusion {
        case .uniform:
            break
        case .ordinal:
            for truth in 0..<classes {
                let weights = (0..<classes).filter { $0 != truth }.map { Foundation.pow(4, -Double(abs($0 - truth) - 1)) }
                confusion += cumulative(weights)
            }
        case .dirichlet(let alpha):
            perWorker = true
            confusion.reserveCapacity(spec.workers * classes * (classes - 1))
            for _ in 0..<spec.workers {
                for _ in 0..<classes {
                    confusion += cumulative(rng.dirichlet([Double](repeating: alpha, count: classes - 1)))
                }
            }
        }
        var weights: [Double]
        switch spec.workload {
        case .uniform: weights = [Double](repeating: 1, count: spec.workers)
        case .zipf(let s): weights = (1...spec.workers).map { Foundation.pow(Double($0), -s) }
        case .lognormal(let mu, let sigma): weights = (0..<spec.workers).map { _ in rng.lognormal(mu: mu, sigma: sigma) }
        }
        if spec.types.contains(where: { $0.workloadWeight != 1 }) {
            for worker in 0..<spec.workers { weights[worker] *= spec.types[typeIndex[worker]].workloadWeight }
        }
        let seconds: [Double]
        switch spec.secondsPerLabel {
        case nil: seconds = [Double](repeating: defaultSeconds, count: spec.workers)
        case .fixed(let value)?: seconds = [Double](repeating: value, count: spec.workers)
        case .lognormal(let mu, let sigma)?: seconds = (0..<spec.workers).map { _ in rng.lognormal(mu: mu, sigma: sigma) }
        }
        var workforce = Workforce(
            kinds: kinds, easyAccuracy: accuracy, domainCount: skills.count, constantAnswer: constant, confusion: confusion,
            confusionPerWorker: perWorker, workloadWeights: weights, secondsPerLabel: seconds)
        workforce.classAccuracy = classAccuracy
        workforce.answerCumulative = answerCumulative
        workforce.seesThrough = seesThrough
        return workforce
    }

    private static func draw(_ spec: ValueSpec, _ rng: GSLRandom) -> Double {
        switch spec {
        case .fixed(let value): return value
        case .beta(let a, let b): return rng.beta(a, b)
        case .discrete(let values, let weights):
            // Inverse CDF on one uniform: discrete accuracies are short lists, drawn once per worker.
            let total = weights.reduce(0, +)
            var u = rng.uniform() * total
            for (value, weight) in zip(values, weights) {
                if u < weight { return value }
                u -= weight
            }
            return values.last ?? 0
        }
    }

    private static func cumulative(_ weights: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        var running = 0.0
        var result = weights.map { weight -> Double in
            running += weight / total
            return running
        }
        if !result.isEmpty { result[result.count - 1] = 1 }
        return result
    }
}
