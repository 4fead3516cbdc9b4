import TrackCore
import TrackEngine

/// A table of text cells, rendered aligned for a terminal or as a Markdown table.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var header: String
        public var alignment: Alignment

        public init(_ header: String, _ alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// A cell's text and the style it is shown in on a terminal.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var style: TerminalStyle.Role?

        public init(_ text: String, style: TerminalStyle.Role? = nil) {
            self.text = text
            self.style = style
        }

        public init(stringLiteral text: String) { self.init(text) }
    }

    public var columns: [Column]
    public var rows: [[Cell]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row has one cell per column")
        rows.append(row)
    }

    /// Aligned columns separated by two spaces; styles applied when `style` is enabled. With
    /// `width`, the last column is cut (with an ellipsis) so that lines fit a terminal that wide.
    /// Widths are terminal columns: East Asian wide characters count two. Cells are escaped for the
    /// terminal (`TerminalText`) before they are measured and coloured.
    public func render(style: TerminalStyle, width: Int? = nil) -> String {
        var rows = self.rows.map { $0.map { Cell(TerminalText.escaped($0.text), style: $0.style) } }
        var widths = columns.indices.map { index in
            rows.reduce(DisplayWidth.of(columns[index].header)) { max($0, DisplayWidth.of($1[index].text)) }
        }
        if let width, let last = columns.indices.last {
            let room = width - widths.dropLast().reduce(0) { $0 + $1 + 2 }
            if room >= 10, widths[last] > room {
                widths[last] = room
                for index in rows.indices where DisplayWidth.of(rows[index][last].text) > room {
                    rows[index][last].text = DisplayWidth.prefix(rows[index][last].text, columns: room - 1) + "…"
                }
            }
        }
        func line(_ cells: [Cell], header: Bool) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell.text)))
                let isLast = index == cells.count - 1
                let padded = columns[index].alignment == .right ? padding + cell.text : cell.text + (isLast ? "" : padding)
                let role = header ? TerminalStyle.Role.header : cell.style
                parts.append(role.map { style.apply($0, to: padded) } ?? padded)
            }
            return parts.joined(separator: "  ")
        }
        return ([line(columns.map { Cell($0.header) }, header: true)] + rows.map { line($0, header: false) })
            .joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table.
    public func renderMarkdown() -> String {
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        let header = "| " + columns.map { escape($0.header) }.joined(separator: " | ") + " |"
        let rule = "|" + columns.map { $0.alignment == .right ? "---:|" : "---|" }.joined()
        let body = rows.map { "| " + $0.map { escape($0.text) }.joined(separator: " | ") + " |" }
        return ([header, rule] + body).joined(separator: "\n")
    }
}
