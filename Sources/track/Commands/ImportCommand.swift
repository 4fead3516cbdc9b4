import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track import`: add a table of observations (CSV or JSON) to an indicator in one checked edit.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add observations to an indicator from a CSV or JSON table.",
        discussion: """
            Each row that passes the --where filters becomes one observation; the indicator file is edited once, \
            through the same checks, lock and atomic write as track record. Rows already there (same date, subject \
            and value) are skipped, so importing a file again adds nothing. A different value for a date and \
            subject already there is an error unless --replace. Any row error (file:line:column, naming the column) \
            stops the import and writes nothing.

            Dates may be written 2025-03-01, 2025-03-01T10:40:00Z, 1 April 2025, 17 November 2025 4:28pm, \
            Apr 1, 2025, 6/18/2025 (month first) or 2025-03 (read as its first day). Values may be written 77.0% \
            or 1,000; --scale multiplies them.

            Example (Epoch AI's GPQA-Diamond runs, dated to each model's release):
              track import gpqa-diamond benchmarks_runs.csv \\
                --where "task=GPQA diamond" --subject model \\
                --join model_versions.csv --join-on model=id \\
                --date "Version release date" \\
                --value "Best score (across scorers)" --scale 100 \\
                --source "https://github.com/epoch-research/benchmark-stitching"
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The indicator's id (its file's name in indicators/).", completion: .indicatorIDs) var indicator: String
    @Argument(
        help: "The table: a .csv file (with a header row) or a .json array of objects.", completion: .file(extensions: ["csv", "json"]))
    var file: String
    @Option(help: ArgumentHelp("The column holding each observation's date.", valueName: "column")) var date = "date"
    @Option(help: ArgumentHelp("The column holding each value.", valueName: "column")) var value = "value"
    @Option(help: ArgumentHelp("The column naming each value's subject (a model, a company).", valueName: "column")) var subject: String?
    @Option(
        help: ArgumentHelp("A column holding each row's source, or else one citation (a URL) for every row.", valueName: "column|citation"))
    var source: String
    @Option(help: ArgumentHelp("A column holding a note for each row.", valueName: "column")) var note: String?
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Take only rows where COL=VALUE (also !=, and numeric >=, >, <=, <); repeatable.", valueName: "condition"))
    var filters: [String] = []
    @Option(help: "Multiply each value by this (100 turns a 0-1 score into percent).") var scale: Double?
    @Option(help: ArgumentHelp("A second table whose columns are added to each row (see --join-on).", valueName: "file")) var join: String?
    @Option(
        name: .customLong("join-on"), help: ArgumentHelp("COL=OTHERCOL: the row's key column and the --join table's.", valueName: "key"))
    var joinOn: String?
    @Flag(name: .customLong("skip-incomplete"), help: "Skip rows whose date, value, subject or source cell is blank, instead of stopping.")
    var skipIncomplete = false
    @Flag(help: "Replace an existing value for the same date and subject instead of stopping.") var replace = false
    @Flag(
        name: .customLong("keep-first"),
        help: "When the table gives a date and subject several values, keep the first row's instead of stopping.")
    var keepFirst = false
    @Flag(
        name: .customLong("keep-existing"),
        help: "When a row gives a date and subject already there another value, keep the file's instead of stopping.")
    var keepExisting = false
    @Flag(name: .customLong("new-subject"), help: "Accept subjects close to an existing one as new series.") var newSubject = false
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(help: "Create the indicator file if it does not exist (with --name, --unit, --better).") var create = false
    @Flag(name: .customLong("allow-future"), help: "Accept rows dated after today.") var allowFuture = false
    @Option(help: "With --create: what the indicator measures, in words.") var name: String?
    @Option(help: "With --create: the unit of its values.") var unit: String?
    @Option(help: "With --create: which way is progress, lower or higher.") var better: String?

    func validate() throws {
        guard source.contains(where: { !$0.isWhitespace }) else {
            throw ValidationError("--source must name a column or say where the values come from")
        }
        for filter in filters where RowFilter(filter) == nil {
            throw ValidationError("--where '\(filter)' is not COL=VALUE, COL!=VALUE or a numeric bound such as COL>=1e24")
        }
        if let scale, !scale.isFinite || scale == 0 { throw ValidationError("--scale must be a finite number other than 0") }
        if (join == nil) != (joinOn == nil) {
            throw ValidationError("--join and --join-on go together: --join other.csv --join-on model=id")
        }
        if replace, keepExisting {
            throw ValidationError("--replace and --keep-existing exclude each other: replace the file's values, or keep them")
        }
        if let joinOn, joinOn.split(separator: "=", omittingEmptySubsequences: false).count != 2 {
            throw ValidationError("--join-on is COL=OTHERCOL, e.g. --join-on model=id")
        }
        if !create, name != nil || unit != nil || better != nil { throw ValidationError("--name, --unit and --better go with --create") }
        if let better, Indicator.Direction(rawValue: better) == nil { throw ValidationError("--better is lower or higher") }
        if create {
            guard Slug.isValid(indicator) else {
                throw ValidationError("'\(indicator)' is not a valid id (for example \(Slug.suggest(from: indicator)))")
            }
            guard name != nil else { throw ValidationError("--create needs --name, what the indicator measures") }
        }
    }

    func run() throws {
        let session = try workspace.session()
        let joined = join.flatMap { join in joinOn.map { keys in (join, keys) } }.map { join, keys in
            let columns = keys.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            return (path: join, column: columns[0], otherColumn: columns[1])
        }
        let table = try perform { () throws(TrackError) in try ImportTable.load(path: file, join: joined) }
        var mapping = ImportMapping(source: .named(source, in: table))
        mapping.dateColumn = date
        mapping.valueColumn = value
        mapping.subjectColumn = subject
        mapping.noteColumn = note
        mapping.filters = filters.compactMap(RowFilter.init)
        mapping.scale = scale
        mapping.skipIncomplete = skipIncomplete
        var policy = IndicatorMerge.Policy(replace: replace, allowNewSubjects: newSubject, keepFirst: keepFirst, keepExisting: keepExisting)
        policy.latestDate = allowFuture ? nil : Console.today
        let newIndicator =
            create
            ? WorkspaceSession.NewIndicator(name: name ?? indicator, unit: unit, better: better.flatMap(Indicator.Direction.init))
            : nil
        let imported = try perform { () throws(TrackError) in
            try session.importTable(table, mapping: mapping, into: indicator, policy: policy, create: newIndicator, dryRun: dryRun)
        }
        let report = imported.report
        let merge = report.merge
        for (line, oldValue, entry) in merge.replaced {
            let subject = entry.subject.map { "\($0) on " } ?? ""
            Console.print(
                "\(dryRun ? "would replace" : "replaced") \(oldValue) with \(entry.value) for \(subject)\(entry.date) (was line \(line))")
        }
        if !merge.newSubjects.isEmpty {
            let shown = merge.newSubjects.prefix(12).joined(separator: ", ") + (merge.newSubjects.count > 12 ? ", ..." : "")
            Console.print("new subjects (\(merge.newSubjects.count)): \(shown)")
        }
        var counts = [
            Count.of(report.rowCount, "row"), "\(merge.added.count) \(dryRun ? "to add" : "added")",
            "\(report.duplicateCount) already there",
        ]
        if !merge.replaced.isEmpty { counts.append("\(merge.replaced.count) \(dryRun ? "to replace" : "replaced")") }
        if report.shadowedCount > 0 { counts.append("\(report.shadowedCount) left out where an earlier value stands") }
        if report.filteredOut > 0 { counts.append("\(report.filteredOut) left out by --where") }
        if report.incomplete > 0 { counts.append("\(report.incomplete) skipped for blank cells") }
        let created = imported.created ? (dryRun ? " (would create it)" : " (created)") : ""
        Console.print(
            "\(Console.displayPath(imported.path))\(created): " + counts.joined(separator: ", ")
                + (dryRun ? "; nothing written (dry run)" : ""))
    }
}
