import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track evaluate`: evaluate every forecast and record the run in the history.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate every forecast, record the run in the history, and print what changed since the last one.",
        discussion: """
            Each run is written as a new text file in history/YYYY/MM/ (commit it: git merges the runs of several \
            clones without a conflict): the run's day, time, machine (TRACK_RUNNER, or the CI job, or the host), the \
            workspace's git commit and whether it had uncommitted changes, track's version, and every forecast's \
            status, probability, summary and evidence. .track/history.sqlite is an index of these files, rebuilt \
            when missing (track.yaml: history). It then \
            prints the status changes, probability moves of 10 points or more (track.yaml: alert-probability-change), \
            forecasts newly past their deadline, and indicators gone stale. Two runs never overlap.

            --as-of another day than today stores a what-if run: kept apart from the recorded runs, never compared \
            with them and never scored (track history --prune --kind what-if removes them).

            --backfill --from DATE computes what the tracker would have said on past days from the dated data, every \
            --every (1d, 1w, 2w, 1m: calendar months, clamped to month ends): stored as backtests, never mixed with \
            what was recorded at the time. They are written to history/backtests/, one file per day, replacing \
            the earlier backtests.

            --notify-command CMD runs CMD with /bin/sh when a recorded run changed something, the change report \
            as JSON (the same as --format json) on its standard input.

            Exit codes: 0 done; 65 bad data in the workspace; 73 the run cannot be written into history/; 74 the history cannot be opened; 75 another run holds \
            the lock; 1 unexpected failure, or the --notify-command failed (the run is recorded). For cron and CI, see docs/teams.md.

            Examples:
              track evaluate
              track evaluate --backfill --from 2025-01-01 --every 1m
              track evaluate --quiet --notify-command 'mail -s track team@example.com'
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print only what changed (nothing when nothing did): for cron.") var quiet = false
    @Option(help: "Output format.") var format: TextFormat = .text
    @Flag(help: "Compute and store backtests for past days instead of recording today's run.") var backfill = false
    @Option(help: ArgumentHelp("With --backfill: the first day.", valueName: "date"), transform: DayArgument.parse) var from: Day?
    @Option(help: ArgumentHelp("With --backfill: the step, e.g. 1d, 1w, 2w, 1m (calendar months; at most 10 years).", valueName: "period"))
    var every = Period(count: 1, unit: .week)
    @Option(
        help: ArgumentHelp(
            "When a recorded run changed something: run this shell command with the change report as JSON on its standard input.",
            valueName: "command"))
    var notifyCommand: String?

    func validate() throws {
        if backfill, from == nil { throw ValidationError("--backfill needs --from DATE") }
        if !backfill, from != nil { throw ValidationError("--from goes with --backfill") }
        if let from, from > asOf.day { throw ValidationError("--from must not be after the as-of day (\(asOf.day))") }
        if let from, let problem = Backfill.problem(from: from, through: asOf.day, every: every) { throw ValidationError(problem) }
        if notifyCommand != nil, backfill || asOf.isWhatIf {
            throw ValidationError("--notify-command goes with a recorded run (today's), not with --backfill or a what-if --as-of")
        }
    }

    func run() throws {
        let session = try workspace.session()
        let kind: EvaluationRun.Kind =
            if backfill, let from { .backfill(from: from, every: every) } else if asOf.isWhatIf { .whatIf } else { .recorded }
        let damage = HistoryDamage()
        let outcome = try perform { () throws(TrackError) in
            try EvaluationRun(session: session, asOf: asOf.day, kind: kind).run(
                warnings: { all, unseen in quiet ? Console.report(unseen) : Console.summarize(all) }, notice: Console.printError,
                damaged: damage.report)
        }
        switch outcome {
        case .backtests(let days, let path):
            if format == .json {
                Console.print(try Console.json(StoredRuns(kind: .backtest, days: days, statusCounts: nil)))
            } else if !quiet, let from {
                Console.print(
                    "stored \(Count.of(days.count, "backtest")) from \(from) to \(days.last ?? from), every \(every), "
                        + "in \(Console.displayPath(path))/ (replacing the earlier backtests)")
            }
        case .whatIf(let evaluations):
            let day = asOf.day
            if format == .json {
                let counts = Dictionary(grouping: evaluations, by: \.status).mapValues(\.count)
                Console.print(
                    try Console.json(
                        StoredRuns(
                            kind: .whatIf, days: [day],
                            statusCounts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))))
            } else if !quiet {
                Console.print(
                    "stored a what-if run as of \(day) (\(Self.counts(evaluations))): not a recorded run, "
                        + "never compared or scored (today is \(Console.today))")
            }
        case .recorded(let evaluations, let file, let archivePath, let previous, let changes):
            if format == .json {
                Console.print(try Console.json(changes))
            } else {
                for line in changes.lines(style: Console.style) { Console.print(line) }
                if !quiet {
                    let since = previous.map { "since the run of \($0)" } ?? "first recorded run"
                    let counts = "\(evaluations.count) forecasts as of \(asOf.day) (\(Self.counts(evaluations)))"
                    if let file {
                        // A probability may move by less than the alert threshold: recorded, though no change is listed.
                        let what =
                            previous == nil
                            ? "first recorded run"
                            : changes.isEmpty
                                ? "small changes \(since), none reaching track.yaml's alert-probability-change" : "changes \(since) above"
                        Console.print("recorded \(counts) in \(Console.displayPath(archivePath))/\(file): \(what)")
                    } else {
                        Console.print("evaluated \(counts): no change \(since), so no new run file")
                    }
                }
            }
            if let notifyCommand, !changes.isEmpty {
                let report = try Console.json(changes)
                try perform { () throws(TrackError) in try EvaluationRun.notify(notifyCommand, report: report) }
            }
        }
        try damage.finish()
    }

    /// "2 on-track, 1 missed": the evaluations' statuses, counted.
    private static func counts(_ evaluations: [Evaluation]) -> String {
        Dictionary(grouping: evaluations, by: \.status).map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
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
