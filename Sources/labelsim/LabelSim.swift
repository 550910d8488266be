import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// The `labelsim` command: simulate labelling vendors and compare the labels and models they give.
@main
struct LabelSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelsim",
        abstract: "Monte Carlo simulation of data-labelling vendors: crowd, experts, or a mix.",
        discussion: """
            Runs a scenario (task, data, budget, vendors) many times with seeded random streams and reports, \
            per vendor, label quality, model quality, cost and calendar time with 95% confidence intervals; \
            sweeps parameters, compares vendors and aggregates real annotation files. \
            Results go to Results/ (or --out) as CSV, JSON, Markdown and HTML.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, SchemaCommand.self, SweepCommand.self, MergeCommand.self, CompareCommand.self,
            OptimizeCommand.self,
            AggregateCommand.self, ComparisonsCommand.self, CalibrateCommand.self,
            BenchCommand.self, BenchAggregationCommand.self, BenchLearnerCommand.self, BenchPerceptronCommand.self,
            BenchRewardModelCommand.self, NoiseShapeCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// `--export-labels` without a list means replication 0 (ArgumentParser options need a value).
    /// A following argument of digits, commas and minus signs is the list (so that `-1` is
    /// refused as an index, not taken for an option).
    static func exportLabelsDefaulted(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            result.append(argument)
            guard argument == "--export-labels" else { continue }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if next.map({ $0.isEmpty || !$0.allSatisfy { $0.isNumber || $0 == "," || $0 == "-" } }) ?? true { result.append("0") }
        }
        return result
    }

    /// Runs the command line; usage errors (an unknown option, a value of the wrong type, a failed
    /// check) exit with status 2 like every other bad input, instead of ArgumentParser's 64, and
    /// print one line (not ArgumentParser's error, help, usage and see-also block).
    /// The subcommand names `help NAME` accepts.
    static var commandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// An error message as one line: its first line, with a list ArgumentParser puts on the lines
    /// after it ("Please provide one of the following:" then "  - value" lines) joined onto it.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first else { return "invalid command line" }
        guard first.hasSuffix(":") else { return first }
        let bullets = lines.dropFirst().map { $0.drop { $0 == " " } }.prefix { $0.hasPrefix("- ") }
        let items = bullets.map { "'" + $0.dropFirst(2) + "'" }
        return items.isEmpty ? first : first + " " + items.joined(separator: ", ")
    }

    /// ArgumentParser reads a negative number after a list option (`--sizes -5`) as another
    /// option and reports the list as missing; names the value instead.
    static func negativeValueProblem(_ message: String, arguments: [String]) -> String? {
        let prefix = "Missing value for '"
        guard message.hasPrefix(prefix) else { return nil }
        let option = message.dropFirst(prefix.count).prefix { $0 != " " && $0 != "'" }
        guard let index = arguments.firstIndex(of: String(option)), index + 1 < arguments.count,
            arguments[index + 1].hasPrefix("-"), Double(arguments[index + 1]) != nil
        else { return nil }
        return "\(option) \(arguments[index + 1]): negative values are not allowed"
    }

    static func main() {
        // Batches and replications free and reallocate arrays of a few megabytes: keep them for
        // reuse instead of faulting their pages in again each time (see AllocatorPolicy).
        AllocatorPolicy.keepFreedBlocks()
        let arguments = Array(CommandLine.arguments.dropFirst())
        // ArgumentParser answers `help NAME` for an unknown NAME with the overview and status 0.
        if arguments.count >= 2, arguments[0] == "help", !(commandNames + ["help"]).contains(arguments[1]) {
            let names = commandNames.joined(separator: ", ")
            FileHandle.standardError.write(
                Data("error: help: no command '\(ScenarioProblem.quoted(arguments[1], limit: 60))'; commands: \(names)\n".utf8))
            Foundation.exit(2)
        }
        // A mistyped memory limit would otherwise be ignored without a word.
        if let problem = ScenarioCost.environmentProblem() {
            CommandLineErrors.report([problem.description])
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(Self.exportLabelsDefaulted(arguments))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if error is ExitCode || code == .success {
                exit(withError: error)
            }
            let message = code == .validationFailure ? message(for: error) : "\(error)"
            let line = Self.oneLine(message)
            let bare = line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
            let text = Self.negativeValueProblem(bare, arguments: arguments) ?? bare
            FileHandle.standardError.write(Data(("error: " + ScenarioProblem.quoted(text, limit: 300) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
