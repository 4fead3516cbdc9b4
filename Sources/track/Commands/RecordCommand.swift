import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track record`: append one observation to an indicator file.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Append an observation to an indicator, as news arrives.",
        discussion: """
            The value is checked against the indicator (a number, or one of its states) and written as a new entry; \
            no other byte of the file changes. A file sorted by date stays sorted. Writers queue up on a lock \
            (.track/write.lock), and the file is replaced in one step, so nothing is lost. Recording the same \
            date, subject and value twice writes nothing; a different value for a date and subject already \
            there is refused, and so is a new subject that looks like a misspelt existing one (pass \
            --new-subject if it is new).

            Examples:
              track record deepseek-api-output-price 0.21 --subject deepseek-chat \\
                --source https://api-docs.deepseek.com/news
              track record deepseek-corporate-status ipo-filed --date 2027-03-02 \\
                --source https://example.com/filing --dry-run
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The indicator's id (its file's name in indicators/).", completion: .indicatorIDs) var indicator: String
    @Argument(help: "The value: a number, or one of the indicator's states.") var value: String
    @Option(help: "What the value is about, for series with several subjects.") var subject: String?
    @Option(
        help: ArgumentHelp("The observation's day (\(DayArgument.forms)). Default: today.", valueName: "date"), transform: DayArgument.parse
    )
    var date: Day?
    @Option(help: "Where the value comes from: a URL or a citation.") var source: String
    @Option(help: "A note.") var note: String?
    @Flag(name: .customLong("new-subject"), help: "Accept a subject close to an existing one as a new series.") var newSubject = false
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(name: .customLong("allow-future"), help: "Accept a --date after today.") var allowFuture = false

    func validate() throws {
        guard Slug.isValid(indicator) else {
            throw ValidationError(
                "'\(indicator)' is not an indicator id: ids use lower-case letters, digits, '-', '.' and '_' (track indicators lists them)")
        }
        guard source.contains(where: { !$0.isWhitespace }) else {
            throw ValidationError("--source must say where the value comes from (a URL or a citation)")
        }
        if let date { try FutureDate.check(date, allowed: allowFuture) }
    }

    func run() throws {
        let session = try workspace.session()
        let entry = IndicatorEditor.Entry(date: date ?? Console.today, subject: subject, value: value, source: source, note: note)
        let policy = IndicatorMerge.Policy(allowNewSubjects: newSubject)
        let outcome = try perform { () throws(TrackError) in try session.record(entry, into: indicator, policy: policy, dryRun: dryRun) }
        switch outcome {
        case .duplicate(let path, let line):
            Console.print("already recorded at \(Console.displayPath(path)):\(line); nothing written")
        case .appended(let path, let line, let lines):
            Console.print((dryRun ? "would record at" : "recorded at") + " \(Console.displayPath(path)):\(line):")
            Console.print(lines.joined(separator: "\n"))
        }
    }
}
