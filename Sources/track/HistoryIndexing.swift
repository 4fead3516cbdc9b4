import ArgumentParser
import Foundation
import Tracker

/// The history index of `workspace` (see `openHistory`), brought up to date with its `history/`
/// files first: an old-style database is written out once, with a message; a damaged file exits 65.
/// When the index cannot be brought up to date (a read-only checkout, say), a command that only reads
/// (`forWriting` false) warns and goes on with the index as it is; one that records exits 74.
func openHistoryIndex(_ workspace: Workspace, forWriting: Bool = false) throws -> HistoryStore {
    let archive = HistoryArchive(workspaceRoot: workspace.root)
    if !forWriting {
        let hasFiles = (try? archive.files().isEmpty == false) ?? false
        let exists = FileManager.default.fileExists(atPath: workspace.historyPath)
        let folder = URL(fileURLWithPath: workspace.historyPath).deletingLastPathComponent().path
        let writable = FileManager.default.isWritableFile(atPath: FileManager.default.fileExists(atPath: folder) ? folder : workspace.root)
        // Nothing to index: read what there is without creating a database. Nowhere to write the
        // index (a read-only checkout): read it as it is.
        if !hasFiles && !exists { return try openHistory(workspace, access: .readOnly) }
        if !writable {
            Console.printError("track: warning: cannot bring the history index \(Console.displayPath(workspace.historyPath)) up to date "
                + "(its folder is read-only); showing it as it is")
            return try openHistory(workspace, access: .readOnly)
        }
    }
    let store = try openHistory(workspace)
    do {
        let done = try store.synchronize(with: archive)
        if done.converted > 0 {
            Console.printError(
                "track: wrote \(count(done.converted, "run")) of \(Console.displayPath(store.path)) to \(Console.displayPath(archive.path))/ "
                    + "as text files, the history of record from now on: commit them (the database is now an index of them)")
        }
    } catch let error as DiagnosticsError {
        throw fail(error)
    } catch {
        Console.printError("track: cannot bring the history index up to date with \(Console.displayPath(archive.path))/: \(error)"
            + (forWriting ? "" : "; showing the index as it is"))
        if forWriting { throw ExitStatus.historyUnavailable }
    }
    return store
}

/// The history index when the workspace has any history (a database or `history/` files), else nil.
func openHistoryIndexIfAny(_ workspace: Workspace) throws -> HistoryStore? {
    let archive = HistoryArchive(workspaceRoot: workspace.root)
    let hasFiles = (try? archive.files().isEmpty == false) ?? false
    guard hasFiles || FileManager.default.fileExists(atPath: workspace.historyPath) else { return nil }
    return try openHistoryIndex(workspace)
}
