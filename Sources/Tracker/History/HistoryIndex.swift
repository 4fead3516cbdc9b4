import Foundation
import GRDB
import TrackCore
import TrackEngine

/// The store as an index of `history/`: the text files are the record, the database a cache of them
/// that is brought up to date before it is read, reading only the files it has not seen (or that
/// changed since), so deleting `.track/` loses nothing but what-if runs.
extension HistoryStore {
    /// What bringing the index up to date did.
    public struct Synchronization: Sendable, Equatable {
        /// Files read into the index (new, or changed since they were read).
        public var added = 0
        /// Files that are gone, whose runs left the index.
        public var removed = 0
        /// Runs of an old-style database (kept only in SQLite) written out to `history/`.
        public var converted = 0
        /// Files left out of the index, with why: damaged, forged, or two runs of one time and runner.
        public var problems: [Diagnostic] = []
    }

    /// The index's table of the files it has read: name (relative to `history/`), run, size and time.
    static func createHistoryFileTable(_ db: Database) throws {
        try db.create(table: "historyFile") { table in
            table.primaryKey("name", .text)
            table.column("runId", .integer).notNull().unique().references("run", onDelete: .cascade)
            table.column("size", .integer).notNull()
            table.column("modified", .double).notNull()
        }
    }

    /// Brings the index up to date with `archive`: first writes out the runs that exist only in the
    /// database (an old-style history), then reads the files it has not read, and drops the runs of
    /// files that are gone. Does not write to the database when nothing changed. A file that cannot
    /// be read as a run (damaged, forged, renamed), and every file of a time and runner that has two
    /// with other contents, is left out of the index and listed in `problems`; the others are kept.
    @discardableResult
    public func synchronize(with archive: HistoryArchive, runner: String = HistoryArchive.runner()) throws -> Synchronization {
        var result = Synchronization()
        result.converted = try export(to: archive, runner: runner)
        let onDisk = try archive.files()
        let indexed = try indexedFiles()
        var gone = Set(indexed.keys).subtracting(onDisk.keys)
        let fresh = onDisk.filter { indexed[$0.key] != $0.value }
        // Two runs of one time and runner whose contents differ (each name matching its own digest) cannot
        // both be genuine: neither is read. The names tell the slots; only a slot with several files has its
        // new files read first, so that one that does not read at all does not knock out a genuine run.
        var skipped = Set<String>()
        let candidates = Set(fresh.keys).union(Set(indexed.keys).subtracting(gone))
        let slots = Dictionary(grouping: candidates.compactMap { name in HistoryArchive.recordedSlot(name).map { (slot: $0, name: name) } })
        {
            $0.slot
        }
        for (slot, members) in slots where members.count > 1 {
            let names = members.map(\.name).filter { fresh[$0] == nil || (try? archive.read($0)) != nil }.sorted()
            guard names.count > 1 else { continue }
            for name in names {
                skipped.insert(name)
                if indexed[name] != nil { gone.insert(name) }
                result.problems.append(
                    Diagnostic(
                        "\(names.count) runs recorded at \(slot.split(separator: "/").last ?? "") by one runner with other contents "
                            + "(\(names.filter { $0 != name }.joined(separator: ", "))): at most one is genuine, so none is read; "
                            + "keep the one git log shows was recorded and delete the others",
                        at: SourceMark(file: HistoryArchive.directory + "/" + name, line: 1, column: 1)))
            }
        }
        guard !gone.isEmpty || !fresh.isEmpty else { return result }
        // One file at a time, read and indexed in one transaction: memory holds one run, however many there
        // are. A file that does not read is reported and left out (the index keeps no run of it).
        var added = 0
        var problems: [Diagnostic] = []
        try indexWrite { db in
            for name in gone.union(fresh.keys) {
                try db.execute(sql: "DELETE FROM run WHERE id IN (SELECT runId FROM historyFile WHERE name = ?)", arguments: [name])
            }
            for name in fresh.keys.sorted() where !skipped.contains(name) {
                let run: ArchivedRun
                do {
                    run = try archive.read(name)
                } catch let error as DiagnosticsError {
                    problems += error.diagnostics
                    continue
                }
                let runID = try Self.insert(run, into: db)
                let stamp = fresh[name]!
                try db.execute(
                    sql: "INSERT INTO historyFile (name, runId, size, modified) VALUES (?, ?, ?, ?)",
                    arguments: [name, runID, stamp.size, stamp.modified])
                added += 1
            }
        }
        result.problems += problems
        result.added = added
        result.removed = gone.subtracting(fresh.keys).count
        return result
    }

