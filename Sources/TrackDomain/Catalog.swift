import Foundation
import TrackCore
import TrackEngine

/// The workspace's catalog of accelerators and model architectures, decoded from the raw
/// catalog/*.yaml nodes the core keeps (`Workspace.catalog`).
public struct Catalog: Sendable {
    public var accelerators: [Accelerator] = []
    public var models: [ModelArchitecture] = []

    public init(accelerators: [Accelerator] = [], models: [ModelArchitecture] = []) {
        self.accelerators = accelerators
        self.models = models
    }

    /// Decodes the root nodes of catalog/*.yaml; entries with errors are left out and the errors returned.
    public static func read(_ files: [YAMLNode]) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        var catalog = Catalog()
        var diagnostics: [Diagnostic] = []
        for root in files {
            diagnostics += CatalogReader.read(root, into: &catalog)
        }
        diagnostics += duplicates(catalog.accelerators.map { ($0.id, $0.mark) }, noun: "accelerator")
        diagnostics += duplicates(catalog.models.map { ($0.id, $0.mark) }, noun: "model")
        return (catalog, diagnostics)
    }

    /// The workspace's catalog, without its diagnostics (`track validate` reports those once).
    public init(_ workspace: Workspace) { self = Self.read(workspace.catalog).catalog }

    /// The catalog a plugin's parameters can see.
    public init(_ parameters: EvaluatorParameters) { self = Self.read(parameters.catalog).catalog }

    public func accelerator(_ id: String) -> Accelerator? { accelerators.first { $0.id == id } }
    public func model(_ id: String) -> ModelArchitecture? { models.first { $0.id == id } }

    /// An error at each id's second and later definitions.
    private static func duplicates(_ ids: [(id: String, mark: SourceMark)], noun: String) -> [Diagnostic] {
        var first: [String: SourceMark] = [:]
        var diagnostics: [Diagnostic] = []
        for (id, mark) in ids {
            if let earlier = first[id] {
                let place =
                    earlier.file == mark.file ? "at line \(earlier.line)" : "in \(URL(fileURLWithPath: earlier.file).lastPathComponent)"
                diagnostics.append(Diagnostic("duplicate \(noun) id '\(id)'; it is already used \(place): ids must be unique", at: mark))
            } else {
                first[id] = mark
            }
        }
        return diagnostics
    }
}

extension EvaluatorParameters {
    /// The catalog's accelerator named by `node`.
    public func accelerator(_ node: YAMLNode, in catalog: Catalog) throws(Diagnostic) -> Accelerator {
        try catalogItem(node, in: catalog.accelerators, noun: "accelerator", file: "catalog/hardware.yaml")
    }

    /// The catalog's model architecture named by `node`.
    public func model(_ node: YAMLNode, in catalog: Catalog) throws(Diagnostic) -> ModelArchitecture {
        try catalogItem(node, in: catalog.models, noun: "model", file: "catalog/models.yaml")
    }

    private func catalogItem<Item: Identifiable>(_ node: YAMLNode, in items: [Item], noun: String, file: String) throws(Diagnostic) -> Item
    where Item.ID == String {
        let id = try node.string()
        guard let item = items.first(where: { $0.id == id }) else {
            throw Diagnostic(Suggestion.message(unknown: id, expected: items.map(\.id), noun: noun) + " (add it to \(file))", at: node.mark)
        }
        return item
    }
}
