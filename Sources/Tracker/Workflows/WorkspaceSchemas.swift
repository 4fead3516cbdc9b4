import TrackCore
import TrackDomain

/// The JSON Schemas of the workspace's files, by the name `track schema` gives them, as editors read
/// them (each YAML file names its schema on its first line): the core's files, with the parameters of
/// the built-in sources under an indicator's `update:`, and the domain's catalog.
public enum WorkspaceSchemas {
    public static let files: [(name: String, schema: FileSchema)] = [
        ("predictions", FileSchema.predictionsFile),
        ("indicator", FileSchema.indicator(update: WorkspaceSession.sources.updateSchema)),
        ("settings", FileSchema.settings),
        ("catalog", CatalogSchema.file),
    ]

    /// The JSON text of the schema named `name`, or nil.
    public static func text(_ name: String) -> String? {
        files.first { $0.name == name }.map { $0.schema.jsonSchema(id: "urn:track:schema:\(name)") }
    }
}
