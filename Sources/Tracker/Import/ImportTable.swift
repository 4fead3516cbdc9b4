import Foundation
import TrackCore
import TrackEngine

/// A table of text cells read from a CSV or JSON file, each row remembering where it was written,
/// so that a problem in a cell can be reported as `file:line:column`.
public struct ImportTable: Sendable {
    /// One row: its cells in column order ("" for a missing cell) and its place in the file.
    public struct Row: Sendable {
        public var cells: [String]
        /// The 1-based line the row starts on (CSV), or the 1-based position in the array (JSON).
        public var line: Int
        /// The 1-based column of each cell's start on that line (CSV); nil for JSON rows.
        public var cellColumns: [Int]?
    }

    /// The file the table was read from, as it is to be named in diagnostics.
    public var file: String
    public var columns: [String]
    public var rows: [Row]
    /// The SHA-256 of the bytes the table was read from (of each file, for a joined table); nil when built in memory.
    public var digest: String?

    public init(file: String, columns: [String], rows: [Row]) {
        self.file = file
        self.columns = columns
        self.rows = rows
    }

    /// The index of the column with this name, or a diagnostic listing the columns there are.
    public func column(named name: String, flag: String) throws(DiagnosticsError) -> Int {
        if let index = columns.firstIndex(of: name) { return index }
        let trimmed = columns.firstIndex { $0.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(name) == .orderedSame }
        if let trimmed { return trimmed }
        // Header names come from the table (maybe a hostile one): each is shown as a short, escaped excerpt.
        let names = columns.map { TerminalText.excerpt($0, limit: 40) }
        let listed =
            names.isEmpty ? "it has none" : names.count <= 12 ? "its columns are " + names.joined(separator: ", ") : "it has \(names.count)"
        let suggestion =
            Suggestion.closest(to: name, among: columns).map { "; did you mean '\(TerminalText.excerpt($0, limit: 40))'?" } ?? ""
        throw DiagnosticsError([
            Diagnostic("\(flag): no column '\(TerminalText.excerpt(name, limit: 40))' in this table; \(listed)\(suggestion)", file: file)
        ])
    }

    /// Where a cell is, for diagnostics: its line and column in a CSV file, its row in a JSON array.
    public func mark(row: Row, column: Int) -> SourceMark {
        SourceMark(
            file: file, line: row.line, column: row.cellColumns.map { column < $0.count ? $0[column] : ($0.last ?? 1) } ?? column + 1)
    }

    /// The table in `path`: CSV unless the name ends in `.json`.
    public static func read(path: String, displayName: String) throws(DiagnosticsError) -> ImportTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError([Diagnostic("cannot read the file; check the path", file: displayName)])
        }
        var table: ImportTable
        if path.lowercased().hasSuffix(".json") {
            table = try json(data, file: displayName)
        } else {
            guard let text = String(data: data, encoding: .utf8) else {
                throw DiagnosticsError([Diagnostic("the file is not UTF-8 text; convert it first (iconv -t UTF-8)", file: displayName)])
            }
            table = try csv(text, file: displayName)
        }
        table.digest = ImportMemory.digest(data)
        return table
    }
}

extension ImportTable {
    /// The table at `path` (joined with a second table on `join`'s columns), as `track import` reads it:
    /// a file that cannot be opened is exit 66, a table with errors exit 65.
    public static func load(path: String, join: (path: String, column: String, otherColumn: String)?) throws(TrackError) -> ImportTable {
        for file in [path] + [join?.path].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw TrackError(.noInput, "cannot open \(file): check the path (the table must be a readable .csv or .json file)")
        }
        do throws(DiagnosticsError) {
            let table = try read(path: path, displayName: path)
            guard let join else { return table }
            let other = try read(path: join.path, displayName: join.path)
            var joined = try table.joined(with: other, on: join.column, equals: join.otherColumn)
            joined.digest = table.digest.flatMap { first in other.digest.map { "\(first)+\($0)@\(join.column)=\(join.otherColumn)" } }
            return joined
        } catch {
            throw TrackError.data(error)
        }
    }
}
