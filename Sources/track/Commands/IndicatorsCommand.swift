import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track indicators`: the latest value of every indicator.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Show every indicator's latest value (per subject), its date, its age and the number of observations.",
        discussion: """
            AGE is shown in yellow when the series is stale (older than its stale-after-days, default 180).

            Examples:
              track indicators
              track indicators --as-of 2025-06-30 --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var layout: LayoutOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format.") var format: TableFormat = .table

    func run() throws {
        let report = IndicatorReport(workspace: try workspace.engine().workspace, asOf: asOf.day)
        switch format {
        case .markdown: Console.print(report.table().renderMarkdown())
        case .json: Console.print(try Console.json(report))
        case .csv: Console.print(report.csv())
        default: Console.print(report.table().render(style: Console.style, width: layout.width))
        }
    }
}
