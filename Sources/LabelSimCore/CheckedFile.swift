/// What `labelsim validate` found a file to be, once it passed every check.
public enum CheckedFile: Sendable {
    /// A scenario, parsed and validated with its `use:` profiles and overrides.
    case scenario(ScenarioDocument)
    /// A vendor profile (`Scenarios/vendors/NAME.yaml`), checked against ``ScenarioSchema/profile``.
    case profile

    /// Checks the file at `path`: a mapping without `vendors` whose keys include a vendor key
    /// (`pricing`, `workforce`, …) is a vendor profile, anything else a scenario.
    ///
    /// A profile is checked against the profile schema (keys, types, ranges; nothing is required,
    /// since the scenario's entry may supply it); a scenario is loaded as `run` loads it.
    public static func check(path: String, overrides: [String] = [], profileDirectories: [String] = []) throws(ScenarioProblems)
        -> CheckedFile
    {
        let text = try ScenarioDocument.readText(path: path)
        var tree = try ConfigNode.parse(yaml: text, file: path)
        guard isProfile(tree) else {
            return .scenario(try ScenarioDocument.load(path: path, overrides: overrides, profileDirectories: profileDirectories))
        }
        var problems = tree.apply(overrides: overrides)
        problems += SchemaValidator.problems(in: tree, schema: ScenarioSchema.profile, file: path)
        if !problems.isEmpty { throw ScenarioProblems(problems) }
        return .profile
    }

    /// Whether `tree` reads as a vendor profile: no `vendors`, and a key only a vendor entry has.
    static func isProfile(_ tree: ConfigNode) -> Bool {
        guard case .mapping(let entries, _) = tree else { return false }
        let keys = Set(entries.map(\.key))
        let scenarioKeys = Set(ScenarioSchema.keys(at: ""))
        let vendorOnly = Set(ScenarioSchema.vendorKeys.map(\.name)).subtracting(scenarioKeys)
        return !keys.contains("vendors") && !keys.isDisjoint(with: vendorOnly)
    }
}
