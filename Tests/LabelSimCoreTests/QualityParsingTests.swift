import Foundation
import LabelSimCore
import Testing

@Suite("Quality-control keys and vendor profiles")
struct QualityParsingTests {
    let base = """
        budget: {dollars: 100}
        vendors:
          - name: crowd
            pricing: {per_label: 0.1}
            workforce: {workers: 20}
          - name: expert
            pricing: {per_hour: 100, seconds_per_label: 36}
            workforce: {workers: 3}
        """

    func problems(_ overrides: [String], profiles: VendorProfiles = VendorProfiles(directories: [])) -> [String] {
        do {
            _ = try ScenarioDocument.parse(text: base, path: "q.yaml", overrides: overrides, profiles: profiles)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("every new key parses")
    func parses() throws {
        let scenario = try ScenarioDocument.parse(
            text: base, path: "q.yaml",
            overrides: [
                "vendors.crowd.quality={redundancy: {min: 2, max: 7, agreement: 0.8}, gold_fraction: 0.1, ban_below: 0.6, gold_min: 5, review: {vendor: expert, below_agreement: 0.7}, overhead: 0.2}",
                "vendors.crowd.workforce={workers: 20, confusion: {dirichlet: 0.5}, workload: {lognormal: [0, 1]}, seconds_per_label: {lognormal: [3, 0.5]}, hours_per_day: 6, types: [{share: 0.9, accuracy: {general: {beta: [8, 2]}}}, {share: 0.1, kind: spammer, answers: constant}]}",
                "budget.deadline_days=3",
            ]
        ).scenario
        let crowd = scenario.vendors[0]
        #expect(crowd.quality.redundancy == .adaptive(min: 2, max: 7, agreement: 0.8))
        #expect(crowd.quality.review == ReviewSpec(vendor: "expert", belowAgreement: 0.7))
        #expect(crowd.quality.banBelow == 0.6)
        #expect(crowd.quality.goldMin == 5)
        #expect(crowd.quality.overhead == 0.2)
        #expect(crowd.workforce.confusion == .dirichlet(0.5))
        #expect(crowd.workforce.workload == .lognormal(0, 1))
        #expect(crowd.workforce.secondsPerLabel == .lognormal(3, 0.5))
        #expect(crowd.workforce.types[0].domainAccuracy == ["general": .beta(8, 2)])
        #expect(crowd.workforce.types[1].answers == .constant)
        #expect(scenario.deadlineDays == 3)
        #expect(abs(crowd.secondsPerLabel - Foundation.exp(3.125)) < 1e-9)
    }

    @Test(
        "bad quality settings are reported",
        arguments: [
            (
                "vendors.crowd.quality.review={vendor: nobody, below_agreement: 0.5}",
                "vendors.crowd.quality.review.vendor: no vendor named 'nobody'"
            ),
            ("vendors.crowd.quality.review={vendor: crowd, below_agreement: 0.5}", "a vendor cannot review its own labels"),
            ("vendors.crowd.quality.redundancy={min: 5, max: 3, agreement: 0.8}", "max (3) is below min (5)"),
            ("vendors.crowd.quality.ban_below=0.5", "banning needs gold questions"),
            ("vendors.crowd.quality.gold_fraction=1", "must be below 1"),
            ("vendors.crowd.workforce.workload={zipf: -1}", "vendors.crowd.workforce.workload.zipf: must be positive"),
            ("vendors.crowd.workforce.confusion=diagonal", "expected uniform, ordinal or {dirichlet: alpha}"),
            ("vendors.crowd.workforce.types=[{share: 1, kind: spammer, answers: always}]", "unknown answers 'always'"),
            ("vendors.crowd.workforce.types=[{share: 1, accuracy: {medical: 0.9}}]", "'medical' is not a domain of task.domains"),
            ("budget.deadline_days=0", "budget.deadline_days: must be positive"),
        ])
    func badSettings(override: String, expected: String) {
        let found = problems([override])
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }

    @Test("use: merges a profile under the vendor's own keys; an unknown profile gets a did-you-mean")
    func profiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("pricing: {per_label: 0.2}\nworkforce: {workers: 50, workload: {zipf: 1}}\nquality: {redundancy: 3, overhead: 0.1}\n".utf8)
            .write(to: folder.appendingPathComponent("cheap-crowd.yaml"))
        try Data("pricing: {per_label: 0.2}\nworkforce: {workers: 50, wrkload: uniform}\n".utf8)
            .write(to: folder.appendingPathComponent("broken.yaml"))
        let profiles = VendorProfiles(directories: [folder.path])
        let text = "budget: {items: 10}\nvendors:\n  - name: c\n    use: cheap-crowd\n    quality: {redundancy: 5}\n"
        let vendor = try ScenarioDocument.parse(text: text, path: "p.yaml", profiles: profiles).scenario.vendors[0]
        #expect(vendor.pricing == .perLabel(dollars: 0.2))
        #expect(vendor.workforce.workload == .zipf(1))
        #expect(vendor.quality.redundancy == .fixed(5))
        #expect(vendor.quality.overhead == 0.1)
        do {
            _ = try ScenarioDocument.parse(
                text: text.replacingOccurrences(of: "cheap-crowd", with: "cheap-crowed"), path: "p.yaml", profiles: profiles)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "p.yaml:4: vendors.c.use: no vendor profile 'cheap-crowed'; did you mean 'cheap-crowd'?"
                ])
        }
        do {
            _ = try ScenarioDocument.parse(
                text: text.replacingOccurrences(of: "cheap-crowd", with: "broken"), path: "p.yaml", profiles: profiles)
            Issue.record("expected an error")
        } catch {
            // The problem names the profile file and its line.
            #expect(error.problems.first?.description.hasPrefix("\(folder.path)/broken.yaml:2: vendors.c.workforce.wrkload") == true)
        }
        // An unknown profile does not hide the file's other problems (a repeated vendor name
        // included); what its vendor lacks without the profile is not reported again.
        let many = "replications: x\nbudget: {items: 10}\nvendors:\n  - {name: c, use: nope}\n  - {name: c, use: cheap-crowd}\n"
        do {
            _ = try ScenarioDocument.parse(text: many, path: "m.yaml", profiles: profiles)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "m.yaml:4: vendors.c.use: no vendor profile 'nope' (have: broken, cheap-crowd)",
                    "m.yaml:1: replications: expected a whole number, got 'x'",
                    "m.yaml:5: vendors[1].name: two vendors are named 'c'",
                ])
        }
    }
}
