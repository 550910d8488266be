import Foundation

/// What a scenario would cost to simulate, estimated before anything runs, so that a typo such as
/// `test_items: 50000000` or `dimensions: 10000` is a validation error naming its key and the
/// estimate, not an out-of-memory crash an hour later.
///
/// The estimate is per replication, times the replications that run at once (one per core), and
/// counts the large arrays only: item features and labels, delivered labels, the softmax Newton
/// Hessian (P × P with P = K·(D + 1)), per-worker confusion tables and Dawid–Skene's per-worker
/// K × K matrices. The limit is half this machine's physical memory (`LABELSIM_MEMORY_LIMIT_MB`
/// sets another).
public enum ScenarioCost {
    /// One large allocation: the key that drives it, its size in bytes and what it is.
    struct Term: Sendable {
        /// The key path to blame.
        var keyPath: String
        /// Bytes per replication.
        var bytes: Double
        /// What the memory holds, for the message.
        var what: String
    }

    /// The environment variable that sets the limit in megabytes.
    public static let limitVariable = "LABELSIM_MEMORY_LIMIT_MB"

    /// The limit `LABELSIM_MEMORY_LIMIT_MB` sets, in bytes, when it is a positive finite number.
    static func environmentLimit() -> Double? {
        guard let text = ProcessInfo.processInfo.environment[limitVariable],
            let megabytes = Double(text.trimmingCharacters(in: .whitespaces)), megabytes.isFinite, megabytes > 0
        else { return nil }
        return megabytes * 1_048_576
    }

    /// What is wrong with `LABELSIM_MEMORY_LIMIT_MB` when it is set to something other than a
    /// positive finite number (the command line reports it before anything runs), or nil.
    public static func environmentProblem() -> ScenarioProblem? {
        guard let text = ProcessInfo.processInfo.environment[limitVariable], !text.isEmpty, environmentLimit() == nil else { return nil }
        return ScenarioProblem(
            file: limitVariable, origin: nil, keyPath: "",
            message: "expected a positive number of megabytes, got '\(ScenarioProblem.quoted(text))'")
    }

    /// The memory a run may use, in bytes, and where that limit comes from.
    static let memoryLimit: (bytes: Double, source: String) = {
        if let bytes = environmentLimit() { return (bytes, limitVariable) }
        return (Double(ProcessInfo.processInfo.physicalMemory) / 2, "half this machine's memory")
    }()

    /// The large allocations of one replication of `scenario`.
    static func terms(_ scenario: Scenario) -> [Term] {
        let classes = Double(scenario.task.classes)
        let train = Double(scenario.data.trainItems)
        let test = Double(scenario.data.testItems)
        let dimensions = Double(scenario.data.features?.dimensions ?? 0)
        var terms = [
            Term(
                keyPath: scenario.data.testItems > scenario.data.trainItems ? "data.test_items" : "data.train_items",
                bytes: (train + test) * (dimensions + 4) * 8, what: "item features and classes")
        ]
        if scenario.data.features != nil {
            let parameters = classes * (dimensions + 1)
            terms.append(
                Term(
                    keyPath: "data.features.dimensions", bytes: 24 * parameters * parameters,
                    what: "the model's Newton Hessian and its Cholesky factor"))
            terms.append(Term(keyPath: "data.features.dimensions", bytes: train * dimensions * 8, what: "the model's training matrix"))
        }
        for (index, vendor) in scenario.vendors.enumerated() {
            let path = ScenarioParser.vendorPath(vendor.name, index)
            let workers = Double(vendor.workforce.workers)
            let labels = train * Double(vendor.quality.redundancy.maximum) / max(1e-9, 1 - vendor.quality.goldFraction)
            terms.append(Term(keyPath: "\(path).quality.redundancy", bytes: labels * 16, what: "delivered labels"))
            terms.append(Term(keyPath: "task.classes", bytes: 2 * train * classes * 8, what: "label posteriors"))
            if case .dirichlet = vendor.workforce.confusion {
                terms.append(
                    Term(
                        keyPath: "\(path).workforce.confusion", bytes: workers * classes * classes * 8, what: "per-worker confusion tables")
                )
            }
            if vendor.quality.aggregation == .dawidSkene {
                terms.append(
                    Term(
                        keyPath: "\(path).quality.aggregation", bytes: 2 * workers * classes * classes * 8,
                        what: "Dawid–Skene's per-worker confusion matrices"))
            }
        }
        return terms
    }

    /// Replications that run at once.
    static func concurrency(_ scenario: Scenario) -> Double {
        Double(min(ProcessInfo.processInfo.activeProcessorCount, scenario.replications))
    }

    /// The term to blame when the scenario would exceed the limit, with the estimate, or nil.
    static func problem(
        _ scenario: Scenario, limit: Double = memoryLimit.bytes, source: String = memoryLimit.source
    ) -> (keyPath: String, message: String)? {
        let terms = terms(scenario)
        let total = terms.reduce(0) { $0 + $1.bytes } * concurrency(scenario)
        guard total > limit, let largest = terms.max(by: { $0.bytes < $1.bytes }) else { return nil }
        return (
            largest.keyPath,
            "the run would need about \(size(total)) (\(size(largest.bytes)) of it \(largest.what) per replication, "
                + "× \(Int(concurrency(scenario))) at once), above the \(size(limit)) limit (\(source))"
        )
    }

    /// `bytes` in GB, or in MB below 1 GB (a low limit printed as "0.0 GB" says nothing).
    static func size(_ bytes: Double) -> String {
        bytes >= 1_073_741_824 ? String(format: "%.1f GB", bytes / 1_073_741_824) : String(format: "%.1f MB", bytes / 1_048_576)
    }
}
