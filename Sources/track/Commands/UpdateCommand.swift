import ArgumentParser
import Foundation
import Plugins
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
            unchanged table adds nothing) and exec (a program track-source-NAME speaking JSON). See the README, \
            "Indicators that update themselves".
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The indicators to update (default: every indicator that declares a source).") var indicators: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Show what would be added; write nothing.") var dryRun = false
    @Flag(help: "Print only what was added (and errors).") var quiet = false

    func run() throws {
        let root = try workspace.root()
        let all = WorkspaceLoader.load(root: root).workspace.indicators
        let chosen: [Indicator]
        if indicators.isEmpty {
            chosen = all.filter { $0.update != nil }
            if chosen.isEmpty, !quiet { Console.print("no indicator declares a source (update: {source: ...}); nothing to update") }
        } else {
            chosen = try indicators.map { id in
                guard let indicator = all.first(where: { $0.id == id }) else {
                    Console.printError("track: " + Suggestion.message(unknown: id, expected: all.map(\.id), noun: "indicator"))
                    throw ExitStatus.usage
                }
                guard indicator.update != nil else {
                    Console.printError("track: indicator '\(id)' declares no source; add 'update: {source: csv, url: ...}' to \(Console.displayPath(indicator.file))")
                    throw ExitStatus.usage
                }
                return indicator
            }
        }

        var failures: [IndicatorUpdate.Failure.Kind] = []
        for indicator in chosen {
            let outcome = IndicatorUpdate.run(indicator, workspaceRoot: root, registry: BuiltInSources.registry, dryRun: dryRun)
            let from = [outcome.sourceName, outcome.origin].compactMap { $0 }.joined(separator: " ")
            switch outcome.result {
            case .failed(let failure):
                failures.append(failure.kind)
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
                Console.print("\(indicator.id) (\(from)): " + counts.joined(separator: ", ") + (dryRun ? "; nothing written (dry run)" : ""))
                for (_, entry, _) in merge.added {
                    let subject = entry.subject.map { " \($0)" } ?? ""
                    Console.print("  + \(entry.date)\(subject): \(entry.value)  (\(entry.source))")
                }
                for (line, oldValue, entry) in merge.replaced {
                    Console.print("  ~ \(entry.date)\(entry.subject.map { " \($0)" } ?? ""): \(oldValue) -> \(entry.value) (was line \(line))  (\(entry.source))")
                }
                if !merge.newSubjects.isEmpty, !quiet {
                    Console.print("  new subjects (\(merge.newSubjects.count)): " + merge.newSubjects.prefix(12).joined(separator: ", ")
                        + (merge.newSubjects.count > 12 ? ", ..." : ""))
                }
            }
        }
        if failures.contains(where: { $0 == .configuration || $0 == .merge }) { throw ExitStatus.badData }
        if failures.contains(.source) { throw ExitStatus.sourceUnavailable }
        if failures.contains(.unwritable) { throw ExitCode(73) }
        if failures.contains(.busy) { throw ExitStatus.busy }
    }
}
