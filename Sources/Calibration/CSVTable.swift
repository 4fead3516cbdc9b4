import Foundation

/// A CSV table read whole (RFC 4180: quoted fields may hold commas, quotes and line breaks), for
/// the backtest's public data sets.
struct CSVTable: Sendable {
    let header: [String]
    let rows: [[String]]

    init(contentsOfFile path: String) throws {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        while let scalar = pending ?? characters.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r":
                if scalar == "\r" { let next = characters.next(); if next != "\n" { pending = next } }
                record.append(field)
                field = ""
                if record.count > 1 || !(record.first ?? "").isEmpty { records.append(record) }
                record = []
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    /// The rows as dictionaries by column name.
    var records: [[String: String]] {
        rows.map { row in Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first }) }
    }
}
