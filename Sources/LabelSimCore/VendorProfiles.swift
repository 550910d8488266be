import Foundation

/// Resolves `use: PROFILE` in vendor entries: the profile file (`PROFILE.yaml` in a profile
/// folder) is read as a vendor mapping and the vendor's own keys are merged over it, field by
/// field (mappings merge recursively; any other value replaces the profile's).
public struct VendorProfiles: Sendable {
    /// Folders searched in order for `NAME.yaml`.
    public var directories: [String]

    /// Creates a resolver searching `directories`.
    public init(directories: [String]) {
        self.directories = directories
    }

    /// Profile names available in the folders, sorted.
    public func available() -> [String] {
        let names = directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        }
        return Array(Set(names)).sorted()
    }

    /// `root` with every vendor's `use` replaced by the merged profile; a vendor whose profile
    /// cannot be used keeps its own keys only (so the rest of the file can still be checked),
    /// and the problems name it. `failed` holds those vendors' key paths (`vendors.NAME` or
    /// `vendors[i]`): problems found under them later come from the missing profile.
    func resolveAll(_ root: ConfigNode, file: String) -> (tree: ConfigNode, problems: [ScenarioProblem], failed: [String]) {
        guard case .mapping(var entries, let origin) = root,
            let index = entries.firstIndex(where: { $0.key == "vendors" }),
            case .sequence(var vendors, let vendorsOrigin) = entries[index].value
        else { return (root, [], []) }
        var problems: [ScenarioProblem] = []
        var failed: [String] = []
        for position in vendors.indices {
            guard case .mapping(let fields, let vendorOrigin) = vendors[position],
                let useEntry = fields.first(where: { $0.key == "use" })
            else { continue }
            let name = fields.first { $0.key == "name" }?.value.scalarText ?? "[\(position)]"
            let vendorPath = name.hasPrefix("[") ? "vendors\(name)" : "vendors.\(name)"
            let keyPath = vendorPath + ".use"
            let own = ConfigNode.mapping(fields.filter { $0.key != "use" }, origin: vendorOrigin)
            guard let profileName = useEntry.value.scalarText else {
                problems.append(
                    ScenarioProblem(file: file, origin: useEntry.value.origin, keyPath: keyPath, message: "expected a profile name"))
                failed.append(vendorPath)
                vendors[position] = own
                continue
            }
            do {
                let profile = try load(profileName, origin: useEntry.value.origin, keyPath: keyPath, file: file)
                vendors[position] = Self.merge(base: profile, over: own)
            } catch {
                problems += error.problems
                failed.append(vendorPath)
                vendors[position] = own
            }
        }
        entries[index].value = .sequence(vendors, origin: vendorsOrigin)
        return (.mapping(entries, origin: origin), problems, failed)
    }

    private func load(_ name: String, origin: ConfigNode.Origin, keyPath: String, file: String) throws(ScenarioProblems) -> ConfigNode {
        let safe = !name.contains("/") && !name.hasPrefix(".")
        guard safe, let path = directories.map({ "\($0)/\(name).yaml" }).first(where: { FileManager.default.fileExists(atPath: $0) })
        else {
            let have = available()
            var message = "no vendor profile '\(name)'"
            if let suggestion = Spelling.closest(to: name, among: have) {
                message += "; did you mean '\(suggestion)'?"
            } else if !have.isEmpty {
                message += " (have: \(have.joined(separator: ", ")))"
            }
            throw ScenarioProblems([ScenarioProblem(file: file, origin: origin, keyPath: keyPath, message: message)])
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioProblems([ScenarioProblem(file: path, origin: nil, keyPath: "", message: "cannot read the vendor profile")])
        }
        let tree = try ConfigNode.parse(yaml: text, file: path).attributed(to: path)
        guard case .mapping = tree else {
            throw ScenarioProblems([
                ScenarioProblem(file: path, origin: tree.origin, keyPath: "", message: "a vendor profile must be a mapping of vendor keys")
            ])
        }
        if case .mapping(let fields, _) = tree, let nested = fields.first(where: { $0.key == "use" }) {
            throw ScenarioProblems([
                ScenarioProblem(file: path, origin: nested.keyOrigin, keyPath: "use", message: "profiles cannot use other profiles")
            ])
        }
        return tree
    }

    /// `over` merged onto `base`: keys of `over` win; mappings merge recursively. A key of
    /// `over` that excludes another (`per_label` and `per_hour`, ``ConfigNode/exclusiveKeys``)
    /// removes the profile's alternative, so an entry's pricing replaces a profile's.
    static func merge(base: ConfigNode, over: ConfigNode) -> ConfigNode {
        guard case .mapping(var baseEntries, _) = base, case .mapping(let overEntries, let origin) = over else { return over }
        for entry in overEntries {
            if let group = ConfigNode.exclusiveKeys.first(where: { $0.contains(entry.key) }) {
                baseEntries.removeAll { $0.key != entry.key && group.contains($0.key) }
            }
            if let index = baseEntries.firstIndex(where: { $0.key == entry.key }) {
                baseEntries[index].value = merge(base: baseEntries[index].value, over: entry.value)
                baseEntries[index].keyOrigin = entry.keyOrigin
            } else {
                baseEntries.append(entry)
            }
        }
        return .mapping(baseEntries, origin: origin)
    }
}
