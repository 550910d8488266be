import Foundation

/// A scenario as loaded: its validated value, the file text, the overrides and the effective tree.
public struct ScenarioDocument: Sendable {
    /// The validated scenario.
    public var scenario: Scenario
    /// The path the user gave.
    public var path: String
    /// The file's text as read.
    public var text: String
    /// `--set` overrides in the order given.
    public var overrides: [String]
    /// The tree after overrides, for the manifest.
    public var effective: ConfigNode
    /// Where `use:` profiles were looked up (kept to re-parse with more overrides).
    public var profiles: VendorProfiles = VendorProfiles(directories: [])

    /// The same file parsed again with `extra` overrides after this document's own.
    public func with(overrides extra: [String]) throws(ScenarioProblems) -> ScenarioDocument {
        try Self.parse(text: text, path: path, overrides: overrides + extra, profiles: profiles)
    }

    /// Reads, parses, overrides and validates a scenario file.
    /// Vendor profiles are looked up in `vendors/` beside the file, then in `profileDirectories`.
    public static func load(
        path: String, overrides: [String] = [], profileDirectories: [String] = []
    ) throws(ScenarioProblems) -> ScenarioDocument {
        let text = try readText(path: path)
        let beside = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("vendors").path
        return try parse(text: text, path: path, overrides: overrides, profiles: VendorProfiles(directories: [beside] + profileDirectories))
    }

    /// The text of the file at `path`; a folder, a missing file or one that is not UTF-8 text is a
    /// problem naming the path.
    static func readText(path: String) throws(ScenarioProblems) -> String {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists, isFolder.boolValue {
            throw ScenarioProblems([ScenarioProblem(file: path, origin: nil, keyPath: "", message: "is a folder, not a scenario file")])
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let manager = FileManager.default
            let message: String
            if !exists {
                message = "no such file"
            } else if !manager.isReadableFile(atPath: path) {
                message = "permission denied"
            } else if (try? manager.attributesOfItem(atPath: path)[.type] as? FileAttributeType) != .typeRegular {
                message = "not a regular file (a device or pipe that gave no text)"
            } else {
                message = "cannot read the file as UTF-8 text"
            }
            throw ScenarioProblems([ScenarioProblem(file: path, origin: nil, keyPath: "", message: message)])
        }
    }

    /// Parses scenario text that did not come from a file (tests, piped input).
    public static func parse(
        text: String, path: String, overrides: [String] = [], profiles: VendorProfiles = VendorProfiles(directories: [])
    ) throws(ScenarioProblems) -> ScenarioDocument {
        var tree = try ConfigNode.parse(yaml: text, file: path)
        switch tree {
        case .mapping, .null: break
        default:
            // Blame the file, not the overrides that could not be applied to it.
            throw ScenarioProblems([
                ScenarioProblem(
                    file: path, origin: tree.origin, keyPath: "",
                    message:
                        "a scenario is a mapping of keys (\(ScenarioSchema.keys(at: "").joined(separator: ", "))), got \(ScenarioReader.show(tree))"
                )
            ])
        }
        let problems = tree.apply(overrides: overrides)
        if !problems.isEmpty { throw ScenarioProblems(problems) }
        let resolved = profiles.resolveAll(tree, file: path)
        tree = resolved.tree
        let scenario: Scenario
        do {
            scenario = try ScenarioParser.scenario(from: tree, file: path)
        } catch {
            // Every problem at once, as for a file without profiles; what is missing from a vendor
            // whose profile could not be used is that profile's problem, already named.
            let unrelated = error.problems.filter { problem in
                !resolved.failed.contains {
                    problem.keyPath == $0 || problem.keyPath.hasPrefix($0 + ".") || problem.keyPath.hasPrefix($0 + "[")
                }
            }
            throw ScenarioProblems(resolved.problems + unrelated)
        }
        if !resolved.problems.isEmpty { throw ScenarioProblems(resolved.problems) }
        return ScenarioDocument(
            scenario: scenario, path: path, text: text, overrides: overrides, effective: tree, profiles: profiles)
    }
}
