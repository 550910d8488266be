import Foundation
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// A scenario from YAML text (the parser's validation included).
func realismScenario(_ text: String) throws -> Scenario {
    try ScenarioParser.scenario(from: ConfigNode.parse(yaml: text, file: "test.yaml"), file: "test.yaml")
}

/// Replication `index` of vendor 0: its pool and delivered labels.
func delivered(_ scenario: Scenario, index: Int = 0) throws -> (pool: ItemPool, matrix: AnnotationMatrix) {
    let replication = try Replication(scenario: scenario)
    let world = try replication.world(index: index)
    let rng = GSLRandom(seed: StreamSeed.derive(seed: scenario.seed, replication: index, stream: .vendor(0)))
    return (world.pool, try replication.label(vendorIndex: 0, replication: index, pool: world.pool, using: rng).matrix)
}

@Suite("Realism: misleading items, class-conditional workers, seeing through")
struct RealismModelTests {
    static func yaml(task: String, types: String, redundancy: Int, items: Int, workers: Int = 200, seed: Int = 11) -> String {
        """
        seed: \(seed)
        replications: 1
        task: \(task)
        data: {train_items: \(items)}
        budget: {items: \(items)}
        vendors:
          - name: crowd
            pricing: {per_label: 0.1}
            workforce: {workers: \(workers), types: \(types), workload: {zipf: 0.5}}
            quality: {redundancy: \(redundancy)}
        """
    }

