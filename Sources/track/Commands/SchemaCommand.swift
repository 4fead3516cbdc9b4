import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track schema FILE`: the JSON Schema of a workspace file, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of predictions.yaml, an indicator, a catalog file or track.yaml.",
        discussion: """
            The schema is generated from the field definitions the readers use. Editors with the YAML language \
            server pick it up from a first line such as:
              # yaml-language-server: $schema=schema/predictions.schema.json
            track init writes the schemas and these lines into a new workspace.

            Examples:
              track schema predictions > schema/predictions.schema.json
              track schema indicator
            """
    )

    @Argument(help: ArgumentHelp("predictions, indicator, catalog or settings.", valueName: "file")) var file: String

    func validate() throws {
        let names = WorkspaceSchemas.files.map(\.name)
        guard names.contains(file) else { throw ValidationError(Suggestion.message(unknown: file, expected: names, noun: "schema")) }
    }

    func run() throws {
        guard let schema = WorkspaceSchemas.text(file) else { return }
        Console.print(schema, terminator: "")
    }
}
