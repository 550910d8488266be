import ArgumentParser
import Foundation
import LabelSimBench

/// What the benchmark subcommands share for printing: fixed-decimal numbers, padded columns,
/// progress on standard error, and a ``BenchmarkError`` reported as an option error.
enum BenchOutput {
    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    /// One progress line on standard error (standard output holds the report).
    static func progress(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// Runs a benchmark; a ``BenchmarkError`` becomes a `ValidationError` with its message.
    static func run<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as BenchmarkError {
            throw ValidationError(error.description)
        }
    }
}

extension String {
    /// The string padded with spaces to at least `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