    /// The files the index has read, with the stamp each had then.
    public func indexedFiles() throws -> [String: HistoryArchive.Stamp] {
        try indexRead { db in
            var files: [String: HistoryArchive.Stamp] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, size, modified FROM historyFile") {
                files[row["name"]] = HistoryArchive.Stamp(size: row["size"], modified: row["modified"])
            }
            return files
        }
    }

    /// Writes the recorded runs and backtests that exist only in the database (an old-style history,
    /// or runs stored directly) to `archive`, and leaves their indexing to `synchronize`; returns how
    /// many. A backtest for a day that already has a file is superseded by it and dropped.
    @discardableResult
    public func export(to archive: HistoryArchive, runner: String = HistoryArchive.runner()) throws -> Int {
        let legacy: [(id: Int64, run: ArchivedRun)] = try indexRead { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM run WHERE kind != 'what-if' AND id NOT IN (SELECT runId FROM historyFile) ORDER BY id
                    """)
            return try rows.map { row in
                let run = try Self.run(row)
                let header = ArchivedRun.Header(
                    kind: run.kind, asOf: run.asOf.description, recordedAt: run.recordedAt.formatted(ArchivedRun.timeFormat),
                    runner: runner,
                    trackVersion: run.trackVersion, gitCommit: run.gitCommit, dirty: nil)
                let entries = try Row.fetchAll(db, sql: "SELECT * FROM evaluation WHERE runId = ?", arguments: [run.id]).map { row in
                    guard let status = Status(rawValue: row["status"]) else {
                        throw Failure(description: "the history has a status it cannot read: \(row["status"] as String? ?? "?")")
                    }
                    let evidence = (try? JSONDecoder().decode([ArchivedEvidence].self, from: Data((row["evidence"] as String).utf8))) ?? []
                    return ArchivedRun.Entry(
                        id: row["predictionId"], status: status, probability: JSONNumber.probability(row["probability"]),
                        summary: row["summary"],
                        evidence: evidence)
                }
                return (run.id, ArchivedRun(header: header, entries: entries))
            }
        }
        guard !legacy.isEmpty else { return 0 }
        let existing = try archive.files()
        for (_, run) in legacy {
            switch run.kind {
            case .backtest where existing[HistoryArchive.backtestName(run.asOf)] == nil: try archive.recordBacktest(run)
            case .recorded: try archive.record(run)
            default: continue
            }
        }
        try indexWrite { db in
            for (id, _) in legacy { try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id]) }
        }
        return legacy.count
    }

    /// Deletes the runs `prune(kind:before:)` chooses, and with them their files in `archive`.
    @discardableResult
    public func prune(kind: RunKind?, before: Day?, archive: HistoryArchive) throws -> Int {
        let names = try indexRead { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT historyFile.name FROM historyFile JOIN run ON run.id = historyFile.runId
                    WHERE (? IS NULL OR run.kind = ?) AND (? IS NULL OR run.asOf < ?)
                    """, arguments: [kind?.rawValue, kind?.rawValue, before?.description, before?.description])
        }
        try archive.remove(names)
        return try prune(kind: kind, before: before)
    }

    /// Reads the index's database (the one place this file reaches the store's connection).
    private func indexRead<T>(_ body: (Database) throws -> T) throws -> T {
        guard let reader else { throw Failure(description: "the history at \(path) does not exist yet") }
        return try guarded { try reader.read(body) }
    }

    /// Writes the index's database in one transaction.
    private func indexWrite<T>(_ body: (Database) throws -> T) throws -> T {
        guard let writer else { throw Failure(description: "the history at \(path) is open read-only; it cannot be brought up to date") }
        return try guarded { try writer.write(body) }
    }

    /// Inserts a run read from a file and its evaluations; returns the run's row id.
    private static func insert(_ run: ArchivedRun, into db: Database) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try db.execute(
            sql: "INSERT INTO run (recordedAt, asOf, kind, gitCommit, trackVersion) VALUES (?, ?, ?, ?, ?)",
            arguments: [run.recordedAt, run.asOf.description, run.kind.rawValue, run.header.gitCommit, run.header.trackVersion])
        let runID = db.lastInsertedRowID
        for entry in run.entries {
            try db.execute(
                sql: "INSERT INTO evaluation (runId, predictionId, status, probability, summary, evidence) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    runID, entry.id, entry.status.rawValue, entry.probability, entry.summary,
                    String(decoding: try encoder.encode(entry.evidence), as: UTF8.self),
                ])
        }
        return runID
    }
}
