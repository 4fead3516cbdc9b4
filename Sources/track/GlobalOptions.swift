import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// Options every command that reads a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: .shortAndLong, help: ArgumentHelp("The workspace directory (the one holding predictions.yaml).", valueName: "dir"),
        completion: .directory)
    var workspace: String?

    @Option(
        name: .customLong("history"),
        help: ArgumentHelp(
            "Keep the history index (SQLite) at this absolute path for this run, inside the workspace or not, instead of "
                + "track.yaml's 'history' (which must stay inside it). The runs' text files stay in the workspace's history/.",
            valueName: "path"))
    var history: String?

    func validate() throws {
        // Only the person running track chooses a place outside the workspace, and says exactly where.
        if let history, !history.hasPrefix("/") || history.hasSuffix("/") {
            throw ValidationError(
                "--history takes the absolute path of a database file (like /var/lib/track/forecasts.sqlite), not '\(history)'")
        }
    }

    /// The workspace these options name; exits 64 when there is none.
    func session() throws -> WorkspaceSession {
        try perform { () throws(TrackError) in try WorkspaceSession(explicit: workspace, history: history) }
    }

    /// The evaluation engine over a valid workspace, with one line saying how many warnings it has
    /// (`track validate` lists them); prints the errors and exits 65 when it has any.
    func engine() throws -> EvaluationEngine {
        let session = try session()
        let (engine, warnings) = try perform { () throws(TrackError) in try session.engine() }
        Console.summarize(warnings)
        return engine
    }
}

extension CompletionKind {
    /// The workspace's forecast ids.
    static var forecastIDs: CompletionKind { .custom { words, _, _ in ShellCompletion.forecastIDs(words: words) } }
    /// The workspace's indicator ids.
    static var indicatorIDs: CompletionKind { .custom { words, _, _ in ShellCompletion.indicatorIDs(words: words) } }
}

/// How wide a terminal report may be.
struct LayoutOptions: ParsableArguments {
    @Flag(help: "Print every column and every line in full, whatever the terminal's width.") var wide = false

    /// The width to fit: none with --wide, else `COLUMNS` or the terminal's (none for a pipe or a file).
    var width: Int? { wide ? nil : Console.width }
}

/// The day a report is computed for.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Compute as of this day (\(DayArgument.forms)); only data dated on or before it is used. Default: today.", valueName: "date"),
        transform: DayArgument.parse)
    var asOf: Day?

    var day: Day { asOf ?? Console.today }

    /// Whether the day asked for is another day than today.
    var isWhatIf: Bool { asOf.map { $0 != Console.today } ?? false }
}

/// The output formats a command offers: each command its own list, so that its help and completion
/// name only those.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension OutputFormat {
    /// The same format as the renderers name it.
    var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue)! }
}

/// Rows: a table for a terminal, or data.
enum TableFormat: String, OutputFormat { case table, json, csv, markdown }
/// Prose for a terminal, or JSON.
enum TextFormat: String, OutputFormat { case text, json }
/// A forecast's runs.
enum HistoryFormat: String, OutputFormat { case table, csv, json }
/// The plugins: a table, or every plugin in full as one Markdown page.
enum PluginsFormat: String, OutputFormat { case table, markdown }
/// The report people read.
enum DocumentFormat: String, OutputFormat { case html, markdown, json }

/// A day given on the command line: a date, or a day relative to today.
enum DayArgument {
    /// The forms accepted, for help and errors.
    static let forms = "YYYY-MM-DD, today, yesterday, or -7d / -2w for days or weeks ago"

    /// The day `text` names, or an error that lists the accepted forms.
    static func parse(_ text: String) throws -> Day {
        guard let day = Day(text, relativeTo: Console.today) else {
            throw ValidationError("'\(text)' is not a day; use \(forms)")
        }
        return day
    }
}

/// Dates of facts (an observation, a resolution) after today are usually typos.
enum FutureDate {
    static func check(_ date: Day, allowed: Bool) throws {
        if date > Console.today, !allowed {
            throw ValidationError("--date \(date) is after today (\(Console.today)); add --allow-future if it is meant")
        }
    }
}
