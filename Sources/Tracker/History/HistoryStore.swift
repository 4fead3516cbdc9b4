import Foundation
import GRDB

/// What the tracker believed on each day: every evaluation run and every forecast's status and
/// probability in it, in an embedded SQLite database (WAL mode) under `.track/`: an index of the
/// text files in `history/` (see `synchronize(with:)`), plus the what-if runs.
public final class HistoryStore: Sendable {
    /// The folder of track's own state inside a workspace.
    public static let directory = ".track"
    public static let defaultFile = "history.sqlite"

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

    let pool: DatabasePool
    public let path: String

    /// Opens (or creates) the store at `path`. A file that is not a track history is an error,
    /// never silently replaced.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool)
        } catch {
            throw Failure(description: """
                cannot open the history at \(path): \(error)
                It may be damaged. Keep it aside and start a new history with: mv \(path) \(path).broken
                """)
        }
    }

    /// Migrates `pool`, and again when another process created the same tables meanwhile: the migrator
    /// reads which migrations are done before it takes the write lock, so two processes that open a new
    /// history at once race, and the loser finds the winner's tables.
    private static func migrate(_ pool: DatabasePool) throws {
        for attempt in 1... {
            do { return try migrator.migrate(pool) } catch let error as DatabaseError
                where attempt < 5 && error.resultCode == .SQLITE_ERROR && (error.message ?? "").contains("already exists") {
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
        return migrator
    }

    /// Stores one run with its evaluations; a backtest (or what-if run) replaces an earlier one of the same kind and day.
    @discardableResult
    public func store(_ evaluations: [Evaluation], asOf: Day, kind: RunKind, gitCommit: String?, trackVersion: String, at time: Date = Date()) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try pool.write { db in
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
                    sql: "INSERT INTO evaluation (runId, predictionId, status, probability, summary, evidence) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [runID, evaluation.predictionID, evaluation.status.rawValue, evaluation.probability, evaluation.summary, evidence])
            }
            return runID
        }
    }

    /// The latest recorded run (not a backtest), with each forecast's status and probability.
    public func latestRecordedRun() throws -> (run: Run, points: [String: Point])? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE kind = 'recorded' ORDER BY asOf DESC, recordedAt DESC, id DESC LIMIT 1") else { return nil }
            let run = try Self.run(row)
            var points: [String: Point] = [:]
            for evaluation in try Row.fetchAll(db, sql: "SELECT * FROM evaluation WHERE runId = ?", arguments: [run.id]) {
                points[evaluation["predictionId"]] = try Self.point(evaluation, run: run)
            }
            return (run, points)
        }
    }

    /// A forecast's status and probability over time, oldest first; recorded and backtest rows told apart.
    public func history(of predictionID: String) throws -> [Point] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT run.*, evaluation.status, evaluation.probability, evaluation.summary
                FROM evaluation JOIN run ON run.id = evaluation.runId LEFT JOIN historyFile ON historyFile.runId = run.id
                WHERE evaluation.predictionId = ?
                ORDER BY run.asOf, run.kind, run.recordedAt, historyFile.name, run.id
                """, arguments: [predictionID]).map { row in try Self.point(row, run: try Self.run(row)) }
        }
    }

    /// How many runs of each kind are stored.
    public func runCount(_ kind: RunKind) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run WHERE kind = ?", arguments: [kind.rawValue]) ?? 0 }
    }

    /// Deletes the runs of `kind` (any kind when nil) whose as-of day is before `before` (any day when nil),
    /// with their evaluations; returns how many runs were deleted.
    @discardableResult
    public func prune(kind: RunKind?, before: Day?) throws -> Int {
        try pool.write { db in
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

    static func run(_ row: Row) throws -> Run {
        guard let asOf = Day(row["asOf"] as String), let kind = RunKind(rawValue: row["kind"]) else {
            throw Failure(description: "the history has a run it cannot read (asOf \(row["asOf"] as String? ?? "?"))")
        }
        return Run(id: row["id"], recordedAt: row["recordedAt"], asOf: asOf, kind: kind, gitCommit: row["gitCommit"], trackVersion: row["trackVersion"])
    }

    private static func point(_ row: Row, run: Run) throws -> Point {
        guard let status = Status(rawValue: row["status"]) else {
            throw Failure(description: "the history has a status it cannot read: \(row["status"] as String? ?? "?")")
        }
        return Point(asOf: run.asOf, recordedAt: run.recordedAt, kind: run.kind, status: status, probability: row["probability"], summary: row["summary"])
    }
}
