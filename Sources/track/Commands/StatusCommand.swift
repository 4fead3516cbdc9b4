import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track status`: one row per forecast.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every forecast: status, probability next to the stated one, deadline, time left and why.",
        discussion: """
            Statuses: met, ahead (reached early), on-track, at-risk, behind, missed, untestable (no evaluator or no \
            data yet), error (the evaluator failed). A pending forecast is on-track from probability 0.6, at-risk from \
            0.3, behind below (track.yaml: status-thresholds). --format json adds each forecast's evidence.

            Examples:
              track status
              track status --as-of 2027-01-01 --format json
              track status --tag deepseek --format markdown
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var layout: LayoutOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Only forecasts with this tag.", valueName: "tag"))
    var tag: String?

    @Option(help: "Output format.") var format: TableFormat = .table

    func run() throws {
        // The forecasts it can show, and one error row for each problem that kept one out (exit 65).
        let (engine, errors, warnings) = try workspace.session().engineDespiteErrors()
        Console.report(errors)
        Console.summarize(warnings)
        // A forecast kept out by an error may carry the tag: only a workspace read whole can say it is unknown.
        if errors.isEmpty { try perform { () throws(TrackError) in try WorkspaceSession.requireTag(tag, in: engine.workspace) } }
        let report = StatusReport(engine: engine, asOf: asOf.day, tag: tag, errors: errors, displayPath: Console.displayPath)
        switch format {
        case .markdown: Console.print(report.table().renderMarkdown())
        case .json: Console.print(try Console.json(report))
        case .csv: Console.print(report.csv())
        case .table: Console.print(report.table().render(style: Console.style, width: layout.width))
        }
        if !errors.isEmpty { throw ExitCode(TrackError.Exit.dataError.rawValue) }
    }
}
