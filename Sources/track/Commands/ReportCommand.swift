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
            The HTML page holds its CSS and SVG charts inline, runs no script and fetches nothing: it opens offline \
            and survives being mailed. It has a summary (counts by status, due soon, stale indicators), one section \
            per forecast (statement, source, deadline, stated and tracked probability, evidence, a chart of each \
            indicator it reads and of its probability over time), and scores with a reliability diagram once \
            forecasts have resolved. Markdown has the same content; with --output naming a folder its charts are \
            written as SVG files in charts/ beside report.md.

            Examples:
              track report --output report.html
              track report --format markdown --output site/
              track report --as-of 2027-01-01 > report.html
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format.") var format: DocumentFormat = .html
    @Option(
        help: ArgumentHelp(
            "Write to this file, or into this folder (report.html, or report.md with charts/). Default: standard output.", valueName: "path"
        ))
    var output: String?

    func run() throws {
        let session = try workspace.session()
        let damage = HistoryDamage()
        let (report, warnings) = try perform { () throws(TrackError) in
            try session.report(asOf: asOf.day, notice: Console.printError, damaged: damage.report)
        }
        Console.report(warnings)
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
