/// What a plugin is built from: its parameter node, the workspace it will read, and the registry
/// (so that combinators such as `all` can build the evaluators they contain).
public struct EvaluatorParameters: Sendable {
    /// The value under the plugin's key in `evaluate:`.
    public let node: YAMLNode
    /// The plugin's key, for messages.
    public let identifier: String
    public let workspace: Workspace
    let registry: EvaluatorRegistry

    public init(node: YAMLNode, identifier: String, workspace: Workspace, registry: EvaluatorRegistry) {
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
    public func indicator(_ node: YAMLNode) throws(Diagnostic) -> Indicator {
        let id = try node.string()
        guard let indicator = workspace.indicator(id) else {
            throw Diagnostic(
                Suggestion.message(unknown: id, expected: workspace.indicators.map(\.id), noun: "indicator")
                    + " (add indicators/\(id).yaml or fix the name)",
                at: node.mark)
        }
        return indicator
    }

    /// A numeric indicator named by `node`.
    public func numericIndicator(_ node: YAMLNode) throws(Diagnostic) -> Indicator {
        let indicator = try indicator(node)
        guard indicator.kind == .numeric else {
            throw Diagnostic("'\(indicator.id)' is a state indicator; '\(identifier)' needs a numeric one", at: node.mark)
        }
        return indicator
    }

    /// A state indicator named by `node`.
    public func stateIndicator(_ node: YAMLNode) throws(Diagnostic) -> Indicator {
        let indicator = try indicator(node)
        guard indicator.kind == .state else {
            throw Diagnostic("'\(indicator.id)' is a numeric indicator; '\(identifier)' needs a state indicator", at: node.mark)
        }
        return indicator
    }
}

extension FieldReader {
    /// Every problem found, thrown together; nothing when all is well.
    public func finishOrThrow() throws(DiagnosticsError) {
        let problems = finish()
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// A required field's value, after `finishOrThrow` has shown that every required field was read.
    public func unwrap<T>(_ value: T?) throws(DiagnosticsError) -> T {
        guard let value else { throw DiagnosticsError(finish()) }
        return value
    }
}
