import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track say`: record a forecaster's probability for a forecast.
struct SayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Record a forecaster's probability for a forecast, as it changes over time.",
        discussion: """
            The entry is appended to the forecast's 'said:' list in predictions.yaml ({by, p, on, note}); no other \
            byte of the file changes, writers queue up on the workspace's lock and the file is replaced in one step, \
            as with track record. The forecaster must be listed under 'forecasters:' in track.yaml; the day must lie \
            between the day the forecast was made and its deadline, before any resolution. Each entry stands from its \
            day until the forecaster's next one; track score scores them all over time.

            Examples:
              track say deepseek-bet-succeeds 0.45 --by alice --on 2026-09-01 \\
                --note "after the V4 release"
              track say deepseek-bet-succeeds 0.3 --by bob --dry-run
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The forecast's id (track status lists them).", completion: .forecastIDs) var id: String
    @Argument(help: "The probability, strictly between 0 and 1 (0.45 for 45%).") var probability: Double
    @Option(help: "The forecaster, one of track.yaml's 'forecasters'.") var by: String
    @Option(
        help: ArgumentHelp("The day it was said (\(DayArgument.forms)). Default: today.", valueName: "date"), transform: DayArgument.parse)
    var on: Day?
    @Option(help: "A note: why, or after what news.") var note: String?
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(name: .customLong("allow-future"), help: "Accept an --on day after today.") var allowFuture = false

    func validate() throws {
        guard probability > 0, probability < 1 else {
            throw ValidationError("the probability is strictly between 0 and 1 (write 0.45 for 45%), not \(probability)")
        }
        guard Slug.isValid(by) else {
            throw ValidationError("--by '\(by)' is not a forecaster's name: names use lower-case letters, digits, '-', '.' and '_'")
        }
        if let on, on > Console.today, !allowFuture {
            throw ValidationError("--on \(on) is after today (\(Console.today)); add --allow-future if it is meant")
        }
    }

    func run() throws {
        let session = try workspace.session()
        let entry = ForecasterEntry(by: by, probability: probability, on: on ?? Console.today, note: note)
        let outcome = try perform { () throws(TrackError) in try session.say(entry, to: id, dryRun: dryRun) }
        switch outcome {
        case .duplicate(let path):
            Console.print("\(by) already said \(probability) on \(entry.on) for \(id) in \(Console.displayPath(path)); nothing written")
        case .appended(let path, let line, let lines):
            Console.print((dryRun ? "would write at" : "said at") + " \(Console.displayPath(path)):\(line):")
            Console.print(lines.joined(separator: "\n"))
        }
    }
}
