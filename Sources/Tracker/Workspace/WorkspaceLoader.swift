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

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    /// Reads predictions.yaml, track.yaml, indicators/*.yaml and catalog/*.yaml (parsed, not decoded) under `root`.
    public static func load(root: String) -> Result {
        var diagnostics: [Diagnostic] = []

        let settingsPath = root + "/" + settingsFile
        var settings = Settings()
        if FileManager.default.fileExists(atPath: settingsPath) {
            let (read, problems) = SettingsReader.read(parse(settingsPath, into: &diagnostics), file: settingsPath)
            settings = read
            diagnostics += problems
        }

        let predictionsPath = root + "/" + WorkspaceLocator.predictionsFile
        let predictionsFile = PredictionsReader.read(parse(predictionsPath, into: &diagnostics), file: predictionsPath)
        diagnostics += predictionsFile.diagnostics

        var indicators: [Indicator] = []
        for path in yamlFiles(in: root + "/" + indicatorsDirectory, diagnostics: &diagnostics) {
            let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let (indicator, problems) = IndicatorReader.read(parse(path, into: &diagnostics), file: path, expectedID: id)
            diagnostics += problems
            if let indicator { indicators.append(indicator) }
        }

        let catalog = yamlFiles(in: root + "/" + catalogDirectory, diagnostics: &diagnostics).compactMap { parse($0, into: &diagnostics) }

        let workspace = Workspace(
            root: root, settings: settings, sources: predictionsFile.sources, predictions: predictionsFile.predictions,
            indicators: indicators, catalog: catalog)
        diagnostics += WorkspaceChecks.check(workspace, predictionsFile: predictionsFile)
        return Result(workspace: workspace, diagnostics: Diagnostic.sortedForReport(diagnostics))
    }

    /// Reads and parses one file; nil (with the problems noted) when it cannot be read or parsed.
    public static func parse(_ path: String, into diagnostics: inout [Diagnostic]) -> YAMLNode? {
        do throws(DiagnosticsError) {
            return try YAMLParser.parse(fileAt: path).root
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }

    /// `*.yaml` and `*.yml` in `directory` (if it exists), sorted by name.
    static func yamlFiles(in directory: String, diagnostics: inout [Diagnostic]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(Diagnostic("'\(URL(fileURLWithPath: directory).lastPathComponent)' is not a readable directory", file: directory))
            return []
        }
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
            .map { directory + "/" + $0 }
    }
}
