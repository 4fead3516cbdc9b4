import TrackCore

/// What a plugin is built from: its parameter node, the workspace's definitions, and the registry
/// (so that combinators such as `all` can build the evaluators they contain). Indicators come
/// without their observations: a plugin reads data only through its `EvaluationContext`.
public struct EvaluatorParameters: Sendable {
    /// The value under the plugin's key in `evaluate:`.
    public let node: YAMLNode
    /// The plugin's key, for messages.
    public let identifier: String
    let workspace: Workspace
    let registry: EvaluatorRegistry

    /// The workspace's directory (where `plugins/` lives).
    public var workspaceRoot: String { workspace.root }

    /// The root nodes of catalog/*.yaml, undecoded: the plugins that use a catalog read it.
    public var catalog: [YAMLNode] { workspace.catalog }

    /// The indicator with this id, without its observations; nil when there is none.
    public func indicator(named id: String) -> IndicatorDefinition? {
        workspace.indicator(id)?.definition
    }

    /// Whether `indicator`'s series has subjects (models, companies) rather than one value per day.
    public func hasSubjects(_ indicator: IndicatorDefinition) -> Bool {
        workspace.series.hasSubjects(indicator.id)
    }

    init(node: YAMLNode, identifier: String, workspace: Workspace, registry: EvaluatorRegistry) {
        self.node = node
        self.identifier = identifier
        self.workspace = workspace
        self.registry = registry
    }

    /// A reader over the parameters, which must be a mapping with keys among `fields`.
    public func fields(_ fields: [String]) throws(DiagnosticsError) -> FieldReader {
        do { return try FieldReader(node, context: "'\(identifier)' parameters", fields: fields) } catch {
            throw DiagnosticsError([error])
        }
    }

    /// Builds the evaluator configured by `node`, a one-key mapping naming a plugin.
    public func evaluator(_ node: YAMLNode) throws(DiagnosticsError) -> any Evaluator {
        try registry.evaluator(for: node, workspace: workspace)
    }

    /// The indicator named by `node`, or a diagnostic with a suggestion.
    public func indicator(_ node: YAMLNode) throws(Diagnostic) -> IndicatorDefinition {
        let id = try node.string()
        guard let indicator = workspace.indicator(id) else {
            if workspace.unreadableIndicatorIDs.contains(id) {
                throw Diagnostic(
                    "'\(id)' could not be read: its file has errors (track validate lists them)", at: node.mark)
            }
            throw Diagnostic(
                Suggestion.message(unknown: id, expected: workspace.indicators.map(\.id), noun: "indicator")
                    + " (add indicators/\(id).yaml or fix the name)",
                at: node.mark)
        }
        return indicator.definition
    }

    /// A numeric indicator named by `node`.
    public func numericIndicator(_ node: YAMLNode) throws(Diagnostic) -> IndicatorDefinition {
        let indicator = try indicator(node)
        guard indicator.kind == .numeric else {
            throw Diagnostic("'\(indicator.id)' is a state indicator; '\(identifier)' needs a numeric one", at: node.mark)
        }
        return indicator
    }

    /// A state indicator named by `node`.
    public func stateIndicator(_ node: YAMLNode) throws(Diagnostic) -> IndicatorDefinition {
        let indicator = try indicator(node)
        guard indicator.kind == .state else {
            throw Diagnostic("'\(indicator.id)' is a numeric indicator; '\(identifier)' needs a state indicator", at: node.mark)
        }
        return indicator
    }
}
