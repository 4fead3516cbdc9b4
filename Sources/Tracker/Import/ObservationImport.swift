import TrackCore
import TrackEngine

/// Turns the rows of a table into observations of one indicator and merges them into its file.
public enum ObservationImport {
    /// What an import did, or would do with `--dry-run`.
    public struct Report: Sendable {
        public var merge: IndicatorMerge.Result
        /// Rows in the table, rows left out by the filters, rows skipped for a blank date or value.
        public var rowCount: Int
        public var filteredOut: Int
        public var incomplete: Int
        /// The counts of the last import of the same table into the file as it left it, when this one repeats it
        /// (nothing to add; `merge` is then empty): how many rows are there already, how many left out.
        public var repeated: (duplicates: Int, shadowed: Int)?

        /// Rows already in the file (the same date, subject and value).
        public var duplicateCount: Int { repeated?.duplicates ?? merge.duplicates.count }
        /// Rows left out where an earlier value stands.
        public var shadowedCount: Int { repeated?.shadowed ?? merge.shadowed.count }
    }

    /// The observations the table's rows hold under `mapping`, or every row's problems at once.
    /// A numeric indicator's values may be written `77.0%` or `1,000`; `scale` multiplies them.
    public static func entries(
        from table: ImportTable, mapping: ImportMapping, kind: Indicator.Kind
    ) throws(DiagnosticsError) -> (entries: [IndicatorEditor.Entry], filteredOut: Int, incomplete: Int) {
        var problems: [Diagnostic] = []
        func index(_ name: String?, _ flag: String) -> Int? {
            guard let name else { return nil }
            do throws(DiagnosticsError) { return try table.column(named: name, flag: flag) } catch {
                problems += error.diagnostics
                return nil
            }
        }
        let dateIndex = index(mapping.dateColumn, "--date")
        let valueIndex = index(mapping.valueColumn, "--value")
        let subjectIndex = index(mapping.subjectColumn, "--subject")
        let noteIndex = index(mapping.noteColumn, "--note")
        var sourceIndex: Int?
        if case .column(let name) = mapping.source { sourceIndex = index(name, "--source") }
        let filters = mapping.filters.map { ($0, index($0.column, "--where")) }
        guard problems.isEmpty, let dateIndex, let valueIndex else { throw DiagnosticsError(problems) }

        var entries: [IndicatorEditor.Entry] = []
        var filteredOut = 0
        var incomplete = 0
        rows: for row in table.rows {
            for (filter, column) in filters where !filter.accepts(column.map { row.cells[$0] } ?? "") {
                filteredOut += 1
                continue rows
            }
            // Each cell the mapping reads is trimmed once.
            func cell(_ index: Int?) -> String? {
                index.map { CellText.trimmed(row.cells[$0], newlines: true) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            func problem(_ column: Int, _ message: String) {
                problems.append(
                    Diagnostic(
                        "column '\(TerminalText.excerpt(table.columns[column], limit: 40))': " + message,
                        at: table.mark(row: row, column: column)))
            }
            let (dateCell, valueCell, subject, sourceCell) = (cell(dateIndex), cell(valueIndex), cell(subjectIndex), cell(sourceIndex))
            let required =
                [(dateIndex, dateCell), (valueIndex, valueCell)]
                + [(subjectIndex, subject), (sourceIndex, sourceCell)].filter { $0.0 != nil }
            if let blank = required.first(where: { $0.1 == nil }) {
                if mapping.skipIncomplete {
                    incomplete += 1
                } else {
                    problem(blank.0!, "the cell is blank (pass --skip-incomplete to skip rows with blank cells)")
                }
                continue
            }
            let dateText = dateCell!
            guard let date = TableDate.parse(dateText) else {
                problem(
                    dateIndex,
                    "'\(TerminalText.excerpt(dateText))' is not a date in a form track reads (2025-03-01, 1 April 2025 10:40am, Apr 1, 2025, 2025-03)"
                )
                continue
            }
            var value = valueCell!
            if kind == .numeric {
                guard let number = ImportValue.number(value) else {
                    problem(valueIndex, "'\(TerminalText.excerpt(value))' is not a number (like 0.85, 77.0%, 4.12e23 or 1,000)")
                    continue
                }
                // Written as typed when that is already the number rounded to 12 digits (`1.2e26`), else
                // rounded, so that float noise in the table (`2.4999999999999997e+24`) is not carried over.
                let written = ImportValue.text(number * (mapping.scale ?? 1))
                value =
                    mapping.scale == nil && number == Double(written) && YAMLScalar(value).coreValue != .string(value)
                    ? value : written
            }
            let source: String
            switch mapping.source {
            case .column: source = sourceCell!
            case .fixed(let citation): source = citation
            }
            entries.append(
                IndicatorEditor.Entry(
                    date: date, subject: subject, value: value, source: source, note: cell(noteIndex),
                    origin: table.mark(row: row, column: valueIndex)))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return (entries, filteredOut, incomplete)
    }

    /// Imports the table into the indicator file's text: the new text (nil when nothing changes) and a report.
    public static func run(
        _ table: ImportTable, mapping: ImportMapping, into text: String, file: String, indicatorID: String, policy: IndicatorMerge.Policy
    ) throws(DiagnosticsError) -> Report {
        // The file is parsed once, for the kind the rows are read for and for the merge.
        var parsed: IndicatorMerge.ParsedFile?
        var problems: [Diagnostic]
        do throws(DiagnosticsError) {
            parsed = try IndicatorMerge.ParsedFile(text, file: file, indicatorID: indicatorID)
            problems = parsed!.problems.filter { $0.severity == .error }
        } catch {
            problems = error.diagnostics
        }
        guard let parsed, let indicator = parsed.indicator, problems.isEmpty else {
            throw DiagnosticsError([Diagnostic("the indicator file has errors; fix them first (track validate)", file: file)] + problems)
        }
        let (entries, filteredOut, incomplete) = try entries(from: table, mapping: mapping, kind: indicator.kind)
        let merge = try IndicatorMerge.merge(entries, into: parsed, file: file, policy: policy)
        return Report(merge: merge, rowCount: table.rows.count, filteredOut: filteredOut, incomplete: incomplete)
    }
}
