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

            --backfill --from DATE computes what the tracker would have said on past days from the dated data, every \
            --every (1d, 1w, 2w, 1m): stored as backtests, never mixed with what was recorded at the time.

            Exit codes: 0 done; 65 bad data in the workspace; 74 the history cannot be opened; 75 another run holds \
            the lock; 1 unexpected failure. For cron:
              0 7 * * *  cd ~/forecasts && track evaluate --quiet

            Examples:
              track evaluate
              track evaluate --backfill --from 2025-01-01 --every 1m
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print only what changed (nothing when nothing did): for cron.") var quiet = false
    @Flag(help: "Compute and store backtests for past days instead of recording today's run.") var backfill = false
    @Option(help: ArgumentHelp("With --backfill: the first day.", valueName: "date")) var from: Day?
    @Option(help: ArgumentHelp("With --backfill: the step, e.g. 1d, 1w, 2w, 1m (at most 10 years).", valueName: "period")) var every: Period = Period(days: 7)

    func validate() throws {
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
                var day = from
                var count = 0
                while day <= asOf.day {
                    try store.store(engine.evaluateAll(asOf: day), asOf: day, kind: .backtest, gitCommit: commit, trackVersion: TrackVersion.current)
                    count += 1
                    day = every.after(day)
                }
                if !quiet { Console.print("stored \(count) backtest\(count == 1 ? "" : "s") from \(from) to \(asOf.day), every \(every)") }
                return
            }
            let day = asOf.day
            let evaluations = engine.evaluateAll(asOf: day)
            let previous = try store.latestRecordedRun()
            try store.store(evaluations, asOf: day, kind: .recorded, gitCommit: commit, trackVersion: TrackVersion.current)
            let changes = ChangeReport(
                evaluations: evaluations, previous: previous, workspace: engine.workspace, asOf: day,
                probabilityThreshold: engine.workspace.settings.alertProbabilityChange)
            for line in changes.lines(style: Console.style) { Console.print(line) }
            guard !quiet else { return }
            let counts = Dictionary(grouping: evaluations, by: \.status).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
            let since = previous.map { "since the run of \($0.run.asOf)" } ?? "first recorded run"
            Console.print("recorded \(evaluations.count) forecasts as of \(day) (\(counts.joined(separator: ", "))); "
                + (changes.isEmpty ? "no change \(since)" : "changes \(since) above"))
        }
    }
}

/// A step between backfilled days: `1d`, `2w`, `1m` (a month is 30 days).
struct Period: ExpressibleByArgument, CustomStringConvertible {
    let days: Int

    /// The longest step accepted, in days (about ten years).
    static let maximumDays = 3_653

    init(days: Int) { self.days = days }

    init?(argument: String) {
        // At most ten years a step: larger counts would overflow day arithmetic.
        guard let unit = argument.last, let count = Int(argument.dropLast()), count > 0, count <= Self.maximumDays else { return nil }
        switch unit {
        case "d": days = count
        case "w": days = 7 * count
        case "m": days = 30 * count
        default: return nil
        }
        guard days <= Self.maximumDays else { return nil }
    }

    func after(_ day: Day) -> Day { day.adding(days: days) }

    var description: String { days % 7 == 0 ? "\(days / 7)w" : "\(days)d" }
}

/// The git commit of the workspace, when it is in a repository.
enum GitCommit {
    static func current(in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let commit = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }
}
