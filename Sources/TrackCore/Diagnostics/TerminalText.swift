/// Text made safe for a terminal: control characters from files or plugins (ESC, BEL, CR, the C1 range)
/// could otherwise retitle a window, move the cursor, hide or rewrite what was printed or reach the
/// clipboard, and bidirectional overrides (U+202E) could make text read in another order than it is.
public enum TerminalText {
    /// The colour sequences track itself writes (`TerminalStyle`): bold, dim, red, green, yellow,
    /// magenta, reset. With `keepingStyles`, only these pass; any other sequence (`ESC[8m` hides
    /// text, `ESC[2J` clears the screen) is escaped.
    public static let ownStyles: Set<String> = ["1", "2", "31", "32", "33", "35", "0"]

    /// `text` with every control character except newline and tab, and every bidirectional embedding,
    /// override or isolate, written as `\u001B` (valid in JSON strings too, with the same meaning).
    /// With `keepingStyles`, track's own colour sequences (`ownStyles`) stay.
    public static func escaped(_ text: String, keepingStyles: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}", keepingStyles, let end = styleEnd(scalars, from: index) {
                result.append(contentsOf: scalars[index...end])
                index = end + 1
                continue
            }
            if isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    /// A short, escaped excerpt of foreign text (a cell, a header, a server's answer) for a message:
    /// control characters escaped, cut after `limit` characters with the full length said.
    public static func excerpt(_ text: String, limit: Int = 60) -> String {
        let escaped = escaped(text)
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(limit)) + "… (\(text.count) characters)"
    }

    /// C0 (but newline and tab), DEL and C1.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
    }

    /// Control characters and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
    /// U+2066-U+2069), which reorder what follows them on screen.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// The index of the `m` ending one of track's own colour sequences starting at `start`, if there is one.
    private static func styleEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        var code = ""
        while index < scalars.count, index - start < 5 {
            let scalar = scalars[index]
            if scalar == "m" { return ownStyles.contains(code) ? index : nil }
            guard ("0"..."9").contains(scalar) else { return nil }
            code.unicodeScalars.append(scalar)
            index += 1
        }
        return nil
    }
}
