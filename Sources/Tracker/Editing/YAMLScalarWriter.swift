import TrackCore
import TrackEngine

/// Writes scalars for text that track inserts into YAML files: plain when it reads back as the
/// same string under the YAML 1.2 core schema (and is no YAML 1.1 boolean), double-quoted otherwise.
public enum YAMLScalarWriter {
    /// The text as a YAML string scalar.
    public static func string(_ text: String) -> String {
        isSafePlain(text) ? text : quoted(text)
    }

    /// Words YAML 1.1 readers take for booleans: quoted too, so other tools read the file the same way.
    static let yaml11Booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ]

    static func isSafePlain(_ text: String) -> Bool {
        if yaml11Booleans.contains(text) { return false }
        guard let first = text.first, let last = text.last, !first.isWhitespace, !last.isWhitespace else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        // ": " and " #" looked for on the bytes (both are ASCII pairs).
        let utf8 = text.utf8
        if utf8.last == UInt8(ascii: ":")
            || zip(utf8, utf8.dropFirst()).contains(where: { ($0 == 0x3A && $1 == 0x20) || ($0 == 0x20 && $1 == 0x23) })
        {
            return false
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        return YAMLScalar(text).coreValue == .string(text)
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
