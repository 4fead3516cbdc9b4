import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track due`: forecasts past their deadline without a resolution.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List forecasts past their deadline without a resolution, with the outcome the evaluator proposes.",
        discussion: """
            Each comes with its evidence and the track resolve command that confirms the proposal.

            Examples:
              track due
              track due --as-of 2028-01-01
              track due --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var layout: LayoutOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format.") var format: TextFormat = .text

    func run() throws {
        let report = DueReport(engine: try workspace.engine(), asOf: asOf.day)
        Console.print(format == .json ? try Console.json(report) : report.text(style: Console.style, width: layout.width))
    }
}
