import TrackCore
import TrackEngine

/// Writes a resolution into predictions.yaml without touching its other bytes.
public enum PredictionsEditor {
    /// predictions.yaml's text with `resolution` set on forecast `id`. Resolving a forecast that
    /// already has a resolution needs `replace`.
    public static func resolve(_ id: String, with resolution: Resolution, replace: Bool, in text: String, file: String)
        throws(DiagnosticsError) -> String
    {
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
        let firstKey = prediction.entry(at: 0)
        let indent = String(repeating: " ", count: firstKey.keyMark.column - 1)
        let block =
            [
                indent + "resolution:",
                indent + "  outcome: \(resolution.outcome.rawValue)",
                indent + "  date: \(resolution.date)",
                indent + "  source: " + YAMLScalarWriter.string(resolution.source),
            ] + (resolution.note.map { [indent + "  note: " + YAMLScalarWriter.string($0)] } ?? [])

        // Where this forecast ends: the next forecast, the next top-level key, or the end of the file.
        let nextItem = position + 1 < items.count ? items[position + 1].mark.line - 1 : nil
        let nextRoot = root.entries.first { $0.keyMark.line > list.keyMark.line }.map { $0.keyMark.line - 1 }
        let end = nextItem ?? nextRoot ?? lines.count
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
            replaced = start..<(following ?? lines.afterLastContent(before: end, notBefore: start + 1))
        } else {
            let at = lines.afterLastContent(before: end, notBefore: items[position].mark.line)
            replaced = at..<at
        }
        var bytes = Array(lines.bytes[..<lines.start(replaced.lowerBound)])
        if bytes.last.map({ $0 != 0x0A }) ?? false { bytes += lines.lineEnding }
        for line in block { bytes += line.utf8 + lines.lineEnding }
        bytes += lines.bytes[lines.start(replaced.upperBound)...]
        if bytes.last.map({ $0 != 0x0A }) ?? false { bytes += lines.lineEnding }
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
