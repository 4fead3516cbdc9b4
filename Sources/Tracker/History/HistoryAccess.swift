import Foundation
import TrackCore

/// Opens a workspace's history index for a command, brought up to date with its `history/` files:
/// the one place that decides how (read-only checkouts, old-style databases, a busy index) and which
/// exit code each failure ends with. What the user should know on the way is handed to `notice`.
public struct HistoryAccess {
    public let workspace: Workspace
    /// Receives messages worth a line on standard error (warnings, conversions).
    public let notice: (String) -> Void
    /// Receives the history files left out as damaged or forged (each with its `file:line`); the
    /// command goes on with the other runs and ends with exit 65.
    public let damaged: ([Diagnostic]) -> Void

    public init(
        workspace: Workspace, notice: @escaping (String) -> Void,
        damaged: @escaping ([Diagnostic]) -> Void = { _ in }
    ) {
        self.workspace = workspace
        self.notice = notice
        self.damaged = damaged
    }

    /// The workspace's text history.
    public var archive: HistoryArchive { HistoryArchive(workspaceRoot: workspace.root) }

    /// The index brought up to date with the `history/` files first: an old-style database is written out
    /// once, with a message; a damaged file is a data error. When the index cannot be brought up to date
    /// (a read-only checkout), a command that only reads (`forWriting` false) is told so and reads the
    /// index as it is; one that records fails (exit 74).
    public func index(forWriting: Bool = false) throws(TrackError) -> HistoryStore {
        let archive = archive
        if !forWriting {
            let hasFiles = (try? archive.files().isEmpty == false) ?? false
            let exists = FileManager.default.fileExists(atPath: workspace.historyPath)
            let folder = URL(fileURLWithPath: workspace.historyPath).deletingLastPathComponent().path
            let writable = FileManager.default.isWritableFile(
                atPath: FileManager.default.fileExists(atPath: folder) ? folder : workspace.root)
            // Nothing to index: read what there is without creating a database. Nowhere to write the
            // index (a read-only checkout): read it as it is.
            if !hasFiles && !exists { return try open(access: .readOnly) }
            if !writable {
                notice(
                    "track: warning: cannot bring the history index \(DisplayPath.relative(workspace.historyPath)) up to date "
                        + "(its folder is read-only); showing it as it is")
                return try open(access: .readOnly)
            }
        }
        let store = try open()
        do {
            let done = try store.synchronize(with: archive)
            if !done.problems.isEmpty { damaged(done.problems) }
            if done.converted > 0 {
                notice(
                    "track: wrote \(Count.of(done.converted, "run")) of \(DisplayPath.relative(store.path)) to "
                        + "\(DisplayPath.relative(archive.path))/ as text files, the history of record from now on: commit them "
                        + "(the database is now an index of them)")
            }
        } catch let error as DiagnosticsError {
            throw TrackError.data(error)
        } catch {
            let message =
                "cannot bring the history index up to date with \(DisplayPath.relative(archive.path))/: \(error)"
            if forWriting { throw TrackError(.ioError, message) }
            notice("track: " + message + "; showing the index as it is")
        }
        return store
    }

    /// The index when the workspace has any history (a database or `history/` files), else nil.
    public func indexIfAny() throws(TrackError) -> HistoryStore? {
        let hasFiles = (try? archive.files().isEmpty == false) ?? false
        guard hasFiles || FileManager.default.fileExists(atPath: workspace.historyPath) else { return nil }
        return try index()
    }

    /// The store itself, its warnings handed on; busy is exit 75, anything else 74.
    public func open(access: HistoryStore.Access = .readWrite) throws(TrackError) -> HistoryStore {
        do {
            let store = try HistoryStore(
                // An absolute path comes only from --history (track.yaml's must stay inside the workspace).
                path: workspace.historyPath, within: workspace.settings.historyPath.hasPrefix("/") ? nil : workspace.root,
                access: access, ledger: UserDataDirectory.path() + "/histories",
                rebuiltFromFiles: (try? archive.files().isEmpty == false) ?? false)
            for warning in store.warnings { notice("track: warning: \(warning)") }
            return store
        } catch {
            throw TrackError(error)
        }
    }

    /// Deletes the runs of `kind` and/or as of days before `before`, with their files (`history --prune`).
    public func prune(kind: HistoryStore.RunKind?, before: Day?) throws(TrackError) -> Int {
        try underEvaluateLock { () throws(TrackError) in
            let store = try index(forWriting: true)
            return try TrackError.converting { try store.prune(kind: kind, before: before, archive: archive) }
        }
    }

    /// Writes the runs of an old-style history database to `history/` (`history --export`); how many.
    public func export() throws(TrackError) -> Int {
        try underEvaluateLock { () throws(TrackError) in
            let exported = try TrackError.converting { try open().export(to: archive) }
            _ = try index(forWriting: true)
            return exported
        }
    }

    /// Runs `body` while no evaluation runs (the evaluate lock, waited for up to 10 s).
    private func underEvaluateLock<T>(_ body: () throws(TrackError) -> T) throws(TrackError) -> T {
        let lock = try TrackError.converting { try WorkspaceLock(workspace: workspace.root, purpose: .evaluate, timeout: 10) }
        return try withExtendedLifetime(lock) { () throws(TrackError) -> T in try body() }
    }
}
