import ArgumentParser
import LabelSimCore

/// `labelsim schema`: print the JSON Schema (draft 2020-12) of scenario files or vendor profiles.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of scenario files, or of vendor profiles with --profile.",
        discussion: """
            For editors: save the output and point the VS Code YAML extension's yaml.schemas setting at it. \
            --markdown prints the README's key table instead. All three come from one declared table.
            """
    )

    @Flag(help: "The schema of a vendor profile (Scenarios/vendors/NAME.yaml) instead of a scenario.")
    var profile = false

    @Flag(help: "Print the scenario key table as Markdown (as in the README).")
    var markdown = false

    func run() throws {
        if markdown {
            print(ScenarioSchema.markdownTable(), terminator: "")
        } else if profile {
            print(ScenarioSchema.profile.jsonSchemaDocument(title: "labelsim vendor profile"), terminator: "")
        } else {
            print(ScenarioSchema.scenario.jsonSchemaDocument(title: "labelsim scenario"), terminator: "")
        }
    }
}
