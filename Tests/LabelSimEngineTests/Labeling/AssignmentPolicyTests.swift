import Foundation
import LabelSimCore
import LabelSimEngine
import LabelSimGSL
import Testing

/// The O(1) worker draw (departed workers leave the alias table) against the reference rule it
/// replaced (rejection from the whole workforce), on every shipped vendor profile.
@Suite("Assignment policy on the shipped profiles")
struct AssignmentPolicyTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Scenarios/vendors").standardized.path

    static func vendors(items: Int) throws -> [VendorSpec] {
        let directory = VendorProfiles(directories: [profiles])
        // The classification vendor profiles (preference-rater profiles need a preference task).
        let list = ["mercor-like", "mturk-like", "scale-like", "surge-like"].map { "  - {name: \($0), use: \($0)}" }
            .joined(separator: "\n")
        let text = """
            name: t
            task: {classes: 4, domains: {general: 0.4, medical: 0.3, legal: 0.3}, difficulty: {beta: [2, 5]}}
            data: {train_items: \(items)}
            budget: {items: \(items)}
            vendors:
            \(list)
            """
        return try ScenarioDocument.parse(text: text, path: "<test>", profiles: directory).scenario.vendors
    }

    static func counts(_ outcome: LabelingOutcome, _ pool: ItemPool) -> [Int] {
        var counts = [Int](repeating: 0, count: 16)
        let matrix = outcome.matrix
        for item in 0..<matrix.itemCount {
            for slot in matrix.itemStart[item]..<matrix.itemStart[item + 1] {
                counts[Int(pool.classes[item]) * 4 + Int(matrix.labels[slot])] += 1
            }
        }
        return counts
    }

    @Test("label distributions and gold share within 4 SE of the reference rule; identical where nobody leaves")
    func matchesReference() throws {
        let items = 12_000
        let vendors = try Self.vendors(items: items)
        #expect(vendors.map(\.name) == ["mercor-like", "mturk-like", "scale-like", "surge-like"])
        let task = TaskSpec(
            classes: 4, prior: [0.25, 0.25, 0.25, 0.25],
            domains: [
                DomainShare(name: "general", share: 0.4), DomainShare(name: "medical", share: 0.3), DomainShare(name: "legal", share: 0.3),
            ],
            difficulty: .beta(2, 5))
        var withBans = 0
        for vendor in vendors {
            let setup = GSLRandom(seed: 31)
            let pool = try ItemPool.draw(task: task, count: items, using: setup)
            let workforce = try Workforce.draw(spec: vendor.workforce, task: task, defaultSeconds: vendor.secondsPerLabel, using: setup)
            let process = LabelingProcess(vendor: vendor, task: task, budget: .items(items), deadlineDays: nil, reviewer: nil)
            let fast = try process.run(pool: pool, workforce: workforce, using: GSLRandom(seed: 5))
            let reference = try process.withReferenceAssignment().run(pool: pool, workforce: workforce, using: GSLRandom(seed: 5))
            if fast.workersBanned == 0 && reference.workersBanned == 0 {
                #expect(fast.matrix.labels == reference.matrix.labels, "\(vendor.name)")
                #expect(fast.matrix.workers == reference.matrix.workers, "\(vendor.name)")
                continue
            }
            withBans += 1
            let a = Self.counts(fast, pool)
            let b = Self.counts(reference, pool)
            for truth in 0..<4 {
                let na = Double(a[(truth * 4)..<(truth * 4 + 4)].reduce(0, +))
                let nb = Double(b[(truth * 4)..<(truth * 4 + 4)].reduce(0, +))
                for label in 0..<4 {
                    let pooled = Double(a[truth * 4 + label] + b[truth * 4 + label]) / (na + nb)
                    let standardError = (pooled * (1 - pooled) * (1 / na + 1 / nb)).squareRoot()
                    let difference = Double(a[truth * 4 + label]) / na - Double(b[truth * 4 + label]) / nb
                    #expect(abs(difference) <= 4 * standardError, "\(vendor.name): true \(truth) label \(label)")
                }
            }
            let ga = Double(fast.goldLabels) / Double(fast.labelsBought)
            let gb = Double(reference.goldLabels) / Double(reference.labelsBought)
            let pooled = (ga + gb) / 2
            let standardError = (pooled * (1 - pooled) * (1 / Double(fast.labelsBought) + 1 / Double(reference.labelsBought))).squareRoot()
            #expect(abs(ga - gb) <= 4 * standardError, "\(vendor.name): gold share \(ga) vs \(gb)")
            #expect(fast.matrix.itemCount == items && reference.matrix.itemCount == items)
        }
        // scale-like bans workers at this size, so the two rules really differ there.
        #expect(withBans >= 1)
    }
}
