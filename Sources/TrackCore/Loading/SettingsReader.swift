/// Decodes the optional track.yaml.
enum SettingsReader {
    static func read(_ root: YAMLNode?, file: String) -> (Settings, [Diagnostic]) {
        var settings = Settings()
        guard let root else { return (settings, []) }
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "track.yaml", fields: FileSchema.settings.names) } catch { return (settings, [error]) }
        settings.name = fields.optional("name") { try $0.string() }
        if let days = fields.optional("stale-after-days", { try $0.positiveInt() }) {
            settings.staleAfterDays = days
        }
        if let thresholds = fields.optional("status-thresholds", readThresholds) {
            settings.statusThresholds = thresholds
        }
        if let path = fields.optional(
            "history",
            { node throws(Diagnostic) in
                let path = try node.string()
                // The workspace's files may come from anyone: they choose no place outside it to write.
                guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~"), !path.split(separator: "/").contains("..") else {
                    throw Diagnostic(
                        "must be a path inside the workspace (relative, without '..'), for example .track/history.sqlite", at: node.mark)
                }
                return path
            })
        {
            settings.historyPath = path
        }
        if let change = fields.optional("alert-probability-change", { try $0.probability() }) { settings.alertProbabilityChange = change }
        if let bounds = fields.optional("probability-bounds", readBounds) { settings.probabilityBounds = bounds }
        settings.forecasters = fields.optional("forecasters", ForecasterChecks.readNames) ?? []
        if let name = fields.optional("default-forecaster", { try $0.slug() }), let node = fields.node("default-forecaster") {
            settings.defaultForecaster = name
            if !settings.forecasters.contains(name) {
                fields.report(ForecasterChecks.unknown(name, among: settings.forecasters, at: node.mark))
            }
        }
        return (settings, fields.finish())
    }

    /// `probability-bounds: [0.01, 0.99]`: two probabilities, the first below 0.5, the second above.
    private static func readBounds(_ node: YAMLNode) throws(Diagnostic) -> ClosedRange<Double> {
        let items = try node.sequence()
        guard items.count == 2 else {
            throw Diagnostic("'probability-bounds' takes two probabilities, [low, high] (for example [0.01, 0.99])", at: node.mark)
        }
        let low = try items[0].probability()
        let high = try items[1].probability()
        guard low < 0.5, high > 0.5 else {
            throw Diagnostic(
                "'probability-bounds' must have its low bound below 0.5 and its high bound above (found [\(low), \(high)])", at: node.mark)
        }
        return low...high
    }

    /// `status-thresholds: {on-track: 0.6, at-risk: 0.3}`.
    private static func readThresholds(_ node: YAMLNode) throws(DiagnosticsError) -> StatusThresholds {
        var fields: FieldReader
        do { fields = try FieldReader(node, context: "status-thresholds", fields: FileSchema.statusThresholds.names) } catch {
            throw DiagnosticsError([error])
        }
        var thresholds = StatusThresholds()
        thresholds.onTrack = fields.optional("on-track") { try $0.probability() } ?? thresholds.onTrack
        thresholds.atRisk = fields.optional("at-risk") { try $0.probability() } ?? thresholds.atRisk
        if thresholds.atRisk > thresholds.onTrack {
            fields.report(
                Diagnostic("'at-risk' (\(thresholds.atRisk)) must not be above 'on-track' (\(thresholds.onTrack))", at: node.mark))
        }
        try fields.finishOrThrow()
        return thresholds
    }
}
