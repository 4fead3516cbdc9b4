import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track resolve`: record how a forecast turned out.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Write a forecast's resolution into predictions.yaml.",
        discussion: """
            The resolution is added to the forecast's entry; nothing else in the file changes. A forecast that is \
            already resolved needs --force. track due lists the forecasts waiting for one.

            Examples:
              track resolve v4-sota-reasoning no --date 2027-09-30 \\
                --source https://example.com/v4-review
              track resolve inference-cost-10x yes --date 2027-05-01 \\
                --source https://api-docs.deepseek.com/news --force
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The forecast's id.", completion: .forecastIDs) var id: String
    @Argument(help: "yes, no, ambiguous or annulled.") var outcome: Resolution.Outcome
    @Option(help: ArgumentHelp("The day it resolved (\(DayArgument.forms)).", valueName: "date"), transform: DayArgument.parse)
    var date: Day
    @Option(help: "Where the outcome is documented.") var source: String
    @Option(help: "A note.") var note: String?
    @Flag(help: "Replace an existing resolution.") var force = false
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(name: .customLong("allow-future"), help: "Accept a --date after today.") var allowFuture = false

    func validate() throws {
        guard source.contains(where: { !$0.isWhitespace }) else {
            throw ValidationError("--source must say where the outcome is documented")
        }
        try FutureDate.check(date, allowed: allowFuture)
    }

    func run() throws {
        let session = try workspace.session()
        let resolution = Resolution(outcome: outcome, date: date, source: source, note: note)
        try perform { () throws(TrackError) in try session.resolve(id, with: resolution, replace: force, dryRun: dryRun) }
        Console.print("\(dryRun ? "would resolve" : "resolved") \(id): \(outcome.rawValue) on \(date) (\(source))")
    }
}

extension Resolution.Outcome: ExpressibleByArgument {}
