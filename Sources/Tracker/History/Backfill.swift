import Foundation
import TrackCore
import TrackEngine

/// Backtests: what the tracker would have said on past days, computed from the dated data and
/// stored apart from the recorded runs.
public enum Backfill {
    /// Evaluates every forecast on each day from `start` through `end`, `every` apart, writes each day
    /// as a backtest file in `archive` as soon as it is computed (replacing every earlier backtest) and
    /// brings `store`'s index up to date, file by file; returns the days stored. Memory holds one day's
    /// run, however many days there are.
    @discardableResult
    public static func run(
        engine: EvaluationEngine, archive: HistoryArchive, store: HistoryStore, from start: Day, through end: Day, every period: Period,
        gitCommit: String?, dirty: Bool?, trackVersion: String, runner: String = HistoryArchive.runner(), at time: Date = Date()
    ) throws -> [Day] {
        let days = period.days(from: start, through: end)
        let runs = days.lazy.map { day in
            ArchivedRun(
                engine.evaluateAll(asOf: day), asOf: day, kind: .backtest, recordedAt: time, runner: runner, trackVersion: trackVersion,
                gitCommit: gitCommit, dirty: dirty)
        }
        try archive.replaceBacktests(with: runs)
        try store.synchronize(with: archive, runner: runner)
        return days
    }
}
