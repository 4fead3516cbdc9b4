import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track report`: the forecasts as a page people read, with charts.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report with charts: one self-contained HTML page (or Markdown) of every forecast.",
        discussion: """
            Without --output the HTML page is written to track-report/index.html and its path printed; --output - \
            writes it to standard output. The page holds its CSS and SVG charts inline, sorts its tables with a few \
            lines of inline script and fetches nothing: it opens offline and survives being mailed. It has a summary \
            (counts by status, due soon, a sortable overview of the forecasts, stale indicators with their age and the \
            forecasts they affect), one section per forecast (statement, source, deadline, stated and tracked \
            probability, evidence, a chart of each indicator it reads with the series the forecast is about and its \
            target, and of its probability over time), and scores with a reliability diagram once forecasts have \
            resolved. Markdown and JSON go to standard output unless --output is given; with --output naming a \
            folder, Markdown's charts are written as SVG files in charts/ beside report.md.

            Examples:
              track report
              track report --output site/
              track report --format markdown --output site/
              track report --as-of 2027-01-01 --output - > report.html
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format.") var format: DocumentFormat = .html
    @Option(
        help: ArgumentHelp(
            "Write to this file, or into this folder (index.html, report.json, or report.md with charts/); - for standard output. "
                + "Default: track-report/index.html for HTML, standard output for Markdown and JSON.", valueName: "path"
        ))
    var output: String?

    func run() throws {
        let session = try workspace.session()
        let damage = HistoryDamage()
        let (report, warnings) = try perform { () throws(TrackError) in
            try session.report(asOf: asOf.day, notice: Console.printError, damaged: damage.report)
        }
        Console.summarize(warnings)
        let written = try perform { () throws(TrackError) in
            try WorkspaceSession.write(report, as: format.reportFormat, json: { try Console.json(report) }, to: output)
        }
        switch written {
        case .text(let text):
            Console.print(text, terminator: "")
        case .files(let paths):
            Console.printError("wrote \(paths[0])" + (paths.count > 1 ? " and \(Count.of(paths.count - 1, "chart"))" : ""))
        }
        try damage.finish()
    }
}
