import LabelSimCore
import LabelSimGSL

/// One vendor's drawn workers: each worker's kind and accuracy per domain on an easy item.
public struct Workforce: Sendable {
    /// Behaviour of each worker.
    public var kinds: [WorkerKind]
    /// Row-major `workers × domains`: probability of a correct label on an item of difficulty 0
    /// (for adversaries: the probability of choosing a wrong class, whatever the domain).
    public var easyAccuracy: [Double]
    /// Number of domains (the row length of ``easyAccuracy``).
    public var domainCount: Int

    /// Number of workers.
    public var count: Int { kinds.count }

    /// Draws the workforce of `spec` for a task with `task.classes` classes and `task.domains`.
    ///
    /// Each worker's type comes from the type shares; their base accuracy a from the type's
    /// distribution; their accuracy in a domain is c + (a − c) × skill, clamped to [0, 1], where
    /// c = 1/K is chance and skill the domain multiplier (default 1).
    public static func draw(spec: WorkforceSpec, task: TaskSpec, using rng: GSLRandom) throws(GSLError) -> Workforce {
        let typeSampler = try DiscreteSampler(weights: spec.types.map(\.share))
        let chance = 1 / Double(task.classes)
        let skills = task.domains.map { spec.domainSkill[$0.name] ?? 1 }
        var kinds: [WorkerKind] = []
        kinds.reserveCapacity(spec.workers)
        var accuracy = [Double](repeating: 0, count: spec.workers * skills.count)
        for worker in 0..<spec.workers {
            let type = spec.types[rng.sample(typeSampler)]
            kinds.append(type.kind)
            let base: Double
            switch type.accuracy {
            case .fixed(let value): base = value
            case .beta(let a, let b): base = rng.beta(a, b)
            }
            for (domain, skill) in skills.enumerated() {
                let value = type.kind == .adversarial ? base : chance + (base - chance) * skill
                accuracy[worker * skills.count + domain] = min(1, max(0, value))
            }
        }
        return Workforce(kinds: kinds, easyAccuracy: accuracy, domainCount: skills.count)
    }
}
