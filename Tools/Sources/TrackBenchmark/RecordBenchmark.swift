import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// `track record`'s whole path into an indicator file of `count` observations (the write lock, the read,
/// the edit and its check, the atomic write flushed to disk) against `track validate` of a workspace
/// holding that file alone, in the same run; each record adds a new day after the last, as news does.
func recordBenchmark(observations count: Int) throws {
    let (root, _) = try makeWorkspace(observations: count)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let lastDay = WorkspaceLoader.load(root: root).workspace.indicators[0].observations.last!.date
    var validate: [Double] = []
    var record: [Double] = []
    for repetition in 1...(count >= 800_000 ? 5 : 7) {
        validate.append(time { validateAlone(root: root) })
        let entry = IndicatorEditor.Entry(
            date: lastDay.adding(days: repetition), subject: "model-1", value: "1.5", source: "https://example.com/new", note: nil)
        record.append(time { recordAlone(entry, root: root) })
    }
    precondition(WorkspaceLoader.load(root: root).workspace.indicators[0].observations.count == count + record.count)
    print("\(count) observations: track record against track validate of the same file alone")
    print(row("validate (load, checks, plugin checks)", validate, against: validate))
    print(row("record (lock, read, edit, check, write)", record, against: validate))
}

/// What `track validate` does, without printing: the workspace loaded and checked, plugin configurations included.
private func validateAlone(root: String) -> Int {
    let (_, diagnostics) = try! WorkspaceSession(explicit: root).check()
    precondition(diagnostics.allSatisfy { $0.severity != .error }, "benchmark workspace has errors")
    return diagnostics.count
}

/// What `track record` does, without printing: the workflow's lock, guarded read, edit, check and write.
private func recordAlone(_ entry: IndicatorEditor.Entry, root: String) {
    let outcome = try! WorkspaceSession(explicit: root).record(entry, into: "bench-series", policy: IndicatorMerge.Policy(), dryRun: false)
    guard case .appended = outcome else { fatalError("benchmark entry was not appended") }
}
