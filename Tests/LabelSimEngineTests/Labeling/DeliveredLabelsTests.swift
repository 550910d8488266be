import LabelSimCore
import LabelSimGSL
import Testing

@testable import LabelSimEngine

/// The flat label store of the general process: holes left by bans, filled in place by top-ups,
/// squeezed out when the store becomes the annotation matrix.
@Suite("Delivered labels")
struct DeliveredLabelsTests {
    @Test("a ban leaves holes, the top-up fills them in place, the matrix squeezes the rest out")
    func holesAndTopUps() {
        var store = DeliveredLabels(workers: 4, stride: 3, tracksWorkers: true)
        store.reserve(labels: 6, items: 2)
        for (item, workers) in [[0, 1, 2], [1, 3, 0]].enumerated() {
            store.start()
            var cursor = store.slots(of: item).lowerBound
            for (offset, worker) in workers.enumerated() {
                store.put(item: item, worker: worker, label: Int32(offset), cursor: &cursor)
            }
        }
        var touched: [Int] = []
        store.throwAway(1, finishedBelow: 2, into: &touched)
        // Most recent first: worker 1's label on item 1, then on item 0.
        #expect(touched == [1, 0])
        // Holes are made for many items at once: the slots past the started items stay holes.
        #expect(Array(store.label.prefix(6)) == [0, -1, 2, -1, 1, 2])
        #expect(store.label.dropFirst(6).allSatisfy { $0 == -1 })
        var cursor = store.slots(of: 0).lowerBound
        store.put(item: 0, worker: 3, label: 3, cursor: &cursor)
        #expect(store.worker[1] == 3 && store.label[1] == 3)
        let matrix = store.matrix(items: 2, workers: 4, classes: 4)
        #expect(matrix.itemStart == [0, 3, 5])
        #expect(matrix.workers == [0, 3, 2, 3, 0])
        #expect(matrix.labels == [0, 3, 2, 1, 2])
    }

    @Test("a worker's slot list spans many blocks; a ban clears every one of them and its blocks are reused")
    func slotListsOverManyBlocks() {
        // 50 items of 2 slots: worker 0 labels every item; the second slot is worker 1's on even
        // items, worker 2's on odd ones.
        var store = DeliveredLabels(workers: 3, stride: 2, tracksWorkers: true)
        store.reserve(labels: 100, items: 50)
        for item in 0..<50 {
            store.start()
            var cursor = store.slots(of: item).lowerBound
            store.put(item: item, worker: 0, label: 0, cursor: &cursor)
            store.put(item: item, worker: 1 + item % 2, label: 1, cursor: &cursor)
        }
        var touched: [Int] = []
        store.throwAway(0, finishedBelow: 40, into: &touched)
        // Every item worker 0 was on below 40, most recent first; all 50 of their slots are holes.
        #expect(touched == Array((0..<40).reversed()))
        #expect((0..<50).allSatisfy { store.label[2 * $0] == -1 && store.label[2 * $0 + 1] == 1 })
        // Worker 2 refills the holes (their list reuses worker 0's freed blocks), then is banned too.
        for item in 0..<50 {
            var cursor = store.slots(of: item).lowerBound
            if item % 2 == 0 { store.put(item: item, worker: 2, label: 2, cursor: &cursor) }
        }
        touched.removeAll()
        store.throwAway(2, finishedBelow: 50, into: &touched)
        #expect(touched.sorted() == Array(0..<50))
        #expect((0..<50).allSatisfy { store.label[2 * $0] == -1 })
        #expect((0..<50).allSatisfy { store.label[2 * $0 + 1] == ($0 % 2 == 0 ? 1 : -1) })
        // Worker 1 keeps the odd items' second slots.
        let matrix = store.matrix(items: 50, workers: 3, classes: 3)
        #expect(matrix.workers == [Int32](repeating: 1, count: 25))
        #expect(matrix.itemStart[50] == 25)
    }

    @Test("without a stride, items take consecutive slots and the unfinished last one is left out")
    func consecutiveSlots() {
        var store = DeliveredLabels(workers: 3, stride: nil, tracksWorkers: false)
        for (item, count) in [2, 4, 1].enumerated() {
            store.start()
            var cursor = store.slots(of: item).lowerBound
            for worker in 0..<count { store.put(item: item, worker: worker % 3, label: Int32(item), cursor: &cursor) }
        }
        #expect(store.slots(of: 1) == 2..<6)
        let matrix = store.matrix(items: 2, workers: 3, classes: 3)
        #expect(matrix.itemStart == [0, 2, 6])
        #expect(matrix.labels == [0, 0, 1, 1, 1, 1])
    }

