import TrackCore
import TrackEngine

extension ImportTable {
    /// This table with the columns of `other` added to each row whose `key` cell equals the other's
    /// `otherKey` cell (a left join: rows without a match get blank cells). Columns this table already
    /// has are not added again. Public tables are often split this way (runs in one file, the models'
    /// release dates in another).
    public func joined(with other: ImportTable, on key: String, equals otherKey: String) throws(DiagnosticsError) -> ImportTable {
        let keyIndex = try column(named: key, flag: "--join-on")
        let otherKeyIndex = try other.column(named: otherKey, flag: "--join-on")
        let added = other.columns.indices.filter { $0 != otherKeyIndex && !columns.contains(other.columns[$0]) }
        var lookup: [String: ImportTable.Row] = [:]
        for row in other.rows where lookup[row.cells[otherKeyIndex]] == nil {
            lookup[row.cells[otherKeyIndex]] = row
        }
        var table = self
        table.columns += added.map { other.columns[$0] }
        for index in table.rows.indices {
            let match = lookup[table.rows[index].cells[keyIndex]]
            table.rows[index].cells += added.map { match?.cells[$0] ?? "" }
        }
        return table
    }
}
