import TrackCore
import TrackEngine

/// The observation sources known to `track update`, by identifier.
public struct SourceRegistry: Sendable {
    public let types: [any ObservationSource.Type]

    public init(_ types: [any ObservationSource.Type]) {
        var seen = Set<String>()
        for type in types { precondition(seen.insert(type.identifier).inserted, "two sources are called '\(type.identifier)'") }
        self.types = types
    }

    /// The merge options every source takes, beside `source` and its own parameters.
    public static let sharedFields: [FileSchema.Field] = [
        .init("keep-first", .boolean, "Where the source gives a date and subject several values, keep the first."),
        .init("keep-existing", .boolean, "Where the file already has another value for a date and subject, keep the file's."),
        .init("replace", .boolean, "Where the file already has another value for a date and subject, replace it with the source's."),
        .init("new-subjects", .boolean, "Accept subjects close to an existing one as new series."),
        .init("allow-future", .boolean, "Accept observations dated after today (refused by default, as typos)."),
    ]

    /// An indicator's `update:` as `track schema` describes it: the source, the shared merge options, and
    /// each source's own parameters (named after their source).
    public var updateSchema: FileSchema {
        var fields: [FileSchema.Field] = [
            .init("source", .oneOf(types.map { $0.identifier }), required: true, "The source that track update runs.")
        ]
        fields += Self.sharedFields
        // Each parameter's descriptions, with the sources that give each (sources that share one are named together).
        var descriptions: [String: [(text: String, sources: [String])]] = [:]
        for type in types {
            for field in type.fields {
                let text = field.description.prefix(1).lowercased() + field.description.dropFirst()
                if !fields.contains(where: { $0.name == field.name }) { fields.append(.init(field.name, field.kind, "")) }
                if let index = descriptions[field.name]?.firstIndex(where: { $0.text == text }) {
                    descriptions[field.name]![index].sources.append(type.identifier)
                } else {
                    descriptions[field.name, default: []].append((text, [type.identifier]))
                }
            }
        }
        for index in fields.indices {
            guard let described = descriptions[fields[index].name] else { continue }
            fields[index].description = described.map { "\($0.sources.joined(separator: ", ")): \($0.text)" }.joined(separator: " ")
        }
        return FileSchema("update", fields)
    }

    /// The source an indicator's `update:` mapping configures, and the merge policy it asks for.
    public func source(for configuration: SourceConfiguration) throws(DiagnosticsError) -> (
        source: any ObservationSource, policy: IndicatorMerge.Policy
    ) {
        let node = configuration.node
        guard let mapping = node.mappingView, let nameNode = mapping.value(forKey: "source") else {
            throw DiagnosticsError([
                Diagnostic(
                    "'update' takes a mapping naming its source (for example {source: csv, url: https://...}), known sources: "
                        + types.map { $0.identifier }.joined(separator: ", "),
                    at: node.mark)
            ])
        }
        let name: String
        do { name = try nameNode.string() } catch { throw DiagnosticsError([error]) }
        guard let type = types.first(where: { $0.identifier == name }) else {
            throw DiagnosticsError([
                Diagnostic(
                    "'update': " + Suggestion.message(unknown: name, expected: types.map { $0.identifier }, noun: "source"),
                    at: nameNode.mark)
            ])
        }
        var fields: FieldReader
        do {
            fields = try FieldReader(
                node, context: "update (source \(name))", fields: ["source"] + (Self.sharedFields + type.fields).map(\.name))
        } catch {
            throw DiagnosticsError([error])
        }
        var policy = type.defaultPolicy
        policy.keepFirst = fields.optional("keep-first") { try $0.bool() } ?? policy.keepFirst
        policy.keepExisting = fields.optional("keep-existing") { try $0.bool() } ?? policy.keepExisting
        policy.replace = fields.optional("replace") { try $0.bool() } ?? (policy.replace && !policy.keepExisting)
        policy.allowNewSubjects = fields.optional("new-subjects") { try $0.bool() } ?? policy.allowNewSubjects
        // Observations dated after the day of the update are typos unless the configuration says otherwise.
        if !(fields.optional("allow-future") { try $0.bool() } ?? false) { policy.latestDate = configuration.today }
        if policy.replace, policy.keepExisting, let node = fields.node("replace") {
            fields.report(
                Diagnostic("'replace' and 'keep-existing' exclude each other: replace the file's values, or keep them", at: node.mark))
        }
        let source: any ObservationSource
        do throws(DiagnosticsError) {
            source = try type.init(configuration, fields: &fields)
        } catch {
            throw DiagnosticsError(fields.finish() + error.diagnostics)
        }
        let problems = fields.finish()
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return (source, policy)
    }

    /// The problems of every indicator's `update:` configuration (an unknown source or parameter, a
    /// missing program), for `track validate`.
    public func diagnostics(for workspace: Workspace) -> [Diagnostic] {
        workspace.indicators.flatMap { indicator -> [Diagnostic] in
            guard let node = indicator.update else { return [] }
            do throws(DiagnosticsError) {
                _ = try source(for: SourceConfiguration(node: node, workspaceRoot: workspace.root, indicatorID: indicator.id))
                return []
            } catch {
                return error.diagnostics
            }
        }
    }
}
