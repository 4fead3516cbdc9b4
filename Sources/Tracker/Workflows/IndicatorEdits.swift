import Foundation
import TrackCore

/// The workflows that write indicator files and predictions.yaml, each through one `WorkspaceEdit`.
extension WorkspaceSession {
    /// What `record` did: the entry's place and lines, or the line of the same observation already there.
    public enum Recorded: Sendable {
        case appended(path: String, line: Int, lines: [String])
        case duplicate(path: String, line: Int)
    }

    /// Appends one observation to indicator `id`'s file (`track record`).
    public func record(
        _ entry: IndicatorEditor.Entry, into id: String, policy: IndicatorMerge.Policy, dryRun: Bool
    ) throws(TrackError) -> Recorded {
        let path = try indicatorFile(id, hint: "track add-indicator creates one")
        return try WorkspaceEdit(root: root, path: path).perform(dryRun: dryRun) { text throws(TrackError) in
            let outcome: IndicatorEditor.Outcome
            do throws(DiagnosticsError) {
                outcome = try IndicatorEditor.append(entry, to: text, file: path, indicatorID: id, policy: policy)
            } catch {
                throw TrackError.data(error)
            }
            switch outcome {
            case .duplicate(let line):
                return .init(text: nil, result: .duplicate(path: path, line: line))
            case .appended(let newText, let line, let lines):
                return .init(text: newText, result: .appended(path: path, line: line, lines: lines))
            }
        }
    }

    /// What `import` did: the indicator file, whether it was created, and the import's counts.
    public struct Imported: Sendable {
        public var path: String
        public var created: Bool
        public var report: ObservationImport.Report
    }

    /// A new indicator file's definition, for `import --create`.
    public struct NewIndicator: Sendable {
        public var name: String
        public var unit: String?
        public var better: Indicator.Direction?

        public init(name: String, unit: String?, better: Indicator.Direction?) {
            self.name = name
            self.unit = unit
            self.better = better
        }
    }

    /// Adds `table`'s rows to indicator `id` in one checked edit (`track import`); with `create`, makes the
    /// file when it does not exist.
    public func importTable(
        _ table: ImportTable, mapping: ImportMapping, into id: String, policy: IndicatorMerge.Policy, create: NewIndicator?,
        dryRun: Bool
    ) throws(TrackError) -> Imported {
        let existing = existingIndicatorFile(id)
        guard existing != nil || create != nil else { throw TrackError(.usage, unknownIndicator(id, hint: "--create makes a new one")) }
        let path = existing ?? "\(indicatorsDirectory)/\(id).yaml"
        let template = create.map { IndicatorTemplate.text(id: id, name: $0.name, unit: $0.unit, better: $0.better) }
        // The same table with the same settings into the file as the last import left it adds nothing: answered from memory.
        let memoryPath = ImportMemory.path(indicatorID: id, workspaceRoot: root)
        let settings = "\(id)\n\(mapping)\n\(policy)"
        var memory: ImportMemory?
        let report = try WorkspaceEdit(root: root, path: path).perform(dryRun: dryRun, missing: template) { text throws(TrackError) in
            if existing != nil, let digest = table.digest,
                let repeated = ImportMemory.matching(table: digest, settings: settings, fileText: text, at: memoryPath)
            {
                return .init(text: nil, result: repeated.report)
            }
            let report: ObservationImport.Report
            do throws(DiagnosticsError) {
                report = try ObservationImport.run(table, mapping: mapping, into: text, file: path, indicatorID: id, policy: policy)
            } catch {
                throw TrackError.data(error)
            }
            if let digest = table.digest {
                memory = ImportMemory(table: digest, settings: settings, fileText: report.merge.text ?? text, report: report)
            }
            return .init(text: report.merge.text ?? (existing == nil ? text : nil), result: report)
        }
        // Not remembering only costs a full import next time.
        if !dryRun { try? memory?.save(to: memoryPath) }
        return Imported(path: path, created: existing == nil, report: report)
    }

    /// Writes `resolution` into forecast `id`'s entry in predictions.yaml (`track resolve`).
    public func resolve(_ id: String, with resolution: Resolution, replace: Bool, dryRun: Bool) throws(TrackError) {
        _ = try Self.prediction(id, in: WorkspaceLoader.loadForecasts(root: root).workspace)
        let path = root + "/" + WorkspaceLocator.predictionsFile
        try WorkspaceEdit(root: root, path: path).perform(dryRun: dryRun) { text throws(TrackError) in
            do throws(DiagnosticsError) {
                return .init(text: try PredictionsEditor.resolve(id, with: resolution, replace: replace, in: text, file: path), result: ())
            } catch {
                throw TrackError.data(error)
            }
        }
    }

    /// Creates indicator `id`'s file from `text` (`track add-indicator`); returns its path and the text
    /// written. The file must not exist yet, and the text must read back as a valid indicator. When the
    /// workspace has the indicator schema (as `track init` writes it), the file names it for editors.
    public func addIndicator(_ id: String, text: String) throws(TrackError) -> (path: String, text: String) {
        let path = "\(indicatorsDirectory)/\(id).yaml"
        let schema = "schema/indicator.schema.json"
        let text =
            FileManager.default.fileExists(atPath: root + "/" + schema) ? "# yaml-language-server: $schema=../\(schema)\n" + text : text
        try WorkspaceEdit(root: root, path: path).perform(dryRun: false, missing: text) { current throws(TrackError) in
            guard current == text, existingIndicatorFile(id) == nil else {
                throw TrackError(
                    .usage,
                    "\(DisplayPath.relative(path)) already exists; record into it with track record \(id) VALUE --source ...")
            }
            let (_, problems) = IndicatorReader.check(text, file: path, id: id)
            if !problems.isEmpty { throw TrackError(.dataError, nil, diagnostics: problems) }
            return .init(text: text, result: ())
        }
        return (path, text)
    }
}

extension WorkspaceSession {
    /// The indicators `track update` runs: those named (each must declare a source), else every one that
    /// declares one.
    public func updatableIndicators(_ ids: [String]) throws(TrackError) -> [Indicator] {
        let all = WorkspaceLoader.load(root: root).workspace.indicators
        guard !ids.isEmpty else { return all.filter { $0.update != nil } }
        return try ids.map { id throws(TrackError) in
            guard let indicator = all.first(where: { $0.id == id }) else {
                throw TrackError(.usage, Suggestion.message(unknown: id, expected: all.map(\.id), noun: "indicator"))
            }
            guard indicator.update != nil else {
                throw TrackError(
                    .usage,
                    "indicator '\(id)' declares no source; add 'update: {source: csv, url: ...}' to \(DisplayPath.relative(indicator.file))"
                )
            }
            return indicator
        }
    }

    /// Runs `indicator`'s source and adds what it answers, as of `today` (`track update`).
    public func update(_ indicator: Indicator, dryRun: Bool, today: Day = Day.today()) -> IndicatorUpdate.Outcome {
        IndicatorUpdate.run(indicator, workspaceRoot: root, registry: Self.sources, dryRun: dryRun, today: today)
    }
}
