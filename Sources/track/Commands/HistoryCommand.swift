import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track history ID`: a forecast's status and probability over time; `--prune` removes runs.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a forecast's status and probability over time, from the recorded runs and the backtests; or prune runs.",
        discussion: """
            Recorded rows are what the tracker said at the time (track evaluate); backtest rows were computed later \
            (track evaluate --backfill); what-if rows were evaluated --as-of another day. The sparklines show the \
            probability, each kind apart.

            The runs are kept as text files in history/ (commit them); .track/history.sqlite is an index of them, \
            brought up to date before each read. --export writes the runs of an old-style database (kept only in \
            SQLite) to history/; any command that reads the history does it once by itself, and says so.

            --prune deletes runs, of one --kind and/or from before a day (--before), with their files in history/; \
            with neither it deletes nothing and says so.

            Examples:
              track history inference-cost-10x
              track history v4-sota-reasoning --format csv
              track history --export
              track history --prune --kind what-if
              track history --prune --kind backtest --before 2026-01-01
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var layout: LayoutOptions
    @Argument(help: "The forecast's id.", completion: .forecastIDs) var id: String?
    @Option(help: "Output format.") var format: HistoryFormat = .table
    @Flag(help: "Delete runs (choose them with --kind and --before).") var prune = false
    @Flag(help: "Write the runs of an old-style history database to history/ as text files.") var export = false
    @Option(help: ArgumentHelp("With --prune: the kind of runs to delete: recorded, backtest or what-if.", valueName: "kind"))
    var kind: HistoryStore.RunKind?
    @Option(help: ArgumentHelp("With --prune: delete runs as of days before this one.", valueName: "date"), transform: DayArgument.parse)
    var before: Day?

    func validate() throws {
        if export {
            if prune || id != nil || kind != nil || before != nil { throw ValidationError("--export takes no id and no other option") }
        } else if prune {
            if id != nil { throw ValidationError("--prune deletes runs of every forecast; leave out the id") }
            if kind == nil, before == nil { throw ValidationError("--prune needs --kind KIND and/or --before DATE to choose the runs") }
        } else {
            if id == nil { throw ValidationError("give a forecast id (track status lists them), or --prune, or --export") }
            if kind != nil || before != nil { throw ValidationError("--kind and --before go with --prune") }
        }
    }

    func run() throws {
        // Only the forecasts and settings: pruning or reading a few rows needs no observation.
        let session = try workspace.session()
        let (loaded, warnings) = try perform { () throws(TrackError) in try session.forecasts() }
        Console.report(warnings)
        let damage = HistoryDamage()
        let history = HistoryAccess(workspace: loaded, notice: Console.printError, damaged: damage.report)
        if prune {
            let deleted = try perform { () throws(TrackError) in try history.prune(kind: kind, before: before) }
            Console.print(
                "deleted \(Count.of(deleted, "run"))" + (kind.map { " of kind \($0.rawValue)" } ?? "")
                    + (before.map { " as of days before \($0)" } ?? "")
                    + (kind == .whatIf || deleted == 0 ? "" : ", with their files in \(HistoryArchive.directory)/ (commit the deletion)"))
            return
        }
        if export {
            let exported = try perform { () throws(TrackError) in try history.export() }
            Console.print(
                "wrote \(Count.of(exported, "run")) to \(Console.displayPath(history.archive.path))/"
                    + (exported == 0 ? " (every run was there already)" : ""))
            return
        }
        guard let id else { return }
        let (prediction, points) = try perform { () throws(TrackError) in
            let prediction = try WorkspaceSession.prediction(id, in: loaded)
            return (prediction, try TrackError.converting { try history.index().history(of: id) })
        }
        let report = HistoryReport(id: id, history: points, made: prediction.made)
        switch format {
        case .json: Console.print(try Console.json(report))
        case .csv: Console.print(report.csv())
        default:
            guard !report.history.isEmpty else {
                Console.printProse(
                    "no history for \(id) yet: track evaluate records a run, track evaluate --backfill --from DATE computes past ones")
                return
            }
            for line in report.sparklines(width: layout.width) { Console.print(line) }
            Console.print(report.table().render(style: Console.style, width: layout.width))
        }
        try damage.finish()
    }
}

extension HistoryStore.RunKind: ExpressibleByArgument {}
