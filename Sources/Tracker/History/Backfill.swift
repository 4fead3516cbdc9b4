import Foundation
import TrackCore
import TrackEngine

/// Backtests: what the tracker would have said on past days, computed from the dated data and
/// stored apart from the recorded runs.
public enum Backfill {
    /// The most days one backfill evaluates: every day of almost 14 years, or every week of a century.
    /// More is a mistyped `--from` (0001-01-01) that would run for hours and fill memory.
    public static let maximumSteps = 5_000

    /// Why backfilling from `start` through `end` every `period` is refused (too many steps), or nil.
    public static func problem(from start: Day, through end: Day, every period: Period) -> String? {
        var index = 0
        while period.step(index, from: start) <= end {
            index += 1
            if index > maximumSteps {
                return "--from \(start) --every \(period) through \(end) makes more than \(maximumSteps) steps, the most a backfill takes; "
                    + "give a later --from or a longer --every"
            }
        }
        return nil
    }

    /// Evaluates every forecast on each day from `start` through `end`, `every` apart, writes each day
    /// as a backtest file in `archive` as soon as it is computed (replacing every earlier backtest) and
    /// brings `store`'s index up to date, file by file; returns the days stored. Memory holds one day's
    /// run, however many days there are.
    @discardableResult
    public static func run(
        engine: EvaluationEngine, archive: HistoryArchive, store: HistoryStore, from start: Day, through end: Day, every period: Period,
        gitCommit: String?, dirty: Bool?, trackVersion: String, runner: String = HistoryArchive.runner(), at time: Date = Date()
    ) throws -> [Day] {
        if let problem = problem(from: start, through: end, every: period) { throw TrackError(.usage, problem) }
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
