import Foundation
import TrackCore
import TrackEngine

extension ImportTable {
    /// Reads a JSON array of objects; the columns are the keys in order of first appearance. Strings
    /// are taken as they are, numbers in their shortest form, null as a blank cell.
    public static func json(_ data: Data, file: String) throws(DiagnosticsError) -> ImportTable {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw DiagnosticsError([
                Diagnostic("not valid JSON: \(TerminalText.excerpt(error.localizedDescription, limit: 120))", file: file)
            ])
        }
        guard let objects = parsed as? [Any] else {
            throw DiagnosticsError([Diagnostic("expected a JSON array of objects ([{\"date\": ..., \"value\": ...}, ...])", file: file)])
        }
        var columns: [String] = []
        var index: [String: Int] = [:]
        var dictionaries: [[String: Any]] = []
        var problems: [Diagnostic] = []
        for (position, element) in objects.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.append(
                    Diagnostic("element \(position + 1) is not an object", at: SourceMark(file: file, line: position + 1, column: 1)))
                continue
            }
            for key in object.keys.sorted() where index[key] == nil {
                index[key] = columns.count
                columns.append(key)
            }
            dictionaries.append(object)
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        let rows = dictionaries.enumerated().map { position, object in
            Row(cells: columns.map { cell(object[$0]) }, line: position + 1, cellColumns: nil)
        }
        return ImportTable(file: file, columns: columns, rows: rows)
    }

    private static func cell(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: ""
        case let string as String: string
        case let number as NSNumber: ImportValue.text(number.doubleValue)
        default: String(describing: value!)
        }
    }
}
