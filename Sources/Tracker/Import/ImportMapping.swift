import TrackCore
import TrackEngine

/// How a table's columns become observations: which column holds what, which rows to take,
/// and how to scale the values.
public struct ImportMapping: Sendable {
    /// Where an observation's source comes from.
    public enum Source: Sendable, Hashable {
        /// A column holding each row's source.
        case column(String)
        /// The same citation for every row (a URL, or "Epoch AI, Notable AI Models").
        case fixed(String)

        /// The column of `table` with this name if it has one, else the text as a citation for every row.
        public static func named(_ text: String, in table: ImportTable) -> Source {
            table.columns.contains(text) ? .column(text) : .fixed(text)
        }
    }

    public var dateColumn = "date"
    public var valueColumn = "value"
    public var subjectColumn: String?
    public var source: Source
    public var noteColumn: String?
    /// Rows are taken only when they pass every filter.
    public var filters: [RowFilter] = []
    /// Each value is multiplied by this (100 turns a 0-1 score into percent).
    public var scale: Double?
    /// Rows with a blank date or value are skipped (and counted) instead of being errors.
    public var skipIncomplete = false

    public init(source: Source) {
        self.source = source
    }
}
