import TrackCore
import TrackEngine

extension ImportTable {
    /// Reads comma-separated values as RFC 4180 writes them: fields in double quotes may hold commas,
    /// line breaks and doubled quotes (`""`); lines end in LF or CRLF; a leading byte-order mark is
    /// dropped. The first record names the columns; blank lines are skipped.
    public static func csv(_ text: String, file: String) throws(DiagnosticsError) -> ImportTable {
        var records: [Row] = []
        var cells: [String] = []
        var columns: [Int] = []
        var field = ""
        var fieldColumn = 1
        var quoted = false
        var wasQuoted = false
        var line = 1
        var column = 1
        var recordLine = 1
        var quoteMark = SourceMark(file: file, line: 1, column: 1)

        func endField() {
            cells.append(wasQuoted ? field : field.trimmingCharacters(in: .whitespaces))
            columns.append(fieldColumn)
            field = ""
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Row(cells: cells, line: recordLine, cellColumns: columns)) }
            cells = []
            columns = []
        }

        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending = iterator.next()
        var atFieldStart = true
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                        column += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                    if scalar == "\n" {
                        line += 1
                        column = 0
                    }
                }
                column += 1
                continue
            }
            switch scalar {
            case "\"" where atFieldStart || field.allSatisfy(\.isWhitespace):
                quoted = true
                wasQuoted = true
                field = ""
                quoteMark = SourceMark(file: file, line: line, column: column)
            case ",":
                endField()
                fieldColumn = column + 1
                atFieldStart = true
                column += 1
                continue
            case "\r" where pending == "\n":
                break
            case "\n":
                endRecord()
                line += 1
                column = 1
                recordLine = line
                fieldColumn = 1
                atFieldStart = true
                continue
            default:
                if wasQuoted, !scalar.properties.isWhitespace {
                    throw DiagnosticsError([
                        Diagnostic(
                            "text after a closing quote; a quote inside a quoted field is written twice (\"\")",
                            at: SourceMark(file: file, line: line, column: column))
                    ])
                }
                if !wasQuoted { field.unicodeScalars.append(scalar) }
            }
            atFieldStart = false
            column += 1
        }
        if quoted {
            throw DiagnosticsError([Diagnostic("this quoted field is never closed; add the closing quote (\")", at: quoteMark)])
        }
        if !field.isEmpty || wasQuoted || !cells.isEmpty { endRecord() }

        guard let header = records.first else {
            throw DiagnosticsError([Diagnostic("the file is empty; a CSV file needs a header row naming its columns", file: file)])
        }
        var rows = Array(records.dropFirst())
        var problems: [Diagnostic] = []
        for index in rows.indices where rows[index].cells.count != header.cells.count {
            if rows[index].cells.count < header.cells.count {
                // Short rows (trailing cells left out) are common in exported tables: the missing cells are blank.
                rows[index].cells += Array(repeating: "", count: header.cells.count - rows[index].cells.count)
            } else {
                problems.append(
                    Diagnostic(
                        "row has \(rows[index].cells.count) cells but the header names \(header.cells.count) columns; quote cells that hold commas",
                        at: SourceMark(file: file, line: rows[index].line, column: 1)))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return ImportTable(file: file, columns: header.cells, rows: rows)
    }
}
