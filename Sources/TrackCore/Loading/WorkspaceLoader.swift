import Foundation

/// Loads a workspace from disk and checks it: every file's own rules, then the rules across files.
public enum WorkspaceLoader {
    public static let indicatorsDirectory = "indicators"
    public static let settingsFile = "track.yaml"
    /// Files kept as parsed YAML for the plugins that read them (models and accelerators).
    public static let catalogDirectory = "catalog"

    /// The outcome of a load: the workspace as far as it could be read, and every problem found.
    public struct Result: Sendable {
        public var workspace: Workspace
        public var diagnostics: [Diagnostic]
        /// The ids of indicator files that have errors (and may be missing from `workspace`), so that
        /// references to them need no knock-on "unknown indicator" errors: their file's error is the root.
        public var brokenIndicatorIDs: Set<String> = []

        /// The plugin configuration problems in `diagnostics` that are not knock-ons of a broken indicator file
        /// (a reference to an indicator whose file has errors is not an error of its own).
        public func withoutKnockOns(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
            let names = brokenIndicatorIDs.map { "'\($0)'" }
            return diagnostics.filter { diagnostic in !names.contains { diagnostic.message.contains($0) } }
        }

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    /// Reads only track.yaml and predictions.yaml under `root`, for commands that need the forecasts and the
    /// settings but no observation (`track history`): its cost does not grow with the indicator files.
    public static func loadForecasts(root: String) -> Result {
        var diagnostics: [Diagnostic] = []
        let (settings, predictionsFile) = readSettingsAndPredictions(root: root, into: &diagnostics)
        let workspace = Workspace(
            root: root, settings: settings, sources: predictionsFile.sources, predictions: predictionsFile.predictions,
            indicators: [])
        return Result(workspace: workspace, diagnostics: Diagnostic.sortedForReport(diagnostics))
    }

    /// track.yaml and predictions.yaml under `root`, their problems noted: what every load starts from.
    private static func readSettingsAndPredictions(root: String, into diagnostics: inout [Diagnostic]) -> (Settings, PredictionsFile) {
        let settings = loadSettings(root: root, into: &diagnostics)
        let predictionsPath = root + "/" + WorkspaceLocator.predictionsFile
        let predictionsFile =
            parse(predictionsPath, root: root, into: &diagnostics)
            .map { PredictionsReader.read($0.root, file: predictionsPath) } ?? PredictionsFile()
        diagnostics += predictionsFile.diagnostics
        diagnostics += ForecasterChecks.names(predictionsFile.predictions, settings: settings)
        return (settings, predictionsFile)
    }

    private static func loadSettings(root: String, into diagnostics: inout [Diagnostic]) -> Settings {
        let settingsPath = root + "/" + settingsFile
        guard FileManager.default.fileExists(atPath: settingsPath), let parsed = parse(settingsPath, root: root, into: &diagnostics) else {
            return Settings()
        }
        let (settings, problems) = SettingsReader.read(parsed.root, file: settingsPath)
        diagnostics += problems
        return settings
    }

    /// Reads predictions.yaml, track.yaml, indicators/*.yaml and catalog/*.yaml (parsed, not decoded) under `root`.
    public static func load(root: String) -> Result {
        var diagnostics: [Diagnostic] = []
        let (settings, predictionsFile) = readSettingsAndPredictions(root: root, into: &diagnostics)

        var indicators: [Indicator] = []
        var broken: Set<String> = []
        for path in yamlFiles(in: root + "/" + indicatorsDirectory, diagnostics: &diagnostics) {
            let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let (indicator, problems): (Indicator?, [Diagnostic])
            do throws(DiagnosticsError) {
                (indicator, problems) = try IndicatorReader.read(file: path, expectedID: id) { collector throws(DiagnosticsError) in
                    try parse(path, root: root, collecting: &collector)
                }
            } catch {
                diagnostics += error.diagnostics
                broken.insert(id)
                continue
            }
            diagnostics += problems
            if let indicator { indicators.append(indicator) }
            if indicator == nil || problems.contains(where: { $0.severity == .error }) {
                // References may use the file's name or the id written inside it.
                broken.insert(id)
                if let indicator { broken.insert(indicator.id) }
            }
        }

        let catalog = yamlFiles(in: root + "/" + catalogDirectory, diagnostics: &diagnostics).compactMap {
            parse($0, root: root, into: &diagnostics)?.root
        }

        var workspace = Workspace(
            root: root, settings: settings, sources: predictionsFile.sources, predictions: predictionsFile.predictions,
            indicators: indicators, catalog: catalog)
        workspace.unreadableIndicatorIDs = broken.subtracting(indicators.map(\.id))
        diagnostics += WorkspaceChecks.check(workspace, predictionsFile: predictionsFile)
        diagnostics += ForecasterChecks.crowds(workspace)
        return Result(workspace: workspace, diagnostics: Diagnostic.sortedForReport(diagnostics), brokenIndicatorIDs: broken)
    }

    /// Reads and parses one file of the workspace at `root`: its document (whose root is nil when the
    /// file is empty), or nil with the problems noted when it cannot be read or parsed, is no regular
    /// file, or is a link that leads out of the workspace.
    public static func parse(_ path: String, root: String, into diagnostics: inout [Diagnostic]) -> YAMLDocument? {
        do throws(DiagnosticsError) {
            var none: NoCollector?
            return try parse(path, root: root, collecting: &none)
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }

    /// As above, throwing the problems, with the items of one list handed to `collector` as they are parsed.
    static func parse<Collector: YAMLListCollector>(
        _ path: String, root: String, collecting collector: inout Collector?
    ) throws(DiagnosticsError) -> YAMLDocument {
        if let problem = WorkspaceFile.problem(reading: path, within: root) {
            throw DiagnosticsError([Diagnostic(problem, file: path)])
        }
        return try YAMLParser.parse(fileAt: path, collecting: &collector)
    }

    /// `*.yaml` and `*.yml` in `directory` (if it exists), sorted by name.
    static func yamlFiles(in directory: String, diagnostics: inout [Diagnostic]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(
                Diagnostic("'\(URL(fileURLWithPath: directory).lastPathComponent)' is not a readable directory", file: directory))
            return []
        }
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
            .map { directory + "/" + $0 }
    }
}
