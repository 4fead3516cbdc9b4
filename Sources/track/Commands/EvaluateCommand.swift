import ArgumentParser
import Foundation
import Tracker

/// `track evaluate`: evaluate every forecast and record the run in the history.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate every forecast, record the run in the history, and print what changed since the last one.",
        discussion: """
            Each run is stored in .track/history.sqlite (track.yaml: history): the run's day, time, the workspace's \
            git commit and track's version, and every forecast's status, probability, summary and evidence. It then \
            prints the status changes, probability moves of 10 points or more (track.yaml: alert-probability-change), \
            forecasts newly past their deadline, and indicators gone stale. Two runs never overlap.

            --as-of another day than today stores a what-if run: kept apart from the recorded runs, never compared \
            with them and never scored (track history --prune --kind what-if removes them).

            --backfill --from DATE computes what the tracker would have said on past days from the dated data, every \
            --every (1d, 1w, 2w, 1m: calendar months, clamped to month ends): stored as backtests, never mixed with \
            what was recorded at the time.

            Exit codes: 0 done; 65 bad data in the workspace; 74 the history cannot be opened; 75 another run holds \
            the lock; 1 unexpected failure. For cron, see the README.

            Examples:
              track evaluate
              track evaluate --backfill --from 2025-01-01 --every 1m
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print only what changed (nothing when nothing did): for cron.") var quiet = false
    @Option(help: "Output format: text, or json (the change report of a recorded run).") var format: ReportFormat = .text
    @Flag(help: "Compute and store backtests for past days instead of recording today's run.") var backfill = false
    @Option(help: ArgumentHelp("With --backfill: the first day.", valueName: "date")) var from: Day?
    @Option(help: ArgumentHelp("With --backfill: the step, e.g. 1d, 1w, 2w, 1m (calendar months; at most 10 years).", valueName: "period")) var every = Period(count: 1, unit: .week)

    func validate() throws {
        try format.require([.text, .json])
        if backfill, from == nil { throw ValidationError("--backfill needs --from DATE") }
        if !backfill, from != nil { throw ValidationError("--from goes with --backfill") }
        if let from, from > asOf.day { throw ValidationError("--from must not be after the as-of day (\(asOf.day))") }
    }

    func run() throws {
        let root = try workspace.root()
        try withLock(root, .evaluate, timeout: 0) {
            let engine = try workspace.engine()
            let store = try openHistory(engine.workspace)
            let commit = GitCommit.current(in: root)
            if backfill, let from {
                let days = try Backfill.run(
                    engine: engine, store: store, from: from, through: asOf.day, every: every, gitCommit: commit, trackVersion: TrackVersion.current)
                if format == .json {
                    Console.print(try Console.json(StoredRuns(kind: .backtest, days: days, statusCounts: nil)))
                } else if !quiet {
                    Console.print("stored \(count(days.count, "backtest")) from \(from) to \(days.last ?? from), every \(every)")
                }
                return
            }
            let day = asOf.day
            let evaluations = engine.evaluateAll(asOf: day)
            let counts = Dictionary(grouping: evaluations, by: \.status).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
            if asOf.isWhatIf {
                try store.store(evaluations, asOf: day, kind: .whatIf, gitCommit: commit, trackVersion: TrackVersion.current)
                if format == .json {
                    let counts = Dictionary(grouping: evaluations, by: \.status).mapValues(\.count)
                    Console.print(try Console.json(StoredRuns(
                        kind: .whatIf, days: [day], statusCounts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))))
                } else if !quiet {
                    Console.print("stored a what-if run as of \(day) (\(counts.joined(separator: ", "))): not a recorded run, "
                        + "never compared or scored (today is \(Console.today))")
                }
                return
            }
            let previous = try store.latestRecordedRun()
            try store.store(evaluations, asOf: day, kind: .recorded, gitCommit: commit, trackVersion: TrackVersion.current)
            let changes = ChangeReport(
                evaluations: evaluations, previous: previous, workspace: engine.workspace, asOf: day,
                probabilityThreshold: engine.workspace.settings.alertProbabilityChange)
            if format == .json {
                Console.print(try Console.json(changes))
                return
            }
            for line in changes.lines(style: Console.style) { Console.print(line) }
            guard !quiet else { return }
            let since = previous.map { "since the run of \($0.run.asOf)" } ?? "first recorded run"
            Console.print("recorded \(evaluations.count) forecasts as of \(day) (\(counts.joined(separator: ", "))); "
                + (changes.isEmpty ? "no change \(since)" : "changes \(since) above"))
        }
    }
}

/// What `evaluate --format json` prints for runs that are not compared: backtests and what-if runs.
private struct StoredRuns: Encodable {
    let kind: HistoryStore.RunKind
    let days: [Day]
    @EncodedAsNull var statusCounts: [String: Int]?
}

extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
