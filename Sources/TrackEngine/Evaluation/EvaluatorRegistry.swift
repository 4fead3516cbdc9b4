import TrackCore

/// The evaluator plugins known to a run, by identifier. The core knows none in particular:
/// the CLI hands it the built-in list and any others.
public struct EvaluatorRegistry: Sendable {
    public let types: [any Evaluator.Type]
    private let typesByIdentifier: [String: any Evaluator.Type]

    public init(_ types: [any Evaluator.Type]) {
        self.types = types
        var byIdentifier: [String: any Evaluator.Type] = [:]
        for type in types {
            precondition(byIdentifier[type.identifier] == nil, "two evaluators are called '\(type.identifier)'")
            byIdentifier[type.identifier] = type
        }
        typesByIdentifier = byIdentifier
    }

    /// The plugin with this identifier.
    public func type(named identifier: String) -> (any Evaluator.Type)? {
        typesByIdentifier[identifier]
    }

    /// Builds the evaluator that `node` configures: a one-key mapping whose key names the plugin.
    public func evaluator(for node: YAMLNode, workspace: Workspace) throws(DiagnosticsError) -> any Evaluator {
        guard let mapping = node.mappingView, mapping.count == 1 else {
            throw DiagnosticsError([
                Diagnostic(
                    "'evaluate' takes a mapping with one key, the plugin (for example 'threshold: {indicator: ..., target: ...}'), found \(node.kindDescription)",
                    at: node.mark)
            ])
        }
        let entry = mapping.entry(at: 0)
        guard let type = typesByIdentifier[entry.key] else {
            throw DiagnosticsError([
                Diagnostic(
                    Suggestion.message(unknown: entry.key, expected: types.map { $0.identifier }, noun: "plugin")
                        + " (track plugins lists them)",
                    at: entry.keyMark)
            ])
        }
        let parameters = EvaluatorParameters(node: entry.value, identifier: entry.key, workspace: workspace, registry: self)
        do {
            return try type.init(parameters: parameters)
        } catch let error as DiagnosticsError {
            throw error
        } catch let diagnostic as Diagnostic {
            throw DiagnosticsError([diagnostic])
        } catch {
            throw DiagnosticsError([Diagnostic("'\(entry.key)': \(error)", at: entry.value.mark)])
        }
    }
}
