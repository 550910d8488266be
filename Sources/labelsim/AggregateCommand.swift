import ArgumentParser
import Foundation
import LabelSimCore
import LabelSimEngine

/// `labelsim aggregate FILE --method M|all`: aggregates a real annotation file and scores the
/// methods on gold labels.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Aggregate a real annotation file with one or all methods and score them on gold labels.")

    /// `--method`: one method, or `all`.
    struct MethodChoice: ExpressibleByArgument {
        /// Every method.
        static let all = MethodChoice(methods: AggregationMethod.allCases)

        let methods: [AggregationMethod]

        private init(methods: [AggregationMethod]) { self.methods = methods }

        init?(argument: String) {
            if argument == "all" {
                methods = AggregationMethod.allCases
            } else if let method = AggregationMethod(rawValue: argument) {
                methods = [method]
            } else {
                return nil
            }
        }

        static var allValueStrings: [String] { AggregationMethod.allCases.map(\.rawValue) + ["all"] }

        var defaultValueDescription: String { methods.count == 1 ? methods[0].rawValue : "all" }
    }

    @OptionGroup var input: AnnotationInputOptions

    @Option(help: "Method: majority, wawa, dawid-skene, one-coin, glad, mace, or all.")
    var method: MethodChoice = .all

    @Option(help: "Write aggregated labels CSV here (with `all`: one file per method, FILE.<method>.csv).")
    var out: String?

    @Option(parsing: .unconditional, help: "Seed for tie-breaking.")
    var seed: UInt64 = 0

    func run() throws {
        let request = AggregationRequest(methods: method.methods, out: out, seed: seed)
        // `--out` itself too: with `all` a folder there would get FILE.<method> files beside it.
        if let out { try OutputOption.checkFile(out, option: "--out") }
        for path in method.methods.compactMap(request.outputPath(for:)) {
            try OutputOption.checkFile(path, option: "--out")
            try OutputOption.checkDistinct(path, option: "--out", from: input.inputs)
        }
        do {
            let report = try request.run(input.source, note: printError)
            print(input.format == .json ? try report.json() : report.table() + "\n", terminator: "")
        } catch let problem as AggregationRequest.Problem {
            CommandLineErrors.report([problem.description])
            throw ExitCode(2)
        } catch {
            printError("error: \(ScenarioProblem.quoted("\(error)", limit: 400))")
            throw ExitCode(2)
        }
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
