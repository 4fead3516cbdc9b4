import Foundation
import TrackCore
import TrackEngine

/// `track evaluate`: one run of every forecast, as one of three kinds. A recorded run (today) is
/// written to `history/` and compared with the previous recorded run; a what-if run (another day) is
/// stored in the index only; backtests (past days, every period) replace the earlier backtests.
/// Two runs never overlap: the evaluate lock is held throughout.
public struct EvaluationRun {
    public enum Kind: Sendable {
        case recorded
        case whatIf
        case backfill(from: Day, every: Period)
    }

    /// What a run did.
    public enum Outcome: Sendable {
        /// Backtests stored, one per day.
        case backtests(days: [Day], archivePath: String)
        /// A what-if run stored in the index, with its evaluations.
        case whatIf([Evaluation])
        /// A recorded run: its evaluations, the file written (relative to the archive; nil when nothing
        /// changed since the previous recorded run, whose day is given, nil for the first) and the changes.
        case recorded([Evaluation], file: String?, archivePath: String, previous: Day?, changes: ChangeReport)
    }

    public let session: WorkspaceSession
    public let asOf: Day
    public let kind: Kind

    public init(session: WorkspaceSession, asOf: Day, kind: Kind) {
        self.session = session
        self.asOf = asOf
        self.kind = kind
    }

    /// Evaluates and stores the run. The workspace's warnings go to `warnings` with those the last
    /// recorded run did not have (so that a quiet run can stay silent about known ones); the history's
    /// messages go to `notice`, the history files left out (damaged, forged) to `damaged`.
    public func run(
        warnings report: (_ all: [Diagnostic], _ unseen: [Diagnostic]) -> Void, notice: @escaping (String) -> Void,
        damaged: @escaping ([Diagnostic]) -> Void = { _ in }
    ) throws(TrackError) -> Outcome {
        let lock = try TrackError.converting { try WorkspaceLock(workspace: session.root, purpose: .evaluate, timeout: 0) }
        return try withExtendedLifetime(lock) { () throws(TrackError) -> Outcome in
            let (engine, warnings) = try session.engine()
            let known = KnownWarnings(workspaceRoot: session.root)
            report(warnings, known.unseen(warnings))
            let history = HistoryAccess(workspace: engine.workspace, notice: notice, damaged: damaged)
            let store = try history.index(forWriting: true)
            let archive = history.archive
            let commit = GitCommit.current(in: session.root)
            let dirty = commit == nil ? nil : GitCommit.isDirty(in: session.root)
            let cannotWrite = "cannot write the run into \(DisplayPath.relative(archive.path))/"
            switch kind {
            case .backfill(let from, let every):
                let days = try TrackError.converting(exit: .cannotCreate, context: cannotWrite) {
                    try Backfill.run(
                        engine: engine, archive: archive, store: store, from: from, through: asOf, every: every, gitCommit: commit,
                        dirty: dirty, trackVersion: TrackVersion.current)
                }
                return .backtests(days: days, archivePath: archive.path + "/" + HistoryArchive.backtests)
            case .whatIf:
                let evaluations = engine.evaluateAll(asOf: asOf)
                try TrackError.converting {
                    _ = try store.store(evaluations, asOf: asOf, kind: .whatIf, gitCommit: commit, trackVersion: TrackVersion.current)
                }
                return .whatIf(evaluations)
            case .recorded:
                let evaluations = engine.evaluateAll(asOf: asOf)
                let previous = try TrackError.converting { try store.latestRecordedRun() }
                let changes = ChangeReport(
                    evaluations: evaluations, previous: previous, workspace: engine.workspace, asOf: asOf,
                    probabilityThreshold: engine.workspace.settings.alertProbabilityChange)
                // Every forecast as the last recorded run left it: no new file (a scheduled job commits only
                // news); the index notes the day.
                var file: String?
                if !Self.unchanged(evaluations, since: previous?.points) {
                    let run = ArchivedRun(
                        evaluations, asOf: asOf, kind: .recorded, recordedAt: Date(), runner: HistoryArchive.runner(),
                        trackVersion: TrackVersion.current, gitCommit: commit, dirty: dirty)
                    file = try TrackError.converting(exit: .cannotCreate, context: cannotWrite) { try archive.record(run) }
                    try TrackError.converting { _ = try store.synchronize(with: archive) }
                }
                try TrackError.converting { try store.noteEvaluated(asOf) }
                // What this run warned about is known from now on; a quiet run stays silent about it.
                try? known.remember(warnings)
                return .recorded(evaluations, file: file, archivePath: archive.path, previous: previous?.run.asOf, changes: changes)
            }
        }
    }

    /// Whether every forecast has the status and the probability (to the percent shown) that `previous`
    /// recorded, and no other forecast was recorded then.
    static func unchanged(_ evaluations: [Evaluation], since previous: [String: HistoryStore.Point]?) -> Bool {
        guard let previous, previous.count == evaluations.count else { return false }
        func percent(_ probability: Double?) -> Int? { probability.map { Int(($0 * 100).rounded()) } }
        return evaluations.allSatisfy { evaluation in
            guard let point = previous[evaluation.predictionID] else { return false }
            return point.status == evaluation.status && percent(point.probability) == percent(evaluation.probability)
        }
    }

    /// Runs `command` with /bin/sh, `report` (the change report as JSON) on its standard input; a
    /// failure to start it or a non-zero exit is exit 1 (the run is recorded by then).
    public static func notify(_ command: String, report: String) throws(TrackError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        do { try process.run() } catch {
            throw TrackError(.failure, "--notify-command: cannot run /bin/sh: \(error) (the run is recorded)")
        }
        // The command may not read its input: a closed pipe must not stop track.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data((report + "\n").utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw TrackError(.failure, "--notify-command failed (exit \(process.terminationStatus)): \(command) (the run is recorded)")
        }
    }
}
