import TrackCore
import TrackEngine

/// A table of text cells, rendered aligned for a terminal or as a Markdown table.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var header: String
        public var alignment: Alignment
        /// Columns are dropped, lowest first, when a terminal is too narrow; nil: never dropped.
        public var dropPriority: Int?
        /// A column that may be cut (with an ellipsis) down to this many columns before any is dropped.
        public var minimumWidth: Int?

        public init(_ header: String, _ alignment: Alignment = .left, dropPriority: Int? = nil, minimumWidth: Int? = nil) {
            self.header = header
            self.alignment = alignment
            self.dropPriority = dropPriority
            self.minimumWidth = minimumWidth
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

    /// The narrowest the last column (a summary) is shown beside the others; narrower, it moves to an
    /// indented line of its own under its row (as it does when a line of its own shows much more).
    public static let minimumLastColumn = 24
    /// The indent of a last column moved to a line of its own.
    public static let wrapIndent = 4
    /// The most lines a summary under its row is folded over.
    public static let summaryLines = 2

    /// Aligned columns separated by two spaces; styles applied when `style` is enabled. With `width`,
    /// every line fits a terminal that wide. A table whose last column has a `dropPriority` holds data:
    /// its columns are dropped by priority until the rest fit. Otherwise the last column is a summary:
    /// beside its row, columns that may shrink are cut to their minimum, then columns are dropped by their
    /// `dropPriority` (lowest first) until it has `minimumLastColumn` columns, and it is cut with an
    /// ellipsis; when that shows less than 60% of what a line of its own would, it moves to an indented
    /// line under each row instead (the other columns then only make room for themselves). Widths are terminal columns: East Asian wide characters
    /// count two. Cells are escaped for the terminal (`TerminalText`) before they are measured and coloured.
    public func render(style: TerminalStyle, width: Int? = nil) -> String {
        var escaped = self
        escaped.rows = rows.map { $0.map { Cell(TerminalText.escaped($0.text), style: $0.style) } }
        return escaped.renderEscaped(style: style, width: width)
    }

    private func renderEscaped(style: TerminalStyle, width: Int?) -> String {
        let layout = width.map(fit) ?? Layout(shown: Array(columns.indices), widths: naturalWidths, lastOnOwnLine: false)
        var lines = [line(columns.map { Cell($0.header) }, header: true, layout: layout, style: style)]
        for row in rows { lines += rowLines(row, layout: layout, width: width, style: style) }
        return lines.joined(separator: "\n")
    }

    /// Which columns are shown, how wide, and whether the last goes on a line of its own.
    private struct Layout {
        var shown: [Int]
        var widths: [Int]
        var lastOnOwnLine: Bool
    }

    private var naturalWidths: [Int] {
        columns.indices.map { index in rows.reduce(DisplayWidth.of(columns[index].header)) { max($0, DisplayWidth.of($1[index].text)) } }
    }

    private func fit(_ width: Int) -> Layout {
        let natural = naturalWidths
        guard let last = columns.indices.last else { return Layout(shown: [], widths: natural, lastOnOwnLine: false) }
        if columns[last].dropPriority != nil { return fitData(width, widths: natural) }
        let all = Array(columns.indices)
        if all.reduce(0, { $0 + natural[$1] }) + 2 * (all.count - 1) <= width {
            return Layout(shown: all, widths: natural, lastOnOwnLine: false)
        }
        // The summary stays beside its row unless that shows less than 60% of what a line of its own would.
        let own = min(natural[last], max(1, width - Self.wrapIndent))
        if let beside = besideLayout(width, natural: natural), beside.widths[last] * 10 >= own * 6 { return beside }
        return ownLineLayout(width, natural: natural)
    }

    /// The summary beside the other columns: those that may shrink cut to their minimum, then columns dropped
    /// by priority, until it has `minimumLastColumn` columns (or its whole text); nil when it cannot.
    private func besideLayout(_ width: Int, natural: [Int]) -> Layout? {
        var widths = natural
        let last = columns.count - 1
        var shown = Array(columns.indices)
        func room() -> Int { width - shown.dropLast().reduce(0) { $0 + widths[$1] + 2 } }
        let wanted = min(Self.minimumLastColumn, widths[last])
        for index in shown.dropLast() where room() < wanted {
            if let minimum = columns[index].minimumWidth {
                widths[index] = min(widths[index], max(minimum, widths[index] - (wanted - room())))
            }
        }
        for index in droppable(shown.dropLast()) where room() < wanted { shown.removeAll { $0 == index } }
        guard room() >= wanted else { return nil }
        widths[last] = min(widths[last], room())
        return Layout(shown: shown, widths: widths, lastOnOwnLine: false)
    }

    /// The summary on an indented line under its row; the other columns fit the width on their own (cut
    /// to their minimum, then dropped by priority).
    private func ownLineLayout(_ width: Int, natural: [Int]) -> Layout {
        var widths = natural
        let last = columns.count - 1
        var shown = Array(columns.indices)
        func excess() -> Int { shown.dropLast().reduce(0) { $0 + widths[$1] + 2 } - 2 - width }
        // Whole columns go before any id is cut: an id is what the next command is typed with.
        for index in droppable(shown.dropLast()) where excess() > 0 { shown.removeAll { $0 == index } }
        for index in shown.dropLast() where excess() > 0 {
            if let minimum = columns[index].minimumWidth { widths[index] = max(minimum, widths[index] - excess()) }
        }
        widths[last] = max(1, width - Self.wrapIndent)
        return Layout(shown: shown, widths: widths, lastOnOwnLine: true)
    }

    /// The columns among `indices` that may be dropped, lowest priority first.
    private func droppable(_ indices: some Sequence<Int>) -> [Int] {
        indices.filter { columns[$0].dropPriority != nil }.sorted { columns[$0].dropPriority! < columns[$1].dropPriority! }
    }

    /// A table of data, without a summary (its last column may be dropped too): columns are dropped by
    /// their `dropPriority` until the rest fit, then those that may shrink are cut; the last shown
    /// column is cut if nothing else helps.
    private func fitData(_ width: Int, widths natural: [Int]) -> Layout {
        var widths = natural
        var shown = Array(columns.indices)
        func total() -> Int { shown.reduce(0) { $0 + widths[$1] } + 2 * max(0, shown.count - 1) }
        for index in droppable(shown) where total() > width { shown.removeAll { $0 == index } }
        // One column at a time from the one with the most room above its minimum (padding goes before text).
        func slack(_ index: Int) -> Int { columns[index].minimumWidth.map { widths[index] - $0 } ?? 0 }
        while total() > width, let index = shown.max(by: { slack($0) < slack($1) }), slack(index) > 0 { widths[index] -= 1 }
        if let last = shown.last, total() > width { widths[last] = max(1, widths[last] - (total() - width)) }
        return Layout(shown: shown, widths: widths, lastOnOwnLine: false)
    }

    /// `text` cut to `columns` terminal columns, with an ellipsis when it was longer.
    private static func cut(_ text: String, to columns: Int) -> String {
        DisplayWidth.of(text) <= columns ? text : DisplayWidth.prefix(text, columns: max(0, columns - 1)) + "…"
    }

    private func line(_ cells: [Cell], header: Bool, layout: Layout, style: TerminalStyle) -> String {
        let indices = layout.lastOnOwnLine ? Array(layout.shown.dropLast()) : layout.shown
        var parts: [String] = []
        for (position, index) in indices.enumerated() {
            let text = Self.cut(cells[index].text, to: layout.widths[index])
            let padding = String(repeating: " ", count: max(0, layout.widths[index] - DisplayWidth.of(text)))
            let isLast = position == indices.count - 1
            let padded = columns[index].alignment == .right ? padding + text : text + (isLast ? "" : padding)
            let role = header ? TerminalStyle.Role.header : cells[index].style
            parts.append(role.map { style.apply($0, to: padded) } ?? padded)
        }
        return parts.joined(separator: "  ")
    }

    private func rowLines(_ row: [Cell], layout: Layout, width: Int?, style: TerminalStyle) -> [String] {
        var lines = [line(row, header: false, layout: layout, style: style)]
        if layout.lastOnOwnLine, let last = layout.shown.last, !row[last].text.isEmpty {
            // Folded at spaces over at most `summaryLines` lines; what does not fit is cut.
            var folded = ProseWrap.lines(row[last].text, width: layout.widths[last], indent: 0)
            if folded.count > Self.summaryLines {
                let rest = folded[(Self.summaryLines - 1)...].joined(separator: " ")
                folded = folded.prefix(Self.summaryLines - 1) + [Self.cut(rest, to: layout.widths[last])]
            }
            let indent = String(repeating: " ", count: Self.wrapIndent)
            for text in folded { lines.append(indent + (row[last].style.map { style.apply($0, to: text) } ?? text)) }
        }
        return lines
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
