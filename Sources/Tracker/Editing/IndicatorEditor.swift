/// Appends observations to an indicator file without touching its other bytes: comments, order
/// and formatting stay. A file sorted by date stays sorted; an unsorted one gets the entry last.
public enum IndicatorEditor {
    /// An observation to record, as the user wrote it.
    public struct Entry: Sendable {
        public var date: Day
        public var subject: String?
        /// The value as typed (kept verbatim when it is a number, so that `1.2e26` stays `1.2e26`).
        public var value: String
        public var source: String
        public var note: String?

        public init(date: Day, subject: String?, value: String, source: String, note: String?) {
            self.date = date
            self.subject = subject
            self.value = value
            self.source = source
            self.note = note
        }
    }

    public enum Outcome: Sendable {
        /// The new text of the file, the line the entry starts on (1-based) and the entry's lines.
        case appended(text: String, line: Int, entry: [String])
        /// The same observation is already there, at this line.
        case duplicate(line: Int)
    }

    /// The indicator file's text with `entry` added; throws diagnostics when the file or the entry is invalid.
    public static func append(_ entry: Entry, to text: String, file: String, indicatorID: String) throws(DiagnosticsError) -> Outcome {
        try TextLines.checkLineBreaks(text, file: file)
        let document = try YAMLParser.parse(Array(text.utf8), file: file)
        let (indicator, problems) = IndicatorReader.read(document.root, file: file, expectedID: indicatorID)
        if let first = problems.first(where: { $0.severity == .error }) {
            throw DiagnosticsError([Diagnostic("the indicator file has errors; fix them first (track validate): \(first.description)", file: file)])
        }
        guard let indicator, let root = document.root?.mappingView, let list = root["observations"] else {
            throw DiagnosticsError([Diagnostic("the indicator file has no 'observations' list", file: file)])
        }
        try check(entry, against: indicator, file: file)
        if let same = indicator.observations.first(where: { $0.date == entry.date && $0.subject == entry.subject && $0.source == entry.source
            && $0.value.description == Self.parsedValue(entry.value, kind: indicator.kind)?.description }) {
            return .duplicate(line: same.line)
        }

        var lines = TextLines(text)
        let items = list.value.items.map(Array.init) ?? []
        let rendered: [String]
        let insertAt: Int
        if items.isEmpty {
            // `observations: []` (or nothing): turn it into a block list.
            let keyLine = list.keyMark.line - 1
            let keyIndent = list.keyMark.column - 1
            guard list.value.items != nil || list.value.isNull else {
                throw DiagnosticsError([Diagnostic("'observations' must be a list", at: list.value.mark)])
            }
            lines.lines[keyLine] = Substring(String(repeating: " ", count: keyIndent) + "observations:")
            rendered = render(entry, dashIndent: keyIndent + 2)
            insertAt = keyLine + 1
        } else {
            guard isBlock(list.value, in: lines) else {
                throw DiagnosticsError([Diagnostic(
                    "'observations' is a flow list [...]; write it as a block list ('- date: ...' items) to record into it",
                    at: list.value.mark)])
            }
            let firstLine = items[0].mark.line - 1
            let dashIndent = lines.indentation(firstLine)
            rendered = render(entry, dashIndent: dashIndent, keyIndent: items[0].mark.column - 1)
            let dates = indicator.observations.map(\.date)
            let sorted = zip(dates, dates.dropFirst()).allSatisfy { $0 <= $1 }
            if sorted, let later = indicator.observations.first(where: { $0.date > entry.date }) {
                insertAt = later.line - 1
            } else {
                let next = root.entries.first { $0.keyMark.line > list.keyMark.line }.map { $0.keyMark.line - 1 } ?? lines.lines.count
                insertAt = lines.afterLastContent(before: next, notBefore: firstLine + 1)
            }
        }
        lines.insert(rendered, at: insertAt)
        let newText = lines.text
        // Read the result back: it must hold exactly one observation more, and no error.
        let check = try YAMLParser.parse(Array(newText.utf8), file: file)
        let (reread, newProblems) = IndicatorReader.read(check.root, file: file, expectedID: indicatorID)
        guard newProblems.allSatisfy({ $0.severity != .error }), reread?.observations.count == indicator.observations.count + 1 else {
            throw DiagnosticsError([Diagnostic("the edit would not read back as one more observation; nothing was written", file: file)])
        }
        return .appended(text: newText, line: insertAt + 1, entry: rendered)
    }

    /// The entry's value must suit the indicator; it needs a source.
    static func check(_ entry: Entry, against indicator: Indicator, file: String) throws(DiagnosticsError) {
        guard parsedValue(entry.value, kind: indicator.kind, states: indicator.states) != nil else {
            let expected = indicator.kind == .numeric ? "a number (like 0.42 or 1.2e26)" : "one of \(indicator.states.joined(separator: ", "))"
            var message = "the value '\(entry.value)' does not fit \(indicator.id): expected \(expected)"
            if indicator.kind == .state, let suggestion = Suggestion.closest(to: entry.value, among: indicator.states) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw DiagnosticsError([Diagnostic(message, file: file)])
        }
        guard entry.source.contains(where: { !$0.isWhitespace }) else {
            throw DiagnosticsError([Diagnostic("an observation needs a source (a URL or a citation)", file: file)])
        }
    }

    /// The value as the indicator would read it, or nil when it is not one.
    static func parsedValue(_ text: String, kind: Indicator.Kind, states: [String] = []) -> Observation.Value? {
        switch kind {
        case .numeric:
            switch YAMLScalar(text).coreValue {
            case .int(let value): return .number(Double(value))
            case .float(let value) where value.isFinite: return .number(value)
            default: return nil
            }
        case .state:
            return states.isEmpty || states.contains(text) ? .state(text) : nil
        }
    }

    /// The entry as block-list lines.
    static func render(_ entry: Entry, dashIndent: Int, keyIndent: Int? = nil) -> [String] {
        let dash = String(repeating: " ", count: dashIndent) + "- "
        let indent = String(repeating: " ", count: keyIndent ?? dashIndent + 2)
        let value = YAMLScalar(entry.value).coreValue == .string(entry.value) ? YAMLScalarWriter.string(entry.value) : entry.value
        var lines = [dash + "date: \(entry.date)"]
        if let subject = entry.subject { lines.append(indent + "subject: " + YAMLScalarWriter.string(subject)) }
        lines.append(indent + "value: " + value)
        lines.append(indent + "source: " + YAMLScalarWriter.string(entry.source))
        if let note = entry.note { lines.append(indent + "note: " + YAMLScalarWriter.string(note)) }
        return lines
    }

    /// A block sequence's mark points at its first item's dash; a flow one at '['.
    private static func isBlock(_ node: YAMLNode, in lines: TextLines) -> Bool {
        let line = lines.lines[node.mark.line - 1]
        let index = line.index(line.startIndex, offsetBy: node.mark.column - 1, limitedBy: line.endIndex) ?? line.endIndex
        return index < line.endIndex && line[index] == "-"
    }
}
