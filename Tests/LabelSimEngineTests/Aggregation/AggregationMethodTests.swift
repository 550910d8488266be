import LabelSimBench
import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

@Suite("Aggregation methods")
struct AggregationMethodTests {
    @Test("Dawid-Skene recovers each worker's confusion matrix (MAE < 0.05, >= 200 labels per worker)")
    func dawidSkeneRecoversConfusion() {
        let rng = GSLRandom(seed: 11)
        let classes = 3
        let confusion = (0..<20).map { _ in
            SimulatedCrowd.confusion(classes: classes, accuracy: 0.55 + 0.4 * rng.uniform(), using: rng)
        }
        let crowd = SimulatedCrowd(items: 3000, classes: classes, perItem: 6, confusion: confusion, using: rng)
        let fit = DawidSkene().fit(crowd.matrix, using: rng)
        var labelsPerWorker = [Int](repeating: 0, count: 20)
        for worker in crowd.matrix.workers { labelsPerWorker[Int(worker)] += 1 }
        #expect(labelsPerWorker.min() ?? 0 >= 200)
        var error = 0.0
        for worker in 0..<20 {
            let estimate = fit.confusionMatrix(worker: worker)
            for k in 0..<classes {
                for l in 0..<classes { error += abs(estimate[k][l] - confusion[worker][k][l]) }
            }
        }
        let meanError = error / Double(20 * classes * classes)
        #expect(meanError < 0.05, "mean absolute error \(meanError)")
    }

    @Test("One-coin Dawid-Skene recovers worker accuracies")
    func oneCoinRecoversAccuracy() {
        let rng = GSLRandom(seed: 5)
        let classes = 4
        let accuracy = (0..<30).map { _ in rng.beta(8, 2) }
        let confusion = accuracy.map { p in
            (0..<classes).map { k in (0..<classes).map { l in l == k ? p : (1 - p) / Double(classes - 1) } }
        }
        let crowd = SimulatedCrowd(items: 3000, classes: classes, perItem: 5, confusion: confusion, using: rng)
        let result = OneCoinDawidSkene().aggregate(crowd.matrix, using: rng)
        let skill = result.workerSkill ?? []
        #expect(skill.count == 30)
        let error = zip(skill, accuracy).map { abs($0 - $1) }.reduce(0, +) / 30
        #expect(error < 0.03, "mean absolute error \(error)")
    }

    @Test("GLAD ranks planted hard items as hard")
    func gladFindsHardItems() {
        let rng = GSLRandom(seed: 3)
        let classes = 4
        let confusion = (0..<40).map { _ in SimulatedCrowd.confusion(classes: classes, accuracy: 0.85, using: rng) }
        let hard = Set((0..<2000).filter { $0 % 10 == 0 })
        let crowd = SimulatedCrowd(
            items: 2000, classes: classes, perItem: 7, confusion: confusion, difficultItems: hard, using: rng)
        let fit = GLAD().fit(crowd.matrix, using: rng)
        let beta = fit.inverseDifficulties
        let hardMean = hard.map { beta[$0] }.reduce(0, +) / Double(hard.count)
        let easyMean = (0..<2000).filter { !hard.contains($0) }.map { beta[$0] }.reduce(0, +) / Double(2000 - hard.count)
        #expect(hardMean < easyMean)
        let hardest = (0..<2000).sorted { beta[$0] < beta[$1] }.prefix(hard.count)
        let planted = hardest.filter { hard.contains($0) }.count
        #expect(Double(planted) / Double(hard.count) > 0.6, "\(planted) of the \(hard.count) hardest are planted")
    }

    /// Worker 0 gives one label, item 1 has none, class 2 is never chosen, items 2–4 are unanimous.
    static let degenerate = AnnotationMatrix(
        itemCount: 5, workerCount: 3, classCount: 3,
        triples: [
            (0, 0, 1), (2, 1, 0), (2, 2, 0), (3, 1, 1), (3, 2, 1), (4, 1, 0), (4, 2, 0),
        ])

