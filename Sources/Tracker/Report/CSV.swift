import TrackCore
import TrackEngine

/// RFC 4180 CSV lines.
public enum CSV {
    /// A number as the JSON output writes it (`1`, not `1.0`; `0.55`; `2.1e+25`); empty for none.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// The fields joined by commas; a field with a comma, quote or line break is quoted, quotes doubled.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",")
    }
}
