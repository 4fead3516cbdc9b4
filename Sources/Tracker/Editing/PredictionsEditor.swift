import TrackCore
import TrackEngine

/// Writes into predictions.yaml without touching its other bytes: a resolution, a forecaster's probability.
public enum PredictionsEditor {
    /// predictions.yaml's text with `resolution` set on forecast `id`. Resolving a forecast that
    /// already has a resolution needs `replace`.
    public static func resolve(_ id: String, with resolution: Resolution, replace: Bool, in text: String, file: String)
        throws(DiagnosticsError) -> String
    {
        let located = try locate(id, in: text, file: file)
        let (lines, prediction, indent) = (located.lines, located.prediction, located.indent)
        let block =
            [
                indent + "resolution:",
                indent + "  outcome: \(resolution.outcome.rawValue)",
                indent + "  date: \(resolution.date)",
                indent + "  source: " + YAMLScalarWriter.string(resolution.source),
            ] + (resolution.note.map { [indent + "  note: " + YAMLScalarWriter.string($0)] } ?? [])

        // The lines the block replaces: the old block, from its key to the next key of this forecast or the
        // forecast's end; or none, after the forecast's last content.
        let replaced: Range<Int>
        if let existing = prediction["resolution"] {
            guard replace else {
                throw DiagnosticsError([
                    Diagnostic(
                        "'\(id)' is already resolved (\(existing.value.mappingView?["outcome"]?.value.scalar?.text ?? "?")); add --force to replace it",
                        at: existing.keyMark)
                ])
            }
            let start = existing.keyMark.line - 1
            let following = prediction.entries.map { $0.keyMark.line - 1 }.filter { $0 > start }.min()
            replaced = start..<(following ?? lines.afterLastContent(before: located.end, notBefore: start + 1))
        } else {
            let at = located.afterContent
            replaced = at..<at
        }
        let bytes = lines.replacing(replaced, with: block)
        let newText = String(decoding: bytes, as: UTF8.self)
        let reread = PredictionsReader.read(try YAMLParser.parse(bytes, file: file).root, file: file)
        guard reread.diagnostics.allSatisfy({ $0.severity != .error }),
            reread.predictions.first(where: { $0.id == id })?.resolution == resolution
        else {
            throw DiagnosticsError([Diagnostic("the edit would not read back as this resolution; nothing was written", file: file)])
        }
        return newText
    }
}

extension PredictionsEditor {
    /// Forecast `id` in predictions.yaml's text, as an edit needs it.
    struct Located {
        var lines: ByteLines
        var items: YAMLSequence
        var position: Int
        var prediction: YAMLMapping
        /// The line (0-based) where the forecast ends: the next forecast, the next top-level key, or the end of the file.
        var end: Int
        /// The indentation of the forecast's keys.
        var indent: String

        /// The line after the forecast's last content (0-based): where a new key goes.
        var afterContent: Int { lines.afterLastContent(before: end, notBefore: items[position].mark.line) }
    }

    /// Finds forecast `id` in `text`; an error with a did-you-mean when there is none.
    static func locate(_ id: String, in text: String, file: String) throws(DiagnosticsError) -> Located {
        try ByteLines.checkLineBreaks(text, file: file)
        let lines = ByteLines(text)
        let document = try YAMLParser.parse(lines.bytes, file: file)
        guard let root = document.root?.mappingView, let list = root["predictions"], let items = list.value.items else {
            throw DiagnosticsError([Diagnostic("predictions.yaml has no 'predictions' list", file: file)])
        }
        let ids = items.compactMap { $0.mappingView?["id"]?.value.scalar?.text }
        guard let position = items.firstIndex(where: { $0.mappingView?["id"]?.value.scalar?.text == id }),
            let prediction = items[position].mappingView
        else {
            throw DiagnosticsError([Diagnostic(Suggestion.message(unknown: id, expected: ids, noun: "forecast id"), file: file)])
        }
        let nextItem = position + 1 < items.count ? items[position + 1].mark.line - 1 : nil
        let nextRoot = root.entries.first { $0.keyMark.line > list.keyMark.line }.map { $0.keyMark.line - 1 }
        return Located(
            lines: lines, items: items, position: position, prediction: prediction, end: nextItem ?? nextRoot ?? lines.count,
            indent: String(repeating: " ", count: prediction.entry(at: 0).keyMark.column - 1))
    }
}

extension ByteLines {
    /// The bytes with lines `range` (0-based) replaced by `block`, each line ending as the file's lines do,
    /// and the text ending with a line break.
    func replacing(_ range: Range<Int>, with block: [String]) -> [UInt8] {
        var result = Array(bytes[..<start(range.lowerBound)])
        if result.last.map({ $0 != 0x0A }) ?? false { result += lineEnding }
        for line in block { result += line.utf8 + lineEnding }
        result += bytes[start(range.upperBound)...]
        if result.last.map({ $0 != 0x0A }) ?? false { result += lineEnding }
        return result
    }
}
