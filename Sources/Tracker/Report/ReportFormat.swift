import TrackCore
import TrackEngine

/// The formats track prints or writes; each command accepts the ones that fit what it shows.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// Indented prose for a terminal (explain, model).
    case text
    /// Typed JSON: numbers as numbers, ISO dates.
    case json
    /// RFC 4180 CSV with a header line.
    case csv
    case markdown
    /// One self-contained page.
    case html

    /// "table, json or markdown".
    public static func list(_ formats: [ReportFormat]) -> String {
        let names = formats.map(\.rawValue)
        return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