    @Test("No NaN on degenerate inputs", arguments: AggregationMethod.allCases)
    func degenerateInputs(method: AggregationMethod) {
        for matrix in [
            Self.degenerate,
            AnnotationMatrix(itemCount: 0, workerCount: 0, classCount: 2, triples: []),
            AnnotationMatrix(itemCount: 3, workerCount: 2, classCount: 2, triples: []),
            AnnotationMatrix(itemCount: 2, workerCount: 2, classCount: 2, triples: [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)]),
            AnnotationMatrix(itemCount: 2, workerCount: 1, classCount: 1, triples: [(0, 0, 0), (1, 0, 0)]),
        ] {
            let result = method.aggregator.aggregate(matrix, using: GSLRandom(seed: 1))
            #expect(result.labels.count == matrix.itemCount)
            #expect(result.posteriors.count == matrix.itemCount * matrix.classCount)
            #expect(result.posteriors.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 + 1e-12 })
            #expect(result.workerSkill?.allSatisfy(\.isFinite) ?? true)
            for item in 0..<matrix.itemCount {
                let row = result.posteriors[item * matrix.classCount..<(item + 1) * matrix.classCount]
                #expect(abs(row.reduce(0, +) - 1) < 1e-9)
                let labelled = matrix.itemStart[item + 1] > matrix.itemStart[item]
                #expect(labelled ? result.labels[item] >= 0 : result.labels[item] == -1)
            }
        }
        let unanimous = method.aggregator.aggregate(Self.degenerate, using: GSLRandom(seed: 1))
        #expect(unanimous.labels[2] == 0 && unanimous.labels[3] == 1 && unanimous.labels[4] == 0)
    }

    @Test(
        "Each method is reached by its scenario name, is reproducible, and the EM methods beat majority vote on varied workers",
        arguments: AggregationMethod.allCases)
    func namesAndAccuracy(method: AggregationMethod) throws {
        let text = """
            budget: {dollars: 100}
            vendors:
              - name: v
                pricing: {per_label: 1}
                workforce: {workers: 5}
                quality: {redundancy: 3, aggregation: \(method.rawValue)}
            """
        #expect(try ScenarioDocument.parse(text: text, path: "a.yaml").scenario.vendors[0].quality.aggregation == method)
        // Worker accuracy ~ Beta(2, 2) over 3 classes: many workers near or below chance, which
        // majority vote cannot tell from good ones (it scores 0.654 here; the EM methods 0.78–0.81,
        // Wawa 0.73). A broken EM stuck at its majority-vote start fails the bar.
        let data = OneCoinCrowd(items: 1000, classes: 3, workers: 50, redundancy: 5, accuracyBeta: (2, 2)).generate(
            using: GSLRandom(seed: 9))
        let first = method.aggregator.aggregate(data.matrix, using: GSLRandom(seed: 2))
        let second = method.aggregator.aggregate(data.matrix, using: GSLRandom(seed: 2))
        #expect(first.labels == second.labels)
        #expect(first.posteriors == second.posteriors)
        func accuracy(_ labels: [Int32]) -> Double { Double(zip(labels, data.truth).filter { $0 == $1 }.count) / 1000 }
        let majority = accuracy(MajorityVote().aggregate(data.matrix, using: GSLRandom(seed: 2)).labels)
        let observed = accuracy(first.labels)
        switch method {
        case .majority: #expect(observed > 0.6, "\(observed)")
        case .wawa: #expect(observed >= majority + 0.04, "wawa \(observed), majority \(majority)")
        case .dawidSkene, .oneCoin, .glad, .mace: #expect(observed >= majority + 0.08, "\(method) \(observed), majority \(majority)")
        }
    }

    @Test("Raw names are the command-line names")
    func rawNames() {
        #expect(AggregationMethod.allCases.map(\.rawValue) == ["majority", "wawa", "dawid-skene", "one-coin", "glad", "mace"])
    }

    @Test("The chunked parallel Dawid-Skene sweep is reproducible; small data stays in one chunk")
    func chunkedSweepIsDeterministic() {
        let data = OneCoinCrowd(items: 60_000, classes: 2, workers: 200, redundancy: 3).generate(using: GSLRandom(seed: 4))
        let small = DawidSkene.ChunkPlan(itemCount: 6_000, labelCount: 18_000, classes: 2, cells: 800)
        #expect(small.chunkCount == 1)
        let plan = DawidSkene.ChunkPlan(itemCount: 60_000, labelCount: 180_000, classes: 2, cells: 800)
        #expect(plan.chunkCount == 3)
        #expect(plan.items(2) == 40_000..<60_000)
        let big = OneCoinCrowd(items: 70_000, classes: 2, workers: 200, redundancy: 5).generate(using: GSLRandom(seed: 4))
        let a = DawidSkene().aggregate(big.matrix, using: GSLRandom(seed: 1))
        let b = DawidSkene().aggregate(big.matrix, using: GSLRandom(seed: 1))
        #expect(a.posteriors == b.posteriors)
        #expect(data.matrix.labelCount == 180_000)
    }

    @Test(
        "Dawid-Skene with K = 5 (compile-time width) and 7 (run-time width) on items with 1,000 labels (log-space redo)",
        arguments: [5, 7])
    func dawidSkeneHeavyItems(classes: Int) {
        let data = OneCoinCrowd(items: 3000, classes: classes, workers: 1000, redundancy: 5).generate(using: GSLRandom(seed: 6))
        var triples: [(item: Int, worker: Int, label: Int)] = []
        let base = data.matrix
        for item in 0..<base.itemCount {
            for slot in base.itemStart[item]..<base.itemStart[item + 1] {
                triples.append((item, Int(base.workers[slot]), Int(base.labels[slot])))
            }
        }
        // Item 3000: every worker, labels spread evenly (each class's product underflows);
        // item 3001: 700 workers say 3, the other 300 spread their labels.
        for worker in 0..<1000 {
            triples.append((3000, worker, worker % classes))
            triples.append((3001, worker, worker < 700 ? 3 : worker % classes))
        }
        let matrix = AnnotationMatrix(itemCount: 3002, workerCount: 1000, classCount: classes, triples: triples)
        let a = DawidSkene().aggregate(matrix, using: GSLRandom(seed: 1))
        let b = DawidSkene().aggregate(matrix, using: GSLRandom(seed: 1))
        #expect(a.posteriors == b.posteriors)
        #expect(a.posteriors.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 + 1e-12 })
        for item in [3000, 3001] {
            let row = a.posteriors[item * classes..<(item + 1) * classes]
            #expect(abs(row.reduce(0, +) - 1) < 1e-9)
        }
        #expect(a.labels[3001] == 3)
        let correct = zip(a.labels.prefix(3000), data.truth).filter { $0 == $1 }.count
        #expect(Double(correct) / 3000 > 0.9)
    }
}