    /// Runs the general process on a crowd with many spammers, gold and banning; returns the
    /// outcome and who got banned.
    static func bannedRun(redundancy: RedundancySpec, items: Int) throws -> (LabelingOutcome, [Bool], ItemPool) {
        let workforce = WorkforceSpec(
            workers: 200,
            types: [
                WorkerTypeSpec(share: 0.7, kind: .diligent, accuracy: .beta(20, 3)),
                WorkerTypeSpec(share: 0.3, kind: .spammer, accuracy: .fixed(0)),
            ], domainSkill: [:], workload: .zipf(0.8))
        let quality = QualitySpec(redundancy: redundancy, aggregation: .majority, goldFraction: 0.2, banBelow: 0.5, goldMin: 8)
        let vendor = VendorSpec(
            name: "v", pricing: .perLabel(dollars: 0.1), labelsPerHour: 1000, workforce: workforce, quality: quality, secondsPerLabel: 30)
        let task = TaskSpec(
            classes: 3, prior: [1, 1, 1].map { $0 / 3 }, domains: [DomainShare(name: "general", share: 1)], difficulty: .beta(1, 4))
        let rng = GSLRandom(seed: 17)
        let pool = try ItemPool.draw(task: task, count: items, using: rng)
        let force = try Workforce.draw(spec: workforce, task: task, using: rng)
        let process = LabelingProcess(vendor: vendor, task: task, budget: .items(items), deadlineDays: nil, reviewer: nil)
        let draws = BufferedUniforms(rng)
        var run = try LabelingRun(process: process, pool: pool, workforce: force, draws: draws)
        run.labelAll()
        draws.finish()
        let banned = run.gold.banned
        return (run.outcome(), banned, pool)
    }

    @Test("after bans every item has its redundancy of distinct workers, none of them banned")
    func fixedRedundancyAfterBans() throws {
        let (outcome, banned, _) = try Self.bannedRun(redundancy: .fixed(4), items: 5000)
        let matrix = outcome.matrix
        #expect(outcome.workersBanned > 20)
        #expect(matrix.itemCount == 5000)
        for item in 0..<matrix.itemCount {
            let workers = matrix.workers[matrix.itemStart[item]..<matrix.itemStart[item + 1]]
            #expect(workers.count == 4)
            #expect(Set(workers).count == 4)
            #expect(!workers.contains { banned[Int($0)] })
        }
        #expect(matrix.labels.allSatisfy { $0 >= 0 && $0 < 3 })
    }

    @Test("adaptive redundancy with bans: the rule holds again after each top-up, within max labels")
    func adaptiveRedundancyAfterBans() throws {
        let (outcome, banned, _) = try Self.bannedRun(redundancy: .adaptive(min: 2, max: 6, agreement: 0.75), items: 5000)
        let matrix = outcome.matrix
        #expect(outcome.workersBanned > 20)
        var grown = 0
        for item in 0..<matrix.itemCount {
            let range = matrix.itemStart[item]..<matrix.itemStart[item + 1]
            let workers = matrix.workers[range]
            #expect(range.count >= 2 && range.count <= 6)
            #expect(Set(workers).count == range.count)
            #expect(!workers.contains { banned[Int($0)] })
            var votes = [0, 0, 0]
            for slot in range { votes[Int(matrix.labels[slot])] += 1 }
            let agreed = Double(votes.max() ?? 0) >= 0.75 * Double(range.count)
            #expect(agreed || range.count == 6)
            if range.count > 2 { grown += 1 }
        }
        #expect(grown > 100)
    }

    @Test("the top-up order: DescendingSort agrees with the library sort, on the bit route and the comparison route")
    func sortDescendingAgrees() {
        let rng = GSLRandom(seed: 3)
        var sorter = DescendingSort()
        // Gaps up to 64 keep the lists on the bit route; gap 300,000 spreads short lists past
        // 4 summary words an item (the comparison route); one far outlier widens a dense list.
        for gap in [1, 3, 64, 5_000, 300_000] {
            for length in [0, 1, 2, 7, 63, 64, 65, 100, 1000] {
                // Descending with some entries moved far (as top-up labels are), then fully shuffled.
                var nearly = Array((0..<length).map { 17 + $0 * gap }.reversed())
                for _ in 0..<(length / 10) {
                    let from = rng.uniformInt(length)
                    let to = rng.uniformInt(length)
                    nearly.swapAt(from, to)
                }
                var shuffled = nearly
                for index in stride(from: length - 1, to: 0, by: -1) { shuffled.swapAt(index, rng.uniformInt(index + 1)) }
                var outlier = shuffled
                if length > 2 { outlier[length / 2] = 10_000_000 + rng.uniformInt(1000) }
                for list in [nearly, shuffled, outlier] where Set(list).count == list.count {
                    var mine = list
                    sorter.sort(&mine)
                    #expect(mine == list.sorted(by: >), "gap \(gap), length \(length)")
                    // The scratch is left all zero for the next call.
                    #expect(sorter.isClear, "gap \(gap), length \(length)")
                }
            }
        }
        // The bit route was taken (the scratch grew).
        #expect(sorter.hasBits)
    }
}
