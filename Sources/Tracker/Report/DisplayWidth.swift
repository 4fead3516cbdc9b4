import TrackCore
import TrackEngine

/// How many terminal columns text takes: East Asian wide and fullwidth characters (and emoji)
/// take two, combining marks none, other characters one.
public enum DisplayWidth {
    /// The columns `text` takes on a terminal.
    public static func of(_ text: some StringProtocol) -> Int {
        // Printable ASCII, the usual case: one column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The columns one character (a grapheme cluster) takes: its first scalar decides.
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) { return 0 }
        return isWide(scalar.value) ? 2 : 1
    }

    /// The longest prefix of `text` that fits `columns`.
    public static func prefix(_ text: String, columns: Int) -> String {
        var used = 0
        var result = ""
        for character in text {
            let width = of(character)
            if used + width > columns { break }
            used += width
            result.append(character)
        }
        return result
    }

    /// East Asian Width W and F ranges of Unicode's EastAsianWidth.txt, and the emoji blocks, in short.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default: false
        }
    }
}

/// The width tables are cut to: `COLUMNS` when set, else the terminal's; none (nothing cut) for a pipe or a file.
public enum TerminalWidth {
    public static func resolve(environment: [String: String], isTerminal: Bool, terminalColumns: () -> Int?) -> Int? {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return isTerminal ? terminalColumns() : nil
    }
}
