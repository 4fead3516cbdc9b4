import TrackCore
import TrackEngine

/// RFC 4180 CSV lines.
public enum CSV {
    /// The fields joined by commas; a field with a comma, quote or line break is quoted, quotes doubled.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",")
    }
}
