/// The statistics every benchmark reports: seconds of a measured duration and medians of runs.
enum Timing {
    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// Seconds `body` takes on the continuous clock, and its result.
    static func measure<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
        let start = ContinuousClock.now
        let result = try body()
        return (seconds(ContinuousClock.now - start), result)
    }

    /// The median (the mean of the two middle values for an even count); NaN for none.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The mean; 0 for none.
    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }
}
