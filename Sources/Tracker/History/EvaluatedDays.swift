import Foundation
import GRDB
import TrackCore

/// The days a recorded run evaluated the workspace, whether or not it wrote a run file: a run that
/// changes nothing since the last one writes no file into `history/` (so a scheduled job commits only
/// news), and the index keeps the day here.
extension HistoryStore {
    static func createEvaluatedDayTable(_ db: Database) throws {
        try db.create(table: "evaluatedDay") { table in
            table.primaryKey("day", .text)
            table.column("recordedAt", .double).notNull()
        }
    }

    /// Notes that the workspace was evaluated as of `day`, at `time`.
    public func noteEvaluated(_ day: Day, at time: Date = Date()) throws {
        guard let writer else { return }
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO evaluatedDay (day, recordedAt) VALUES (?, ?)",
                arguments: [day.description, time.timeIntervalSince1970])
        }
    }

    /// The latest day a recorded run evaluated the workspace, file or not.
    public func lastEvaluatedDay() throws -> Day? {
        guard let reader else { return nil }
        return try reader.read { db in
            try String.fetchOne(db, sql: "SELECT max(day) FROM evaluatedDay").flatMap { Day($0) }
        }
    }
}
