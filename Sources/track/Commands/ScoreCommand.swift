import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track score`: Brier and log scores and calibration for resolved forecasts.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score the resolved forecasts: Brier, log score, skill and calibration, stated and tracker probabilities.",
        discussion: """
            The tracker's probability for a forecast is its probability averaged over time from the day it was made \
            to its resolution, from the recorded runs (or, when none were recorded, the backtests: the report says \
            which). Ambiguous and annulled forecasts are left out and counted. Skill compares the Brier score with \
            always saying 0.5, and with the naive trend: the forecast's own indicator's trend alone, extrapolated \
            from the data on the day it was made (for forecasts with a threshold or trend evaluator).

            Examples:
              track score
              track score --by horizon --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Only forecasts with this tag.") var tag: String?
    @Option(help: "Group the scores by tag, horizon or source.") var by: ScoreReport.Grouping?
    @Option(help: "Output format: table or json.") var format: ReportFormat = .table

    func validate() throws { try format.require([.table, .json]) }

    func run() throws {
        let engine = try workspace.engine()
        let damage = HistoryDamage()
        let report = try perform { () throws(TrackError) in
            let store = try HistoryAccess(workspace: engine.workspace, notice: Console.printError, damaged: damage.report).indexIfAny()
            return try TrackError.converting {
                try ScoreReport(
                    workspace: engine.workspace, history: { try store?.history(of: $0) ?? [] }, naive: engine.naiveBaseline(for:),
                    tag: tag, by: by)
            }
        }
        switch format {
        case .json: Console.print(try Console.json(report))
        default: Console.print(report.text(style: Console.style))
        }
        try damage.finish()
    }
}

extension ScoreReport.Grouping: ExpressibleByArgument {}
