import TrackCore
import TrackEngine

/// Prose folded at spaces to a terminal's width, for the reports that are sentences rather than tables.
public enum ProseWrap {
    /// `text`'s lines, each at most `width` terminal columns: a line too long breaks at its last space
    /// that fits, and its continuation lines take the line's own leading spaces plus `indent`; a word
    /// wider than the room left is split. Without a width (a pipe or a file) the text is unchanged.
    public static func lines(_ text: String, width: Int?, indent: Int = 2) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let width else { return lines }
        return lines.flatMap { fold($0, width: width, indent: indent) }
    }

    /// One line folded.
    private static func fold(_ line: String, width: Int, indent: Int) -> [String] {
        guard DisplayWidth.of(line) > width else { return [line] }
        let lead = String(line.prefix { $0 == " " })
        let continuation = String(repeating: " ", count: min(lead.count + indent, max(0, width / 2)))
        var folded: [String] = []
        var current = lead
        var currentWidth = DisplayWidth.of(lead)
        var startsLine = true
        for word in line.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            let separator = startsLine ? 0 : 1
            if !startsLine, currentWidth + separator + DisplayWidth.of(word) > width {
                folded.append(current)
                current = continuation
                currentWidth = DisplayWidth.of(continuation)
                startsLine = true
            }
            if !startsLine {
                current += " "
                currentWidth += 1
            }
            // A word wider than the room left on a fresh line is split where the line ends.
            while currentWidth + DisplayWidth.of(word) > width, width - currentWidth > 0 {
                let head = DisplayWidth.prefix(word, columns: width - currentWidth)
                guard !head.isEmpty else { break }
                folded.append(current + head)
                word = String(word.dropFirst(head.count))
                current = continuation
                currentWidth = DisplayWidth.of(continuation)
            }
            current += word
            currentWidth += DisplayWidth.of(word)
            startsLine = false
        }
        folded.append(current)
        return folded
    }
}
