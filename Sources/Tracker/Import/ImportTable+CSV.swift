import TrackCore
import TrackEngine

extension ImportTable {
    /// Reads comma-separated values as RFC 4180 writes them: fields in double quotes may hold commas,
    /// line breaks and doubled quotes (`""`); lines end in LF or CRLF; a leading byte-order mark is
    /// dropped. The first record names the columns; blank lines are skipped.
    public static func csv(_ text: String, file: String) throws(DiagnosticsError) -> ImportTable {
        var text = text
        var result: Result<ImportTable, DiagnosticsError>?
        text.withUTF8 { bytes in result = Result { () throws(DiagnosticsError) in try csvRecords(bytes, file: file) } }
        return try result!.get()
    }

    /// The parse of `csv`, in one pass over the UTF-8 bytes: each field's bytes are gathered once and
    /// an unquoted one trimmed once; columns count Unicode scalars, as an editor shows them.
    private static func csvRecords(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(DiagnosticsError) -> ImportTable {
        var records: [Row] = []
        var cells: [String] = []
        var columns: [Int] = []
        var field: [UInt8] = []
        var fieldColumn = 1
        var quoted = false
        var wasQuoted = false
        var line = 1
        var column = 1
        var recordLine = 1
        var quoteMark = SourceMark(file: file, line: 1, column: 1)

        func endField() {
            let text = String(decoding: field, as: UTF8.self)
            cells.append(wasQuoted ? text : CellText.trimmed(text))
            columns.append(fieldColumn)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Row(cells: cells, line: recordLine, cellColumns: columns)) }
            cells = []
            columns = []
        }
        /// The scalar whose first byte is at `position` (a lead byte of a multi-byte scalar).
        func scalar(at position: Int) -> Unicode.Scalar {
            var iterator = bytes[position...].makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
            return "\u{FFFD}"
        }

        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        // A leading byte-order mark is dropped.
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var atFieldStart = true
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            // Bytes that continue a multi-byte scalar take no column of their own.
            let isContinuation = byte & 0xC0 == 0x80
            if quoted {
                if byte == quote {
                    if position < bytes.count, bytes[position] == quote {
                        field.append(quote)
                        position += 1
                        column += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                    if byte == newline {
                        line += 1
                        column = 0
                    }
                }
                if !isContinuation { column += 1 }
                continue
            }
            switch byte {
            case quote where atFieldStart || String(decoding: field, as: UTF8.self).allSatisfy(\.isWhitespace):
                quoted = true
                wasQuoted = true
                field.removeAll(keepingCapacity: true)
                quoteMark = SourceMark(file: file, line: line, column: column)
            case comma:
                endField()
                fieldColumn = column + 1
                atFieldStart = true
                column += 1
                continue
            case carriageReturn where position < bytes.count && bytes[position] == newline:
                break
            case newline:
                endRecord()
                line += 1
                column = 1
                recordLine = line
                fieldColumn = 1
                atFieldStart = true
                continue
            default:
                if wasQuoted, !isContinuation {
                    let isWhitespace =
                        byte < 0x80 ? Unicode.Scalar(byte).properties.isWhitespace : scalar(at: position - 1).properties.isWhitespace
                    if !isWhitespace {
                        throw DiagnosticsError([
                            Diagnostic(
                                "text after a closing quote; a quote inside a quoted field is written twice (\"\")",
                                at: SourceMark(file: file, line: line, column: column))
                        ])
                    }
                }
                if !wasQuoted { field.append(byte) }
            }
            atFieldStart = false
            if !isContinuation { column += 1 }
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
