import Foundation
import Testing

/// The shared real data sets beside the repository (`../shared/datasets`), absent on a user's machine.
enum SharedDatasets {
    static let root = CommandLineHarness.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path

    static var available: Bool {
        let present = FileManager.default.fileExists(atPath: root + "/dog/answer.csv")
        if !present { print("CalibrateCommandTests skipped: no data sets at \(root) (only on the project's machines)") }
        return present
    }
}

@Suite("labelsim calibrate on a real crowd", .enabled(if: SharedDatasets.available, "../shared/datasets is absent"))
struct CalibrateCommandTests {
    /// Mean and 95% CI of `label_accuracy` per redundancy in a sweep.csv.
    static func sweepCurve(_ csv: String) throws -> [Int: (mean: Double, low: Double, high: Double)] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let axis = try #require(header.firstIndex(of: "vendors.calibrated.quality.redundancy"))
        let metric = try #require(header.firstIndex(of: "metric"))
        let mean = try #require(header.firstIndex(of: "mean"))
        let low = try #require(header.firstIndex(of: "ci_low"))
        let high = try #require(header.firstIndex(of: "ci_high"))
        var curve: [Int: (mean: Double, low: Double, high: Double)] = [:]
        for row in lines.dropFirst() where row.count == header.count && row[metric] == "label_accuracy" {
            let k = try #require(Int(row[axis]))
            curve[k] = (try #require(Double(row[mean])), try #require(Double(row[low])), try #require(Double(row[high])))
        }
        return curve
    }

    @Test("the profile calibrate writes, used by a scenario and swept over k, gives calibrate's own curve (dog)")
    func writtenProfileSweepsToTheCurve() throws {
        let harness = try CommandLineHarness()
        defer { try? FileManager.default.removeItem(at: harness.directory) }
        try FileManager.default.createDirectory(at: harness.directory.appendingPathComponent("vendors"), withIntermediateDirectories: true)
        let calibrate = try harness.run([
            "calibrate", SharedDatasets.root + "/dog/answer.csv", "--truth", SharedDatasets.root + "/dog/truth.csv",
            "--out", "vendors/dog-crowd.yaml", "--replications", "4", "--format", "json",
        ])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(calibrate.stdout.utf8)) as? [String: Any])
        let points = try #require(object["curve"] as? [[String: Any]])
        #expect(points.count == 10)
        // Without a flag both fits are checked; the note and the profile's comments say which was kept and why.
        let profileJSON = try #require(object["profile"] as? [String: Any])
        let spread = try #require(profileJSON["see_through_spread"] as? Bool)
        #expect(calibrate.stderr.contains("kept the fit \(spread ? "with" : "without") it"), "\(calibrate.stderr)")
        let written = try String(contentsOf: harness.directory.appendingPathComponent("vendors/dog-crowd.yaml"), encoding: .utf8)
        #expect(written.contains("# Per-worker seeing through \(spread ? "kept" : "not kept") (fitted both ways): fit check's worst gap"))
        #expect(written.contains("--replications 4 --seed 1`"))
        // The scenario written beside vendors/ names the profile with `use:`, as a user's would.
        let scenario = try String(contentsOf: harness.directory.appendingPathComponent("dog-crowd.yaml"), encoding: .utf8)
        #expect(scenario.contains("use: dog-crowd"))
        let sweep = try harness.run([
            "sweep", "dog-crowd.yaml", "--vary", "vendors.calibrated.quality.redundancy=1:10:3", "--replications", "4", "--format",
            "csv", "--out", "results",
        ])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        // k = 1, 4, 7, 10: both ends and two inner points of the file's redundancy 10.
        let curve = try Self.sweepCurve(sweep.stdout)
        #expect(curve.keys.sorted() == [1, 4, 7, 10])
        for point in points {
            let k = try #require(point["k"] as? Int)
            guard curve[k] != nil else { continue }
            let observed = try #require(point["observed"] as? Double)
            let simulated = try #require(point["simulated"] as? Double)
            let low = try #require(point["ci_low"] as? Double)
            let high = try #require(point["ci_high"] as? Double)
            let swept = try #require(curve[k])
            // The two 95% intervals overlap, and the swept curve is within 2 points of the file's.
            #expect(swept.low <= high && low <= swept.high, "k = \(k): sweep \(swept), calibrate \(simulated) [\(low), \(high)]")
            #expect(abs(swept.mean - observed) < 0.02, "k = \(k): sweep \(swept.mean) vs observed \(observed)")
        }
    }

    @Test("--no-see-through-spread fixes the fit (one check, no choice); both flags, or gold matching no item: exit 2, one line")
    func spreadFlags() throws {
        let harness = try CommandLineHarness()
        defer { try? FileManager.default.removeItem(at: harness.directory) }
        let file = SharedDatasets.root + "/dog/answer.csv"
        let truth = SharedDatasets.root + "/dog/truth.csv"
        let fixed = try harness.run([
            "calibrate", file, "--truth", truth, "--no-see-through-spread", "--replications", "2", "--format", "json",
        ])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
        let profile = try #require(object["profile"] as? [String: Any])
        #expect(profile["see_through_spread"] as? Bool == false)
        #expect(!fixed.stderr.contains("kept the fit"))
        let both = try harness.run(["calibrate", file, "--truth", truth, "--see-through-spread", "--no-see-through-spread"])
        #expect(both.status == 2)
        #expect(both.stderr.split(separator: "\n").count == 1, "\(both.stderr)")
        #expect(both.stdout.isEmpty)
        #expect(both.stderr.contains("exclude each other"), "\(both.stderr)")
        // Gold that names none of the file's items: one line, exit 2, nothing written.
        let stray = harness.directory.appendingPathComponent("stray-gold.csv")
        try "item,truth\nno-such-item,1\n".write(to: stray, atomically: true, encoding: .utf8)
        let unmatched = try harness.run(["calibrate", file, "--truth", stray.path, "--out", "p.yaml", "--replications", "2"])
        #expect(unmatched.status == 2)
        #expect(unmatched.stderr.split(separator: "\n").count == 1, "\(unmatched.stderr)")
        #expect(unmatched.stderr.contains("none of its items has labels"), "\(unmatched.stderr)")
        #expect(!FileManager.default.fileExists(atPath: harness.directory.appendingPathComponent("p.yaml").path))
        // Without gold the check scores nothing: one fit, without per-worker seeing through, said so.
        let noGold = try harness.run(["calibrate", file, "--replications", "2", "--format", "json"])
        #expect(noGold.status == 0, "\(noGold.stderr)")
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(noGold.stdout.utf8)) as? [String: Any])
        #expect((plain["profile"] as? [String: Any])?["see_through_spread"] as? Bool == false)
        #expect(!noGold.stderr.contains("kept the fit"), "\(noGold.stderr)")
        #expect(noGold.stderr.contains("per-worker seeing through is not fitted"), "\(noGold.stderr)")
    }
}
