import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

@Suite("Response model")
struct ResponseModelTests {
    func labels(kind: WorkerKind, accuracy: Double, difficulty: Double, classes: Int = 4) throws -> (AnnotationMatrix, ItemPool) {
        let task = TaskSpec(
            classes: classes, prior: Array(repeating: 1 / Double(classes), count: classes),
            domains: [DomainShare(name: "general", share: 1)], difficulty: .fixed(difficulty))
        let rng = GSLRandom(seed: 99)
        let pool = try ItemPool.draw(task: task, count: 50_000, using: rng)
        let spec = WorkforceSpec(workers: 20, types: [WorkerTypeSpec(share: 1, kind: kind, accuracy: .fixed(accuracy))], domainSkill: [:])
        let workforce = try Workforce.draw(spec: spec, task: task, using: rng)
        let matrix = LabelGenerator(classes: classes, redundancy: 3).generate(
            items: pool.count, pool: pool, workforce: workforce, using: rng)
        return (matrix, pool)
    }

    func shareCorrect(_ matrix: AnnotationMatrix, _ pool: ItemPool) -> Double {
        var correct = 0
        for item in 0..<matrix.itemCount {
            for slot in matrix.itemStart[item]..<matrix.itemStart[item + 1] where matrix.labels[slot] == pool.classes[item] {
                correct += 1
            }
        }
        return Double(correct) / Double(matrix.labelCount)
    }

    @Test(
        "share of correct labels is c + (a − c)(1 − d), spammers at chance, adversaries at 1 − a",
        arguments: [
            (WorkerKind.diligent, 0.9, 0.0, 0.9), (.diligent, 0.9, 0.5, 0.25 + 0.65 * 0.5), (.diligent, 0.9, 1.0, 0.25),
            (.spammer, 0.9, 0.0, 0.25), (.adversarial, 0.8, 0.0, 0.2),
        ])
    func correctShare(kind: WorkerKind, accuracy: Double, difficulty: Double, expected: Double) throws {
        let (matrix, pool) = try labels(kind: kind, accuracy: accuracy, difficulty: difficulty)
        let observed = shareCorrect(matrix, pool)
        let standardError = (expected * (1 - expected) / Double(matrix.labelCount)).squareRoot()
        #expect(abs(observed - expected) < 4 * max(standardError, 1e-9))
    }

    @Test("wrong labels spread uniformly over the other classes")
    func uniformErrors() throws {
        let (matrix, pool) = try labels(kind: .diligent, accuracy: 0.4, difficulty: 0)
        var wrongByOffset = [0, 0, 0]
        for item in 0..<matrix.itemCount {
            for slot in matrix.itemStart[item]..<matrix.itemStart[item + 1] where matrix.labels[slot] != pool.classes[item] {
                wrongByOffset[(Int(matrix.labels[slot]) - Int(pool.classes[item]) + 4) % 4 - 1] += 1
            }
        }
        let total = Double(wrongByOffset.reduce(0, +))
        for count in wrongByOffset {
            let standardError = (1.0 / 3 * 2 / 3 / total).squareRoot()
            #expect(abs(Double(count) / total - 1.0 / 3) < 4 * standardError)
        }
    }

    @Test("each item gets distinct workers")
    func distinctWorkers() throws {
        let (matrix, _) = try labels(kind: .diligent, accuracy: 0.8, difficulty: 0)
        for item in 0..<matrix.itemCount {
            let workers = matrix.workers[matrix.itemStart[item]..<matrix.itemStart[item + 1]]
            #expect(Set(workers).count == workers.count)
        }
    }

    @Test("domain skill scales accuracy above chance")
    func domainSkill() throws {
        let task = TaskSpec(
            classes: 4, prior: [0.25, 0.25, 0.25, 0.25],
            domains: [DomainShare(name: "general", share: 0.5), DomainShare(name: "medical", share: 0.5)], difficulty: .fixed(0))
        let spec = WorkforceSpec(
            workers: 3, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.85))], domainSkill: ["medical": 0.5])
        let workforce = try Workforce.draw(spec: spec, task: task, using: GSLRandom(seed: 1))
        #expect(workforce.easyAccuracy[0] == 0.85)
        #expect(abs(workforce.easyAccuracy[1] - (0.25 + 0.6 * 0.5)) < 1e-15)
    }

    @Test("redundancy above the workforce labels each item once by every worker instead of looping")
    func redundancyAboveWorkers() throws {
        let task = TaskSpec(classes: 2, prior: [0.5, 0.5], domains: [DomainShare(name: "general", share: 1)], difficulty: .fixed(0))
        let rng = GSLRandom(seed: 7)
        let pool = try ItemPool.draw(task: task, count: 50, using: rng)
        let spec = WorkforceSpec(workers: 3, types: [WorkerTypeSpec(share: 1, kind: .diligent, accuracy: .fixed(0.9))], domainSkill: [:])
        let workforce = try Workforce.draw(spec: spec, task: task, using: rng)
        let matrix = LabelGenerator(classes: 2, redundancy: 5).generate(items: 50, pool: pool, workforce: workforce, using: rng)
        #expect(matrix.labelCount == 150)
        for item in 0..<50 {
            #expect(Set(matrix.workers[matrix.itemStart[item]..<matrix.itemStart[item + 1]]) == [0, 1, 2])
        }
    }
}
