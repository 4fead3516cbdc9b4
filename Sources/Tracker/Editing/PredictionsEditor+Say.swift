import TrackCore
import TrackEngine

extension PredictionsEditor {
    /// What `say` writes: the new text, the line the entry starts on (1-based) and its lines as written.
    public struct Said: Sendable {
        public var text: String
        public var line: Int
        public var lines: [String]
    }

    /// predictions.yaml's text with `entry` appended to forecast `id`'s `said:` list (made when there is
    /// none). A block list gets a new item after its last one, in the style of its first item; a flow list
    /// (`said: [...]`) gets the entry before its closing bracket. Every other byte stays as it was, and
    /// the new text must read back with this forecast's entries plus `entry`, and nothing else changed.
    /// Nil when the forecast already has the same entry (nothing to write).
    public static func say(_ entry: ForecasterEntry, to id: String, in text: String, file: String) throws(DiagnosticsError) -> Said? {
        let located = try locate(id, in: text, file: file)
        let before = PredictionsReader.read(try YAMLParser.parse(located.lines.bytes, file: file).root, file: file).predictions
        if before.first(where: { $0.id == id })?.said.contains(where: { $0.says(entry) }) == true { return nil }
        let lines = located.lines
        let flowEntry = Self.flow(entry)
        let bytes: [UInt8]
        let line: Int
        let written: [String]
        if let said = located.prediction["said"], !said.value.isNull {
            let value = said.value
            guard let items = value.items else {
                throw DiagnosticsError([Diagnostic("'said' of '\(id)' is not a list; make it one to add entries", at: value.mark)])
            }
            if lines.byte(atLine: value.mark.line, column: value.mark.column) == UInt8(ascii: "[") {
                // A flow list: the entry goes before its closing bracket.
                let keyLine = said.keyMark.line - 1
                let following = located.prediction.entries.map { $0.keyMark.line - 1 }.filter { $0 > keyLine }.min()
                let last = lines.afterLastContent(before: following ?? located.end, notBefore: keyLine + 1) - 1
                guard let bracket = Self.closingBracket(in: lines, line: last) else {
                    throw DiagnosticsError([
                        Diagnostic("cannot find where 'said' of '\(id)' ends; write it as a block list to add entries", at: value.mark)
                    ])
                }
                let insertion = (items.isEmpty ? "" : ", ") + flowEntry
                bytes = Array(lines.bytes[..<bracket]) + Array(insertion.utf8) + Array(lines.bytes[bracket...])
                line = last + 1
                written = [
                    String(decoding: bytes[lines.start(last)..<(lines.content(last).upperBound + insertion.utf8.count)], as: UTF8.self)
                ]
            } else {
                // A block list: a new item after the last one, indented as the list's dashes are.
                let dash = String(repeating: " ", count: value.mark.column - 1)
                let keyLine = said.keyMark.line - 1
                let following = located.prediction.entries.map { $0.keyMark.line - 1 }.filter { $0 > keyLine }.min()
                let at = lines.afterLastContent(before: following ?? located.end, notBefore: keyLine + 1)
                let firstIsFlow = items.first.map { lines.byte(atLine: $0.mark.line, column: $0.mark.column) == UInt8(ascii: "{") } ?? false
                written = firstIsFlow ? [dash + "- " + flowEntry] : Self.block(entry, dash: dash)
                bytes = lines.replacing(at..<at, with: written)
                line = at + 1
            }
        } else if let said = located.prediction["said"] {
            // `said:` with no value: the items go after its line.
            let at = said.keyMark.line
            written = Self.block(entry, dash: located.indent + "  ")
            bytes = lines.replacing(at..<at, with: written)
            line = at + 1
        } else {
            let at = located.afterContent
            written = [located.indent + "said:"] + Self.block(entry, dash: located.indent + "  ")
            bytes = lines.replacing(at..<at, with: written)
            line = at + 2
        }
        try checkReadsBack(bytes, adding: entry, to: id, before: before, file: file)
        return Said(text: String(decoding: bytes, as: UTF8.self), line: line, lines: written)
    }

    /// An entry as block-list lines: `- by: ...` at `dash`, its other keys under `by`.
    static func block(_ entry: ForecasterEntry, dash: String) -> [String] {
        let keys = dash + "  "
        return [dash + "- by: " + YAMLScalarWriter.string(entry.by), keys + "p: \(entry.probability)", keys + "on: \(entry.on)"]
            + (entry.note.map { [keys + "note: " + YAMLScalarWriter.string($0)] } ?? [])
    }

    /// An entry as a flow mapping: `{by: alice, p: 0.45, on: 2026-09-01}`.
    static func flow(_ entry: ForecasterEntry) -> String {
        "{by: \(YAMLScalarWriter.string(entry.by)), p: \(entry.probability), on: \(entry.on)"
            + (entry.note.map { ", note: " + YAMLScalarWriter.quoted($0) } ?? "")
            + "}"
    }

    /// The offset of the last `]` on line `line` outside quotes and comments, if any.
    static func closingBracket(in lines: ByteLines, line: Int) -> Int? {
        var quote: UInt8?
        var found: Int?
        let range = lines.content(line)
        var offset = range.lowerBound
        while offset < range.upperBound {
            let byte = lines.bytes[offset]
            if let open = quote {
                if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
                    offset += 1
                } else if byte == open {
                    quote = nil
                }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "#"), offset == range.lowerBound || lines.bytes[offset - 1] == 0x20 {
                break
            } else if byte == UInt8(ascii: "]") {
                found = offset
            }
            offset += 1
        }
        return found
    }

    /// Throws unless `bytes` reads without errors, with forecast `id`'s entries those of `before` plus
    /// `entry`, and every forecast otherwise as it was.
    private static func checkReadsBack(_ bytes: [UInt8], adding entry: ForecasterEntry, to id: String, before: [Prediction], file: String)
        throws(DiagnosticsError)
    {
        let after = PredictionsReader.read(try YAMLParser.parse(bytes, file: file).root, file: file)
        let expected = before.map { prediction in
            prediction.id == id ? prediction.said + [entry] : prediction.said
        }
        let same =
            after.diagnostics.allSatisfy { $0.severity != .error } && after.predictions.count == before.count
            && zip(after.predictions, before).allSatisfy { new, old in
                new.id == old.id && new.probability == old.probability && new.resolution == old.resolution
                    && new.crowd?.indicator == old.crowd?.indicator
            }
            && zip(after.predictions.map(\.said), expected).allSatisfy { new, old in
                new.count == old.count && zip(new, old).allSatisfy { $0.says($1) }
            }
        guard same else {
            throw DiagnosticsError([
                Diagnostic("the edit would not read back as this entry; nothing was written (write 'said' as a block list)", file: file)
            ])
        }
    }
}
