import Foundation
import GRDB
import TrackCore
import TrackEngine

/// What the tracker believed on each day: every evaluation run and every forecast's status and
/// probability in it, in an embedded SQLite database (WAL mode) under `.track/`: an index of the
/// text files in `history/` (see `synchronize(with:)`), plus the what-if runs.
public final class HistoryStore: Sendable {
    /// Why a run was stored.
    public enum RunKind: String, Sendable, Codable {
        /// What the tracker said at the time, recorded by `track evaluate`.
        case recorded
        /// What it would have said on a past day, computed later by `track evaluate --backfill`.
        case backtest
        /// Evaluated `--as-of` another day than today: kept apart, never compared or scored as recorded.
        case whatIf = "what-if"
    }

    /// One stored run.
    public struct Run: Sendable {
        public var id: Int64
        public var recordedAt: Date
        public var asOf: Day
        public var kind: RunKind
        public var gitCommit: String?
        public var trackVersion: String
    }

    /// One forecast in one run.
    public struct Point: Sendable, Encodable {
        public var asOf: Day
        public var recordedAt: Date
        public var kind: RunKind
        public var status: Status
        @EncodedAsNull public var probability: Double?
        public var summary: String
    }

    /// The store cannot be used; the message says why and what to do.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The history would lie outside the workspace (a link, a folder that leads out): never opened, exit 73.
    public struct OutsideWorkspace: Error, CustomStringConvertible {
        public let description: String
    }

