/// Blanks around a table's cells, trimmed by looking at the UTF-8 bytes at each end: a cell without
/// blank ends (the usual case) is returned as it is, without a copy. The blanks are those Foundation's
/// `CharacterSet.whitespaces` holds (space separators and tab), and with `newlines` those of
/// `.whitespacesAndNewlines` (line and paragraph separators, U+000A to U+000D and U+0085 too).
enum CellText {
    static func trimmed(_ text: String, newlines: Bool = false) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isBlank(scalars[start], newlines: newlines) { start = scalars.index(after: start) }
        while start < end, isBlank(scalars[scalars.index(before: end)], newlines: newlines) { end = scalars.index(before: end) }
        return start == scalars.startIndex && end == scalars.endIndex ? text : String(scalars[start..<end])
    }

    static func isBlank(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
        switch scalar.value {
        case 0x20, 0x09: return true
        case 0x0A...0x0D, 0x85: return newlines
        case 0x21..<0x80, 0..<0x09, 0x0E..<0x20: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator: return true
            case .lineSeparator, .paragraphSeparator: return newlines
            default: return false
            }
        }
    }
}
