import ArgumentParser
import Foundation
import Plugins
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

    @Option(help: "Output format: html, markdown or json.") var format: ReportFormat = .html
    @Option(help: ArgumentHelp(
        "Write to this file, or into this folder (report.html, or report.md with charts/). Default: standard output.", valueName: "path"))
    var output: String?

    func validate() throws { try format.require([.html, .markdown, .json]) }

    func run() throws {
        let engine = try workspace.engine()
        let hasHistory = FileManager.default.fileExists(atPath: engine.workspace.historyPath)
        let store = hasHistory ? try openHistory(engine.workspace) : nil
        let baseline = NaiveTrendBaseline(workspace: engine.workspace)
        let report = try WorkspaceReport(engine: engine, asOf: asOf.day, history: { try store?.history(of: $0) ?? [] }, naive: baseline.probability)
        let output = output.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        var isDirectory: ObjCBool = false
        let intoFolder = self.output.map { $0.hasSuffix("/") || (FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue) } ?? false
        var files: [(path: String, text: String)] = []
        switch format {
        case .json:
            let json = try Console.json(report) + "\n"
            guard let output else { Console.print(json, terminator: ""); return }
            files.append((intoFolder ? output + "/report.json" : output, json))
        case .html:
            let html = HTMLReportRenderer().render(report)
            guard let output else { Console.print(html, terminator: ""); return }
            files.append((intoFolder ? output + "/report.html" : output, html))
        default:
            let rendered = MarkdownReportRenderer(chartFolder: intoFolder ? "charts" : nil).render(report)
            guard let output else { Console.print(rendered.text); return }
            let base = intoFolder ? output : (output as NSString).deletingLastPathComponent
            files.append((intoFolder ? output + "/report.md" : output, rendered.text + "\n"))
            files += rendered.charts.map { ((base.isEmpty ? "" : base + "/") + $0.path, $0.svg) }
        }
        do {
            for file in files {
                let folder = (file.path as NSString).deletingLastPathComponent
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                try AtomicFile.write(file.text, to: file.path)
            }
        } catch {
            Console.printError("track: --output \(output ?? ""): cannot write the report: \(error)")
            throw ExitCode(73)
        }
        Console.printError("wrote \(files[0].path)" + (files.count > 1 ? " and \(files.count - 1) chart\(files.count == 2 ? "" : "s")" : ""))
    }
}