    static func labelAccuracy(_ pool: ItemPool, _ matrix: AnnotationMatrix) -> Double {
        var correct = 0
        for item in 0..<matrix.itemCount {
            for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] where matrix.labels[entry] == pool.classes[item] {
                correct += 1
            }
        }
        return Double(correct) / Double(matrix.labelCount)
    }

    @Test("π = 0, ρ = 0: equal per-class accuracies give the one-coin label distribution, both at the exact p (4 SE)")
    func zeroMisleadingIsTheBasicModel() throws {
        let task = "{classes: 3, difficulty: {beta: [2, 5]}, misleading: {share: 0, concentration: 0}}"
        let oneCoin = try delivered(
            realismScenario(Self.yaml(task: task, types: "[{share: 1, accuracy: 0.8}]", redundancy: 3, items: 20000)))
        let byClass = try delivered(
            realismScenario(
                Self.yaml(task: task, types: "[{share: 1, accuracy: {by_class: [0.8, 0.8, 0.8]}}]", redundancy: 3, items: 20000)))
        // p = c + (a − c)(1 − E d) with E d = 2/7; labels of one item share d, so the SE uses items.
        let exact = 1.0 / 3 + (0.8 - 1.0 / 3) * (1 - 2.0 / 7)
        let se = (exact * (1 - exact) / 20000).squareRoot() * 1.5
        for (pool, matrix) in [oneCoin, byClass] {
            #expect(abs(Self.labelAccuracy(pool, matrix) - exact) < 4 * se)
            // Wrong labels stay uniform over the two other classes.
            var wrong = [Int](repeating: 0, count: 3)
            for item in 0..<matrix.itemCount {
                for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] where matrix.labels[entry] != pool.classes[item] {
                    wrong[(Int(matrix.labels[entry]) - Int(pool.classes[item]) + 3) % 3] += 1
                }
            }
            let share = Double(wrong[1]) / Double(wrong[1] + wrong[2])
            #expect(abs(share - 0.5) < 4 * (0.25 / Double(wrong[1] + wrong[2])).squareRoot() * 1.5)
        }
    }

    @Test(
        "ambiguous items at level t: perfect workers give the confusable class on exactly a share t of their labels, label by label (4 SE)")
    func ambiguousItemsSplitWorkers() throws {
        // K = 2, perfect workers: a label is wrong exactly when it perceives z, so on ambiguous
        // items the wrong share is t, and items split (neither all right nor all wrong).
        let task = "{classes: 2, misleading: {ambiguous: {values: [0.3], share: [0.5]}}}"
        let scenario = try realismScenario(Self.yaml(task: task, types: "[{share: 1, accuracy: 1}]", redundancy: 5, items: 4000))
        let (pool, matrix) = try delivered(scenario)
        var wrong = 0
        var labels = 0
        var split = 0
        var ambiguousItems = 0
        for item in 0..<matrix.itemCount {
            let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
            let misses = range.filter { matrix.labels[$0] != pool.classes[item] }.count
            if pool.ambiguity[item] == 0 {
                #expect(misses == 0)
                continue
            }
            ambiguousItems += 1
            wrong += misses
            labels += range.count
            if misses > 0 && misses < range.count { split += 1 }
        }
        let items = Double(matrix.itemCount)
        #expect(abs(Double(ambiguousItems) / items - 0.5) < 4 * (0.25 / items).squareRoot())
        let share = Double(wrong) / Double(labels)
        #expect(abs(share - 0.3) < 4 * (0.21 / Double(labels)).squareRoot())
        // Five independent labels split unless all agree: 1 − 0.3⁵ − 0.7⁵.
        let exactSplit = 1 - Foundation.pow(0.3, 5.0) - Foundation.pow(0.7, 5.0)
        #expect(
            abs(Double(split) / Double(ambiguousItems) - exactSplit) < 4
                * (exactSplit * (1 - exactSplit) / Double(ambiguousItems)).squareRoot())
    }

    @Test("a misleading share π nobody sees through: majority vote at large k tends to exactly 1 − π (4 SE)")
    func majorityCeiling() throws {
        let scenario = try realismScenario(
            Self.yaml(task: "{classes: 2, misleading: {share: 0.2}}", types: "[{share: 1, accuracy: 0.9}]", redundancy: 41, items: 3000))
        let (pool, matrix) = try delivered(scenario)
        let result = MajorityVote().aggregate(matrix, using: GSLRandom(seed: 1))
        var correct = 0
        for item in 0..<matrix.itemCount where result.labels[item] == pool.classes[item] { correct += 1 }
        let accuracy = Double(correct) / Double(matrix.itemCount)
        // P(Bin(41, 0.9) ≤ 20) < 1e-12: the majority is right exactly on the ordinary items.
        let se = (0.2 * 0.8 / 3000).squareRoot()
        #expect(abs(accuracy - 0.8) < 4 * se)
        let misleading = pool.misleading.prefix(matrix.itemCount).filter { $0 }.count
        #expect(correct == matrix.itemCount - misleading)
    }

    @Test("sees_through 1: misleading items cost nothing (the same labels as without them)")
    func seeingThroughIsFree() throws {
        let types = "[{share: 1, accuracy: {by_class: [0.85, 0.7, 0.75]}, sees_through: 1}]"
        let with = try delivered(
            realismScenario(
                Self.yaml(
                    task: "{classes: 3, difficulty: {beta: [1, 4]}, misleading: {share: 0.3}}", types: types, redundancy: 5, items: 2000)))
        let without = try delivered(
            realismScenario(Self.yaml(task: "{classes: 3, difficulty: {beta: [1, 4]}}", types: types, redundancy: 5, items: 2000)))
        #expect(with.pool.misleading.filter { $0 }.count > 400)
        #expect(with.pool.classes == without.pool.classes)
        #expect(with.matrix.labels == without.matrix.labels)
        #expect(with.matrix.workers == without.matrix.workers)
    }

    @Test("concentration ρ sends ρ + (1 − ρ)/(K − 1) of the wrong labels to the pair's other class (4 SE)")
    func concentration() throws {
        let scenario = try realismScenario(
            Self.yaml(
                task: "{classes: 4, misleading: {share: 0, concentration: 0.5}}", types: "[{share: 1, accuracy: 0.6}]", redundancy: 3,
                items: 20000))
        let (pool, matrix) = try delivered(scenario)
        var pair = 0
        var wrong = 0
        for item in 0..<matrix.itemCount {
            for entry in matrix.itemStart[item]..<matrix.itemStart[item + 1] where matrix.labels[entry] != pool.classes[item] {
                wrong += 1
                if matrix.labels[entry] == pool.confusable[item] { pair += 1 }
            }
        }
        let expected = 0.5 + 0.5 / 3
        #expect(abs(Double(pair) / Double(wrong) - expected) < 4 * (expected * (1 - expected) / Double(wrong)).squareRoot() * 1.5)
    }

    @Test("biased spammers answer by their weights (4 SE)")
    func biasedSpammers() throws {
        let scenario = try realismScenario(
            Self.yaml(
                task: "{classes: 2}", types: "[{share: 1, kind: spammer, answers: {weights: [0.8, 0.2]}}]", redundancy: 2, items: 10000))
        let (_, matrix) = try delivered(scenario)
        let zeros = Double(matrix.labels.filter { $0 == 0 }.count) / Double(matrix.labelCount)
        #expect(abs(zeros - 0.8) < 4 * (0.16 / Double(matrix.labelCount)).squareRoot())
    }

    @Test("Dawid–Skene recovers simulated per-class accuracies")
    func dawidSkeneRecoversClassAccuracies() throws {
        let scenario = try realismScenario(
            Self.yaml(
                task: "{classes: 2}", types: "[{share: 1, accuracy: {by_class: [0.9, 0.65]}}]", redundancy: 5, items: 4000, workers: 40))
        let (_, matrix) = try delivered(scenario)
        let fit = DawidSkene().fit(matrix, using: GSLRandom(seed: 2))
        var diagonal = [0.0, 0.0]
        for worker in 0..<matrix.workerCount {
            let rows = fit.confusionMatrix(worker: worker)
            diagonal[0] += rows[0][0] / Double(matrix.workerCount)
            diagonal[1] += rows[1][1] / Double(matrix.workerCount)
        }
        #expect(abs(diagonal[0] - 0.9) < 0.02)
        #expect(abs(diagonal[1] - 0.65) < 0.02)
    }

    @Test("same seed, same labels with every realism key on")
    func deterministic() throws {
        let text = Self.yaml(
            task:
                "{classes: 3, domains: {general: 0.5, medical: 0.5}, misleading: {share: 0.1, by_domain: {medical: 0.3}, concentration: 0.4}}",
            types:
                "[{share: 0.8, accuracy: {by_class: [0.9, 0.7, 0.8]}, sees_through: {medical: 0.5}}, {share: 0.2, kind: spammer, answers: {weights: [0.5, 0.3, 0.2]}, workload: 3}]",
            redundancy: 3, items: 500)
        let first = try delivered(realismScenario(text))
        let second = try delivered(realismScenario(text))
        #expect(first.matrix.labels == second.matrix.labels)
        #expect(first.pool.misleading == second.pool.misleading)
        #expect(Array(first.matrix.labels.prefix(12)) == [0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 2, 1])
    }
}
