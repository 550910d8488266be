import Foundation
import LabelSimFuzz

// labelsim-fuzz [--seed S] [--cases N] [--start I] [--scenarios DIR] [--seconds T] [--memory-mb M]
// Runs cases I ..< I + N of seed S; exits 0 when every case passes, 1 on a failure (printed with
// its input), 3 on a hang; a crash names its case on stderr. `make fuzz` runs it.
var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(
            Data("usage: labelsim-fuzz [--seed S] [--cases N] [--start I] [--scenarios DIR] [--seconds T] [--memory-mb M]\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = value
}
let seed = UInt64(options["seed"] ?? "1") ?? 1
let cases = Int(options["cases"] ?? "10000") ?? 10_000
let start = Int(options["start"] ?? "0") ?? 0
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("labelsim-fuzz-\(getpid())").path
var configuration = Fuzzer.Configuration(scenarios: options["scenarios"] ?? "Scenarios", scratch: scratch)
configuration.seed = seed
configuration.memoryMegabytes = Double(options["memory-mb"] ?? "2048") ?? 2_048
configuration.runEvery = max(1, Int(options["run-every"] ?? "4") ?? 4)
FuzzWatchdog.shared.start(secondsPerCase: Double(options["seconds"] ?? "30") ?? 30)
defer { try? FileManager.default.removeItem(atPath: scratch) }
do {
    let fuzzer = try Fuzzer(configuration)
    let clock = ContinuousClock()
    let began = clock.now
    var tally = Fuzzer.Tally()
    var next = start
    while next < start + cases {
        let end = min(next + 10_000, start + cases)
        tally = try fuzzer.run(next..<end)
        next = end
        let seconds = Double((clock.now - began).components.attoseconds) / 1e18 + Double((clock.now - began).components.seconds)
        print("seed \(seed): \(tally) in \(String(format: "%.1f", seconds)) s")
        if options["profile"] != nil { print("seconds by kind: \(tally.seconds.map { String(format: "%.1f", $0) })") }
    }
} catch {
    FileHandle.standardError.write(Data("labelsim-fuzz: FAILED \(error)\n".utf8))
    try? FileManager.default.removeItem(atPath: scratch)
    exit(1)
}
