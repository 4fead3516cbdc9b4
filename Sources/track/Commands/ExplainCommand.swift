import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track explain ID`: one forecast's full evaluation.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one forecast's evaluation: the data used, the fitted numbers, the reasoning and the sources.",
        discussion: """
            Examples:
              track explain inference-cost-10x
              track explain v4-sota-reasoning --as-of 2027-01-01 --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Argument(help: "The forecast's id (track status lists them).", completion: .forecastIDs)
    var id: String

    @Option(help: "Output format.") var format: TextFormat = .text

    func run() throws {
        let engine = try workspace.engine()
        let prediction = try perform { () throws(TrackError) in try WorkspaceSession.prediction(id, in: engine.workspace) }
        let report = ExplainReport(
            prediction: prediction, evaluation: engine.evaluate(prediction, asOf: asOf.day), workspace: engine.workspace)
        switch format {
        case .json: Console.print(try Console.json(report.record))
        default: Console.print(report.text(style: Console.style))
        }
    }
}
