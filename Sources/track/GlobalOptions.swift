import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// Options every command that reads a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The workspace directory (the one holding predictions.yaml).", valueName: "dir"))
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

    /// The evaluation engine over a valid workspace, its warnings printed; prints the errors and exits 65
    /// when it has any.
    func engine() throws -> EvaluationEngine {
        let session = try session()
        let (engine, warnings) = try perform { () throws(TrackError) in try session.engine() }
        Console.report(warnings)
        return engine
    }
}

/// The day a report is computed for.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Compute as of this day (YYYY-MM-DD); only data dated on or before it is used. Default: today.", valueName: "date"))
    var asOf: Day?

    var day: Day { asOf ?? Console.today }

    /// Whether the day asked for is another day than today.
    var isWhatIf: Bool { asOf.map { $0 != Console.today } ?? false }
}

extension ReportFormat: ExpressibleByArgument {
    /// A usage error naming the flag unless the format is one of `allowed`.
    func require(_ allowed: [ReportFormat]) throws {
        guard allowed.contains(self) else { throw ValidationError("--format takes \(ReportFormat.list(allowed)) here, not \(rawValue)") }
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
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
