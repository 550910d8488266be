import Foundation
import LabelSimCore
import LabelSimGSL

/// Runs aggregation methods on one matrix, times them, scores them on gold labels, and renders
/// the outcome as a table or JSON (the `aggregate` command's output).
public struct AggregationReport: Sendable {
    /// One method's outcome.
    public struct Row: Sendable {
        /// The method.
        public let method: AggregationMethod
        /// Accuracy on the gold items, if there are any.
        public let accuracy: Double?
        /// Iterations, for iterative methods.
        public let iterations: Int?
        /// Wall-clock seconds of the aggregation alone (reading excluded).
        public let seconds: Double
        /// The full result.
        public let result: AggregationResult
    }

    /// Items in the matrix.
    public let items: Int
    /// Workers in the matrix.
    public let workers: Int
    /// Labels (annotations) in the matrix.
    public let labels: Int
    /// Items with gold.
    public let goldItems: Int
    /// One row per method, in the order asked.
    public let rows: [Row]

    /// Most memory the aggregators may ask for (the limit is documented in the README).
    static let memoryLimitBytes = 4.0 * 1024 * 1024 * 1024

    /// What `methods` would need beyond the file itself, in bytes: Dawid–Skene keeps a K × K
    /// confusion matrix per worker; every method keeps items × K posteriors (twice, for EM).
    static func estimatedBytes(_ method: AggregationMethod, matrix: AnnotationMatrix) -> Double {
        let items = Double(matrix.itemCount)
        let workers = Double(matrix.workerCount)
        let classes = Double(matrix.classCount)
        let posteriors = 2 * items * classes * 8
        switch method {
        case .dawidSkene: return posteriors + 2 * workers * classes * classes * 8
        case .mace: return posteriors + 2 * workers * classes * 8
        default: return posteriors + 2 * workers * 8
        }
    }

    /// Why `methods` cannot run on `matrix` within ``memoryLimitBytes``, or nil.
    public static func memoryProblem(methods: [AggregationMethod], matrix: AnnotationMatrix) -> String? {
        guard let method = methods.max(by: { estimatedBytes($0, matrix: matrix) < estimatedBytes($1, matrix: matrix) }) else {
            return nil
        }
        let bytes = estimatedBytes(method, matrix: matrix)
        guard bytes > memoryLimitBytes else { return nil }
        let gigabytes = { (value: Double) in String(format: "%.1f GB", value / 1024 / 1024 / 1024) }
        return "\(method.rawValue) would need about \(gigabytes(bytes)) for \(matrix.itemCount) items, "
            + "\(matrix.workerCount) workers and \(matrix.classCount) label values, above the \(gigabytes(memoryLimitBytes)) limit; "
            + "choose another --method or fewer label values"
    }

    /// Runs `methods` on `matrix`; each method gets its own generator seeded with `seed`, so a
    /// method's result does not depend on which others ran.
    ///
    /// - Parameter gold: gold class per item (`< 0`: none or unusable; `-2` counts as wrong).
    public init(methods: [AggregationMethod], matrix: AnnotationMatrix, gold: [Int32]?, seed: UInt64 = 0) {
        let goldCount = gold?.filter { $0 != -1 }.count ?? 0
        var rows: [Row] = []
        let clock = ContinuousClock()
        for method in methods {
            let rng = GSLRandom(seed: seed)
            var result: AggregationResult?
            let elapsed = clock.measure { result = method.aggregator.aggregate(matrix, using: rng) }
            guard let result else { continue }
            var accuracy: Double?
            if let gold, goldCount > 0 {
                var correct = 0
                for (item, truth) in gold.enumerated() where truth >= 0 && result.labels[item] == truth { correct += 1 }
                accuracy = Double(correct) / Double(goldCount)
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            rows.append(Row(method: method, accuracy: accuracy, iterations: result.iterations, seconds: seconds, result: result))
        }
        self.items = matrix.itemCount
        self.workers = matrix.workerCount
        self.labels = matrix.labelCount
        self.goldItems = goldCount
        self.rows = rows
    }

    /// A plain-text table: method, accuracy, iterations, seconds.
    public func table() -> String {
        var lines = ["items \(items), workers \(workers), labels \(labels), gold items \(goldItems)"]
        lines.append(pad("method", 12) + pad("accuracy", 10) + pad("iterations", 12) + "seconds")
        for row in rows {
            let accuracy = row.accuracy.map { format($0, digits: 4) } ?? "-"
            let iterations = row.iterations.map(String.init) ?? "-"
            lines.append(pad(row.method.rawValue, 12) + pad(accuracy, 10) + pad(iterations, 12) + format(row.seconds, digits: 4))
        }
        return lines.joined(separator: "\n")
    }

    /// The `--format json` document, one line.
    struct Document: Codable, Sendable, Equatable {
        /// One method's outcome.
        public struct Method: Codable, Sendable, Equatable {
            /// The method's name.
            public var method: String
            /// Accuracy on the gold items, `null` without gold.
            public var accuracy: JSONNumber
            /// Iterations, `null` for a method that does not iterate.
            public var iterations: JSONNullable<Int>
            /// Seconds of the aggregation alone.
            public var seconds: JSONNumber
        }

        /// Items in the matrix.
        public var items: Int
        /// Workers in the matrix.
        public var workers: Int
        /// Labels in the matrix.
        public var labels: Int
        /// Items with gold.
        public var goldItems: Int
        /// One entry per method, in the order asked.
        public var methods: [Method]
    }

    /// `{"items": n, "workers": n, "labels": n, "gold_items": n, "methods": [{"method": NAME,
    /// "accuracy": x or null, "iterations": n or null, "seconds": x}]}` on one line.
    public func json() throws -> String {
        let methods = rows.map { row in
            Document.Method(
                method: row.method.rawValue, accuracy: JSONNumber(row.accuracy), iterations: JSONNullable(row.iterations),
                seconds: JSONNumber(row.seconds))
        }
        return try JSONOutput.text(Document(items: items, workers: workers, labels: labels, goldItems: goldItems, methods: methods))
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func format(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }
}
