import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track update`: run the sources indicators declare (`update:`) and add what they answer.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Add new observations from the sources indicators declare (update: {source: csv|exec, ...}).",
        discussion: """
            Each indicator with an 'update:' runs its source, and what the source answers is added through the same \
            checks, lock and atomic write as track import: values already there are skipped, a different value for a \
            date and subject already there (a conflict) or a new subject close to an existing one stops that \
            indicator's update. A failed update names the indicator and its source and changes no file; the other \
            indicators are still updated. Exit status: 0 when every update succeeded, 65 when a source's answer \
            cannot be added or an 'update:' has errors, 69 when a source could not be read, 73 when an indicator \
            file cannot be written, 75 when the workspace stayed locked.

            Sources: csv (a CSV or JSON table at a URL or a path in the workspace; downloads are conditional, so an \
            unchanged table adds nothing) and exec (a program track-source-NAME speaking JSON). See \
            docs/updating.md.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The indicators to update (default: every indicator that declares a source).", completion: .indicatorIDs)
    var indicators: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Show what would be added; write nothing.") var dryRun = false
    @Flag(help: "Print only what was added (and errors).") var quiet = false

    func run() throws {
        let session = try workspace.session()
        let chosen = try perform { () throws(TrackError) in try session.updatableIndicators(indicators) }
        if chosen.isEmpty, !quiet { Console.print("no indicator declares a source (update: {source: ...}); nothing to update") }
        var failures: [IndicatorUpdate.Failure] = []
        for indicator in chosen {
            let outcome = session.update(indicator, dryRun: dryRun, today: Console.today)
            let from = [outcome.sourceName, outcome.origin].compactMap { $0 }.joined(separator: " ")
            switch outcome.result {
            case .failed(let failure):
                failures.append(failure)
                Console.printError("track: update of \(failure.description)")
                Console.report(failure.diagnostics)
            case .unchanged(let reason):
                if !quiet { Console.print("\(indicator.id) (\(from)): unchanged, \(reason)") }
            case .merged(let merge, let rowCount, let filteredOut, let incomplete):
                if quiet, merge.added.isEmpty { continue }
                var counts = ["\(merge.added.count) \(dryRun ? "to add" : "added")", "\(merge.duplicates.count) already there"]
                if !merge.replaced.isEmpty { counts.append("\(merge.replaced.count) \(dryRun ? "to replace" : "replaced")") }
                if !merge.shadowed.isEmpty { counts.append("\(merge.shadowed.count) left out where another value stands") }
                if filteredOut > 0 { counts.append("\(filteredOut) of \(rowCount) rows left out by 'where'") }
                if incomplete > 0 { counts.append("\(incomplete) skipped for blank cells") }
                Console.print(
                    "\(indicator.id) (\(from)): " + counts.joined(separator: ", ") + (dryRun ? "; nothing written (dry run)" : ""))
                for (_, entry, _) in merge.added {
                    let subject = entry.subject.map { " \($0)" } ?? ""
                    Console.print("  + \(entry.date)\(subject): \(entry.value)  (\(entry.source))")
                }
                for (line, oldValue, entry) in merge.replaced {
                    let subject = entry.subject.map { " \($0)" } ?? ""
                    Console.print("  ~ \(entry.date)\(subject): \(oldValue) -> \(entry.value) (was line \(line))  (\(entry.source))")
                }
                if !merge.newSubjects.isEmpty, !quiet {
                    Console.print(
                        "  new subjects (\(merge.newSubjects.count)): " + merge.newSubjects.prefix(12).joined(separator: ", ")
                            + (merge.newSubjects.count > 12 ? ", ..." : ""))
                }
            }
        }
        // The most telling code first: bad data, then an unreadable source, an unwritable file, a lock.
        let order: [TrackError.Exit] = [.dataError, .unavailable, .cannotCreate, .busy]
        if let exit = order.first(where: { code in failures.contains { $0.exit == code } }) { throw ExitCode(exit.rawValue) }
    }
}
