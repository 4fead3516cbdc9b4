import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track score`: Brier and log scores and calibration for resolved forecasts.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score the resolved forecasts: every forecaster, the tracker, the crowd and the naive baseline, side by side.",
        discussion: """
            Each scorer's probability for a forecast stands from the day it was given until its next one: a forecaster's \
            entries (the stated probability is one, on the day the forecast was made), the tracker's recorded runs (or, \
            where none were recorded, its backtests), the crowd's observations (the forecast's crowd: indicator), the naive \
            trend. Brier and log scores are averaged over the days from the day the forecast was made to the day before \
            it resolved, with 0.5 before a scorer's first probability, so that an early right call earns more than a late \
            one. N counts the forecasts a scorer covered; Δ is its score minus the tracker's on the forecasts both covered, \
            with a 95% paired bootstrap interval (seeded: the same scores give the same interval). Each scorer gets a \
            calibration table; ambiguous and annulled forecasts are left out and counted.

            Examples:
              track score
              track score --by horizon --format json
              track score --format csv > scores.csv
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var layout: LayoutOptions
    @Option(help: "Only forecasts with this tag.") var tag: String?
    @Option(help: "Group the scores by tag, horizon or source.") var by: ScoreReport.Grouping?
    @Option(help: "Output format.") var format: TableFormat = .table

    func run() throws {
        let engine = try workspace.engine()
        let damage = HistoryDamage()
        let report = try perform { () throws(TrackError) in
            try WorkspaceSession.requireTag(tag, in: engine.workspace)
            let store = try HistoryAccess(workspace: engine.workspace, notice: Console.printError, damaged: damage.report).indexIfAny()
            return try TrackError.converting {
                try ScoreReport(
                    workspace: engine.workspace, history: { try store?.history(of: $0) ?? [] }, naive: engine.naiveBaseline(for:),
                    tag: tag, by: by)
            }
        }
        switch format {
        case .json: Console.print(try Console.json(report))
        case .csv: Console.print(report.scoreboard.csv())
        case .markdown: Console.print(report.scoreboard.markdown())
        case .table: Console.print(report.text(style: Console.style, width: layout.width))
        }
        try damage.finish()
    }
}

extension ScoreReport.Grouping: ExpressibleByArgument {}
