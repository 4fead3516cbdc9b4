import Foundation
import TrackCore
import TrackEngine
import Tracker
import TrackEvaluators

/// `track record`'s whole path into an indicator file of `count` observations (the write lock, the read,
/// the edit and its check, the atomic write flushed to disk) against `track validate` of a workspace
/// holding that file alone, in the same run; each record adds a new day after the last, as news does.
func recordBenchmark(observations count: Int) throws {
    let (root, _) = try makeWorkspace(observations: count)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/indicators/bench-series.yaml"
    let lastDay = WorkspaceLoader.load(root: root).workspace.indicators[0].observations.last!.date
    var validate: [Double] = [], record: [Double] = []
    for repetition in 1...(count >= 800_000 ? 5 : 7) {
        validate.append(time { validateAlone(root: root) })
        let entry = IndicatorEditor.Entry(
            date: lastDay.adding(days: repetition), subject: "model-1", value: "1.5", source: "https://example.com/new", note: nil)
        record.append(time { recordAlone(entry, into: path, root: root) })
    }
    precondition(WorkspaceLoader.load(root: root).workspace.indicators[0].observations.count == count + record.count)
    print("\(count) observations: track record against track validate of the same file alone")
    print(row("validate (load, checks, plugin checks)", validate, against: validate))
    print(row("record (lock, read, edit, check, write)", record, against: validate))
}

/// What `track validate` does, without printing: the workspace loaded and checked, plugin configurations included.
private func validateAlone(root: String) -> Int {
    let result = WorkspaceLoader.load(root: root)
    let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
    let catalog = Catalog.read(result.workspace.catalog).diagnostics
    let diagnostics = result.diagnostics + catalog + result.withoutKnockOns(engine.diagnostics)
        + BuiltInSources.registry.diagnostics(for: engine.workspace)
    precondition(diagnostics.allSatisfy { $0.severity != .error }, "benchmark workspace has errors")
    return diagnostics.count
}

/// What `track record` does once the indicator's file is found (RecordCommand.run), without printing.
private func recordAlone(_ entry: IndicatorEditor.Entry, into path: String, root: String) {
    let lock = try! WorkspaceLock(workspace: root, purpose: .write, timeout: 30)
    let text = try! WorkspaceFile.read(path, within: root)
    guard case .appended(let newText, _, _) = try! IndicatorEditor.append(entry, to: text, file: path, indicatorID: "bench-series") else {
        fatalError("benchmark entry was not appended")
    }
    try! AtomicFile.write(newText, to: path, within: root)
    withExtendedLifetime(lock) {}
}