    /// The database is in use by another process for longer than the store waits (exit 75: try again).
    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "the history at \(path) stayed busy (another track process is writing it); try again when it has finished"
        }
    }

    /// How the store is opened.
    public enum Access: Sendable {
        /// Created when missing, migrated, written.
        case readWrite
        /// Only read; never created, migrated or written (a read-only file or folder is fine).
        case readOnly
    }

    /// How long a busy database is waited for by default, in seconds.
    public static let defaultBusyTimeout = 10.0

    /// Nil when a read-only store finds no file: it reads as empty.
    let reader: (any DatabaseReader)?
    let writer: DatabasePool?
    public let path: String
    /// A file listing histories that have held recorded runs, outside the workspace (or nil).
    private let ledger: String?
    /// Things the user should know that do not stop the command (a history missing since earlier runs).
    public let warnings: [String]

    /// Opens the store at `path`. A file that is not a track history is an error, never touched, never
    /// replaced. With `root`, the file must lie inside that workspace (a linked `.track/` cannot lead out).
    /// With `ledger`, a missing history that held recorded runs before is a warning naming it.
    /// A database kept busy by another process longer than `busyTimeout` seconds is `Busy`. With
    /// `rebuiltFromFiles`, a missing index is only rebuilt from `history/` and the warning says so.
    public init(
        path: String, within root: String? = nil, access: Access = .readWrite, ledger: String? = nil,
        busyTimeout: Double = HistoryStore.defaultBusyTimeout, rebuiltFromFiles: Bool = false
    ) throws {
        self.path = path
        self.ledger = ledger
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var warnings: [String] = []
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Failure(description: "\(folder) is not a folder, so the history \(path) cannot be kept there; move that file aside")
        }
        if let root, let problem = Self.outside(folder, root: root) { throw OutsideWorkspace(description: problem) }
        let exists = FileManager.default.fileExists(atPath: path)
        if let root, exists, let real = WorkspaceFile.realPath(path), !WorkspaceFile.isInside(real, root: root) {
            throw OutsideWorkspace(
                description: "the history \(path) is a link to \(real), outside the workspace; track keeps its history inside the workspace"
            )
        }
        var linkStatus = stat()
        if root != nil, !exists, lstat(path, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK {
            // A link to nothing yet: SQLite would create the file wherever it points.
            throw OutsideWorkspace(
                description:
                    "the history \(path) is a link to a file that does not exist; track keeps its history inside the workspace: remove the link"
            )
        }
        if exists {
            try Self.checkIsHistory(path, busyTimeout: busyTimeout)
        } else if let ledger, Self.ledgerEntries(ledger).contains(Self.key(path)) {
            warnings.append(
                rebuiltFromFiles
                    ? "the history index \(path) is missing, though runs were recorded in it before; its recorded runs and backtests "
                        + "are read again from \(HistoryArchive.directory)/ (only what-if runs, kept in the index alone, are gone)"
                    : "the history \(path) is missing, though runs were recorded in it before; "
                        + (access == .readWrite ? "a new one starts (restore the old file to keep its runs)" : "showing none"))
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        do {
            switch access {
            case .readWrite:
                if !exists { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                let pool = try DatabasePool(path: path, configuration: configuration)
                try Self.migrate(pool)
                writer = pool
                reader = pool
            case .readOnly:
                writer = nil
                reader = exists ? try Self.openReadOnly(path, configuration: configuration) : nil
            }
        } catch let error as DatabaseError where Self.isBusy(error) {
            throw Busy(path: path)
        } catch let error as Failure {
            throw error
        } catch {
            let readOnly = (error as? DatabaseError).map { $0.resultCode == .SQLITE_READONLY } ?? false
            throw Self.failure(opening: path, error, readOnly: access == .readWrite && (readOnly || !Self.isWritable(path)))
        }
        self.warnings = warnings
    }

    /// Why the database at `path` cannot be opened: a read-only one is said to be read-only (what to
    /// do: make it writable), anything else may be a damaged file (what to do: move it aside).
    static func failure(opening path: String, _ error: any Error, readOnly: Bool) -> Failure {
        if readOnly {
            return Failure(
                description:
                    "cannot write the history index \(path): it or its folder is read-only; make it writable (chmod u+w), "
                    + "or run a command that only reads it")
        }
        return Failure(
            description: """
                cannot open the history at \(path): \(error)
                It may be damaged. Keep it aside and start a new history with: mv \(path) \(path).broken
                """)
    }

    /// Whether the database at `path` (and its folder, where SQLite keeps its journal) may be written.
    private static func isWritable(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fileWritable = !FileManager.default.fileExists(atPath: path) || FileManager.default.isWritableFile(atPath: path)
        return fileWritable && FileManager.default.isWritableFile(atPath: folder)
    }

    /// Why `folder` is outside the workspace `root` (links resolved), or nil.
    private static func outside(_ folder: String, root: String) -> String? {
        var probe = URL(fileURLWithPath: folder).standardizedFileURL
        // The nearest folder that exists decides: a missing `.track/` is created inside whatever holds it.
        while !FileManager.default.fileExists(atPath: probe.path), probe.path != "/" { probe = probe.deletingLastPathComponent() }
        guard let real = WorkspaceFile.realPath(probe.path), !WorkspaceFile.isInside(real, root: root) else { return nil }
        return "the history's folder \(folder) leads outside the workspace (to \(real)); track keeps its history inside the workspace"
    }

    /// Refuses, without writing a byte, a file that is not a track history: not SQLite, or SQLite
    /// holding other tables.
    private static func checkIsHistory(_ path: String, busyTimeout: Double) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let tables: [String]
        do {
            let queue = try openReadOnly(path, configuration: configuration)
            tables = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        } catch let error as DatabaseError where isBusy(error) {
            throw Busy(path: path)
        } catch {
            throw Failure(
                description: """
                    cannot open the history at \(path): \(error)
                    It may be damaged. Keep it aside and start a new history with: mv \(path) \(path).broken
                    """)
        }
        let ours: Set<String> = ["grdb_migrations", "run", "evaluation", "sqlite_sequence", "historyFile", "evaluatedDay"]
        let foreign = tables.filter { !ours.contains($0) }
        if !tables.isEmpty, !foreign.isEmpty || !tables.contains("grdb_migrations") {
            throw Failure(
                description: """
                    \(path) is an SQLite database but not a track history (it holds \(foreign.prefix(5).joined(separator: ", "))); \
                    track left it untouched. Point 'history' in track.yaml elsewhere, or move the file aside.
                    """)
        }
    }

    /// A read-only connection; when SQLite cannot share the file read-only (a read-only folder without the
    /// WAL index), a private copy is read instead.
    private static func openReadOnly(_ path: String, configuration base: Configuration) throws -> DatabaseQueue {
        var configuration = base
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("track-history-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + "/history.sqlite" + suffix)
            }
            return try DatabaseQueue(path: copy + "/history.sqlite", configuration: configuration)
        }
    }

    private static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// Runs `body`, turning a database that stays busy into `Busy`.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError where Self.isBusy(error) { throw Busy(path: path) }
    }

    /// The ledger's key for a history file: its absolute path.
    private static func key(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func ledgerEntries(_ ledger: String) -> Set<String> {
        guard let text = try? String(contentsOfFile: ledger, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").map(String.init))
    }

    /// Notes in the ledger that this history holds runs (once).
    private func noteInLedger() {
        guard let ledger else { return }
        let key = Self.key(path)
        var entries = Self.ledgerEntries(ledger)
        guard !key.contains("\n"), entries.insert(key).inserted else { return }
        try? FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: ledger).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try? AtomicFile.write(entries.sorted().map { $0 + "\n" }.joined(), to: ledger)
    }

    /// Migrates `pool`, and again when another process created the same tables meanwhile: the migrator
    /// reads which migrations are done before it takes the write lock, so two processes that open a new
    /// history at once race, and the loser finds the winner's tables.
    private static func migrate(_ pool: DatabasePool) throws {
        for attempt in 1... {
            do { return try migrator.migrate(pool) } catch let error as DatabaseError
                where attempt < 5 && error.resultCode == .SQLITE_ERROR && (error.message ?? "").contains("already exists")
            {
                usleep(useconds_t(attempt * 20_000))
            }
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("recordedAt", .datetime).notNull()
                table.column("asOf", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("gitCommit", .text)
                table.column("trackVersion", .text).notNull()
            }
            try db.create(table: "evaluation") { table in
                table.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                table.column("predictionId", .text).notNull()
                table.column("status", .text).notNull()
                table.column("probability", .double)
                table.column("summary", .text).notNull()
                table.column("evidence", .text).notNull()
                table.primaryKey(["runId", "predictionId"])
            }
            try db.create(index: "evaluationByPrediction", on: "evaluation", columns: ["predictionId"])
        }
        migrator.registerMigration("v2-history-files", migrate: Self.createHistoryFileTable)
        migrator.registerMigration("v3-evaluated-days", migrate: Self.createEvaluatedDayTable)
        return migrator
    }

    /// Stores one run with its evaluations; a backtest (or what-if run) replaces an earlier one of the same kind and day.
    @discardableResult
    public func store(
        _ evaluations: [Evaluation], asOf: Day, kind: RunKind, gitCommit: String?, trackVersion: String, at time: Date = Date()
    ) throws -> Int64 {
        guard let writer else { throw Failure(description: "the history at \(path) was opened read-only") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        noteInLedger()
        return try guarded {
            try writer.write { db in
                if kind != .recorded {
                    try db.execute(sql: "DELETE FROM run WHERE kind = ? AND asOf = ?", arguments: [kind.rawValue, asOf.description])
                }
                try db.execute(
                    sql: "INSERT INTO run (recordedAt, asOf, kind, gitCommit, trackVersion) VALUES (?, ?, ?, ?, ?)",
                    arguments: [time, asOf.description, kind.rawValue, gitCommit, trackVersion])
                let runID = db.lastInsertedRowID
                for evaluation in evaluations {
                    let evidence = String(decoding: try encoder.encode(evaluation.evidence), as: UTF8.self)
                    try db.execute(
                        sql:
                            "INSERT INTO evaluation (runId, predictionId, status, probability, summary, evidence) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [
                            runID, evaluation.predictionID, evaluation.status.rawValue, evaluation.probability, evaluation.summary,
                            evidence,
                        ])
                }
                return runID
            }
        }
    }

    /// The latest recorded run (not a backtest), with each forecast's status and probability.
    public func latestRecordedRun() throws -> (run: Run, points: [String: Point])? {
        guard let reader else { return nil }
        return try guarded {
            try reader.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM run WHERE kind = 'recorded' ORDER BY asOf DESC, recordedAt DESC, id DESC LIMIT 1")
                else { return nil }
                let run = try Self.run(row)
                var points: [String: Point] = [:]
                for evaluation in try Row.fetchAll(db, sql: "SELECT * FROM evaluation WHERE runId = ?", arguments: [run.id]) {
                    points[evaluation["predictionId"]] = try Self.point(evaluation, run: run)
                }
                return (run, points)
            }
        }
    }

    /// A forecast's status and probability over time, oldest first; recorded and backtest rows told apart.
    public func history(of predictionID: String) throws -> [Point] {
        guard let reader else { return [] }
        return try guarded {
            try reader.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT run.*, evaluation.status, evaluation.probability, evaluation.summary
                        FROM evaluation JOIN run ON run.id = evaluation.runId LEFT JOIN historyFile ON historyFile.runId = run.id
                        WHERE evaluation.predictionId = ?
                        ORDER BY run.asOf, run.kind, run.recordedAt, historyFile.name, run.id
                        """, arguments: [predictionID]
                ).map { row in try Self.point(row, run: try Self.run(row)) }
            }
        }
    }

    /// How many runs of each kind are stored.
    public func runCount(_ kind: RunKind) throws -> Int {
        guard let reader else { return 0 }
        return try guarded {
            try reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run WHERE kind = ?", arguments: [kind.rawValue]) ?? 0 }
        }
    }

    /// Deletes the runs of `kind` (any kind when nil) whose as-of day is before `before` (any day when nil),
    /// with their evaluations; returns how many runs were deleted.
    @discardableResult
    public func prune(kind: RunKind?, before: Day?) throws -> Int {
        guard let writer else { throw Failure(description: "the history at \(path) was opened read-only") }
        return try guarded {
            try writer.write { db in
                var conditions: [String] = []
                var arguments: StatementArguments = []
                if let kind {
                    conditions.append("kind = ?")
                    arguments += [kind.rawValue]
                }
                if let before {
                    conditions.append("asOf < ?")
                    arguments += [before.description]
                }
                let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
                try db.execute(sql: "DELETE FROM evaluation WHERE runId IN (SELECT id FROM run\(filter))", arguments: arguments)
                try db.execute(sql: "DELETE FROM run\(filter)", arguments: arguments)
                return db.changesCount
            }
        }
    }

    static func run(_ row: Row) throws -> Run {
        guard let asOf = Day(row["asOf"] as String), let kind = RunKind(rawValue: row["kind"]) else {
            throw Failure(description: "the history has a run it cannot read (asOf \(row["asOf"] as String? ?? "?"))")
        }
        return Run(
            id: row["id"], recordedAt: row["recordedAt"], asOf: asOf, kind: kind, gitCommit: row["gitCommit"],
            trackVersion: row["trackVersion"])
    }

    private static func point(_ row: Row, run: Run) throws -> Point {
        guard let status = Status(rawValue: row["status"]) else {
            throw Failure(description: "the history has a status it cannot read: \(row["status"] as String? ?? "?")")
        }
        return Point(
            asOf: run.asOf, recordedAt: run.recordedAt, kind: run.kind, status: status, probability: row["probability"],
            summary: row["summary"])
    }
}
