/// Backtests: what the tracker would have said on past days, computed from the dated data and
/// stored apart from the recorded runs.
public enum Backfill {
    /// Evaluates every forecast on each day from `start` through `end`, `every` apart, and stores each
    /// day as a backtest run; returns the days stored.
    @discardableResult
    public static func run(
        engine: EvaluationEngine, store: HistoryStore, from start: Day, through end: Day, every period: Period, gitCommit: String?,
        trackVersion: String
    ) throws -> [Day] {
        let days = period.days(from: start, through: end)
        for day in days {
            try store.store(engine.evaluateAll(asOf: day), asOf: day, kind: .backtest, gitCommit: gitCommit, trackVersion: trackVersion)
        }
        return days
    }
}
