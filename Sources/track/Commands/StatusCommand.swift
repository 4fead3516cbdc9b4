import ArgumentParser
import Tracker

/// `track status`: one row per forecast.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every forecast: deadline, time left, stated probability, status and summary.",
        discussion: """
            Examples:
              track status
              track status --as-of 2027-01-01 --format json
              track status --tag deepseek --format markdown
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Only forecasts with this tag.", valueName: "tag"))
    var tag: String?

    @Option(help: "Output format: table, json or markdown.")
    var format: OutputFormat = .table

    func run() throws {
        let report = StatusReport(workspace: try workspace.load(), asOf: asOf.day, tag: tag)
        switch format {
        case .table: Console.print(report.table().render(style: Console.style))
        case .markdown: Console.print(report.table().renderMarkdown())
        case .json: Console.print(try Console.json(report))
        }
    }
}
