import TrackCore
import TrackEngine

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
        /// Where the entry comes from (a row of an imported table), for diagnostics.
        public var origin: SourceMark?

        public init(date: Day, subject: String?, value: String, source: String, note: String?, origin: SourceMark? = nil) {
            self.date = date
            self.subject = subject
            self.value = value
            self.source = source
            self.note = note
            self.origin = origin
        }
    }

    public enum Outcome: Sendable {
        /// The new text of the file, the line the entry starts on (1-based) and the entry's lines.
        case appended(text: String, line: Int, entry: [String])
        /// The same observation is already there, at this line.
        case duplicate(line: Int)
    }

    /// The indicator file's text with `entry` added; throws diagnostics when the file or the entry is
    /// invalid, when the date and subject already have another value, or when the subject looks like a
    /// misspelt existing one (unless `policy` allows it).
    public static func append(
        _ entry: Entry, to text: String, file: String, indicatorID: String, policy: IndicatorMerge.Policy = IndicatorMerge.Policy()
    ) throws(DiagnosticsError) -> Outcome {
        let result = try IndicatorMerge.merge([entry], into: text, file: file, indicatorID: indicatorID, policy: policy)
        if let duplicate = result.duplicates.first { return .duplicate(line: duplicate.existingLine ?? 1) }
        guard let newText = result.text, let added = result.added.first else {
            throw DiagnosticsError([Diagnostic("the edit would not add the observation; nothing was written", file: file)])
        }
        return .appended(text: newText, line: added.line, entry: lines(added.line..<added.line + added.lineCount, of: newText))
    }

    /// Lines `range` (1-based) of `text`, without their line breaks; found by counting line breaks, with no
    /// string made for the lines before them.
    static func lines(_ range: Range<Int>, of text: String) -> [String] {
        let utf8 = text.utf8
        let newline = UInt8(ascii: "\n")
        var start = utf8.startIndex
        var line = 1
        while line < range.lowerBound {
            guard let found = utf8[start...].firstIndex(of: newline) else { return [] }
            start = utf8.index(after: found)
            line += 1
        }
        var lines: [String] = []
        while lines.count < range.count, start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: newline) ?? utf8.endIndex
            var bytes = utf8[start..<end]
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            lines.append(String(decoding: bytes, as: UTF8.self))
            start = end == utf8.endIndex ? end : utf8.index(after: end)
        }
        return lines
    }

    /// Why `value` does not suit the indicator (a number, or one of its states), or nil when it does.
    static func valueProblem(_ value: String, for indicator: Indicator) -> String? {
        guard parsedValue(value, kind: indicator.kind, states: indicator.states) == nil else { return nil }
        let expected = indicator.kind == .numeric ? "a number (like 0.42 or 1.2e26)" : "one of \(indicator.states.joined(separator: ", "))"
        var message = "the value '\(TerminalText.excerpt(value))' does not fit \(indicator.id): expected \(expected)"
        if indicator.kind == .state, let suggestion = Suggestion.closest(to: value, among: indicator.states) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message
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
}
