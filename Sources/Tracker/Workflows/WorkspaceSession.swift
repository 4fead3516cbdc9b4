import Foundation
import TrackCore
import TrackDomain
import TrackEngine
import TrackEvaluators

/// A workspace as a command uses it: found like git finds a repository, loaded and checked with the
/// built-in evaluators and sources, its history index where `--history` puts it.
public struct WorkspaceSession: Sendable {
    /// The directory holding predictions.yaml.
    public let root: String
    /// `--history PATH`: the history index's absolute path for this run, or nil for track.yaml's.
    public let historyOverride: String?

    /// Finds the workspace: `explicit` (`--workspace`), else the current directory or its nearest parent
    /// holding predictions.yaml; a usage error naming `track init` when there is none.
    public init(explicit: String?, history: String? = nil) throws(TrackError) {
        do {
            root = try WorkspaceLocator.locate(explicit: explicit)
        } catch {
            let hint = explicit == nil ? "; track init DIR creates a new workspace" : ""
            let diagnostics = error.diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.message += hint
                return diagnostic
            }
            throw TrackError(.usage, nil, diagnostics: diagnostics)
        }
        historyOverride = history.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The evaluators and sources every command knows.
    public static let evaluators = BuiltInEvaluators.registry
    public static let sources = BuiltInSources.registry

    /// The workspace loaded and checked: the engine over what could be read, and every problem found in
    /// the files, the catalog, the plugins' configurations and the sources' (sorted for a report).
    public func check() -> (engine: EvaluationEngine, diagnostics: [Diagnostic]) {
        let result = WorkspaceLoader.load(root: root)
        let engine = EvaluationEngine(workspace: withHistoryOverride(result.workspace), registry: Self.evaluators)
        // The catalog is the model plugins' domain: the core keeps it as YAML, the domain decodes and checks it.
        let catalog = Catalog.read(result.workspace.catalog).diagnostics
        let sources = Self.sources.diagnostics(for: result.workspace)
        // A broken indicator file is reported once, at its root; references to it are not errors of their own.
        let plugins = result.withoutKnockOns(engine.diagnostics)
        return (engine, Diagnostic.sortedForReport(result.diagnostics + catalog + plugins + sources))
    }

    /// The engine over the workspace and its warnings; a data error with every problem when it has errors.
    public func engine() throws(TrackError) -> (engine: EvaluationEngine, warnings: [Diagnostic]) {
        let (engine, diagnostics) = check()
        try Self.requireNoErrors(diagnostics)
        return (engine, diagnostics)
    }

    /// The engine over what could be read whatever its errors, for a report that shows the forecasts it
    /// can (and the errors apart); the errors and the warnings.
    public func engineDespiteErrors() -> (engine: EvaluationEngine, errors: [Diagnostic], warnings: [Diagnostic]) {
        let (engine, diagnostics) = check()
        return (engine, diagnostics.filter { $0.severity == .error }, diagnostics.filter { $0.severity != .error })
    }

    /// Only track.yaml and predictions.yaml, for commands that need no observation (`track history`).
    public func forecasts() throws(TrackError) -> (workspace: Workspace, warnings: [Diagnostic]) {
        let result = WorkspaceLoader.loadForecasts(root: root)
        try Self.requireNoErrors(result.diagnostics)
        return (withHistoryOverride(result.workspace), result.diagnostics)
    }

    /// The path of indicator `id`'s file, or a usage error with a did-you-mean and `hint`.
    public func indicatorFile(_ id: String, hint: String) throws(TrackError) -> String {
        if let path = existingIndicatorFile(id) { return path }
        throw TrackError(.usage, unknownIndicator(id, hint: hint))
    }

    /// The path of indicator `id`'s file when it exists (`.yaml`, else `.yml`).
    public func existingIndicatorFile(_ id: String) -> String? {
        ["yaml", "yml"].map { "\(indicatorsDirectory)/\(id).\($0)" }.first(where: FileManager.default.fileExists)
    }

    /// The folder of the indicator files.
    public var indicatorsDirectory: String { root + "/" + WorkspaceLoader.indicatorsDirectory }

    /// "unknown indicator 'x'; did you mean 'y'?" with `hint` after it.
    func unknownIndicator(_ id: String, hint: String) -> String {
        let known = WorkspaceLoader.load(root: root).workspace.indicators.map(\.id)
        return Suggestion.message(unknown: id, expected: known, noun: "indicator") + " (\(hint))"
    }

    /// The forecast `id` of `workspace`, or a usage error with a did-you-mean.
    public static func prediction(_ id: String, in workspace: Workspace) throws(TrackError) -> Prediction {
        if let prediction = workspace.prediction(id) { return prediction }
        let ids = workspace.predictions.map(\.id)
        throw TrackError(.usage, Suggestion.message(unknown: id, expected: ids, noun: "forecast id") + " (track status lists them)")
    }

    /// Checks that some forecast carries `tag` (nil: no filter): a tag no forecast has is a typo more
    /// often than an empty selection, so it is a usage error naming the closest tag.
    public static func requireTag(_ tag: String?, in workspace: Workspace) throws(TrackError) {
        guard let tag else { return }
        let tags = Set(workspace.predictions.flatMap(\.tags)).sorted()
        guard !tags.contains(tag) else { return }
        var message = "--tag: no forecast has the tag '\(tag)'; the tags are " + (tags.isEmpty ? "(none)" : tags.joined(separator: ", "))
        if let closest = Suggestion.closest(to: tag, among: tags) { message += "; did you mean '\(closest)'?" }
        throw TrackError(.usage, message)
    }

    /// `workspace` with its history index where `--history` puts it.
    func withHistoryOverride(_ workspace: Workspace) -> Workspace {
        guard let historyOverride else { return workspace }
        var workspace = workspace
        workspace.settings.historyPath = historyOverride
        return workspace
    }

    private static func requireNoErrors(_ diagnostics: [Diagnostic]) throws(TrackError) {
        let errors = diagnostics.count { $0.severity == .error }
        guard errors > 0 else { return }
        throw TrackError(
            .dataError, "\(Count.of(errors, "error")) in the workspace; fix them (track validate lists them all).",
            diagnostics: diagnostics)
    }
}

/// "1 error", "3 errors".
public enum Count {
    public static func of(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
