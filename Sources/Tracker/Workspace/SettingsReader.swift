/// Decodes the optional track.yaml.
enum SettingsReader {
    static func read(_ root: YAMLNode?, file: String) -> (Settings, [Diagnostic]) {
        var settings = Settings()
        guard let root else { return (settings, []) }
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "track.yaml", fields: ["name", "stale-after-days"]) } catch { return (settings, [error]) }
        settings.name = fields.optional("name") { try $0.string() }
        if let days = fields.optional("stale-after-days", { try $0.positiveInt() }) {
            settings.staleAfterDays = days
        }
        return (settings, fields.finish())
    }
}
