import TrackCore
import TrackEngine

/// RFC 4180 CSV lines, safe to open in a spreadsheet.
public enum CSV {
    /// A number as the JSON output writes it (`1`, not `1.0`; `0.55`; `2.1e+25`); empty for none.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// The fields joined by commas; a field with a comma, quote or line break is quoted, quotes doubled.
    /// Each field is neutralised first (`neutralised(_:)`).
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            let field = neutralised(field)
            return field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",")
    }

    /// The common rule against formula injection (OWASP, "CSV Injection"): a field that starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return is one a spreadsheet may run as a formula
    /// (`=HYPERLINK(...)`), so it gets a leading `'`, which spreadsheets show as text. A field that is
    /// a plain number (`-3.5`, `+1e3`) is left alone: it is read as that number, never as a formula.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return field }
        if first == "-" || first == "+", isPlainNumber(field.dropFirst()) { return field }
        return "'" + field
    }

    /// Digits with at most one point and an optional exponent: `3.5`, `1e3`, `2.5E-4`.
    private static func isPlainNumber(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isNumber || first == "." else { return false }
        return Double(text) != nil && text.allSatisfy { $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }
    }
}
