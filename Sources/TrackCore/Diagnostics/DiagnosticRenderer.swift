import Foundation

/// Prints diagnostics the way compilers do: the location line, then the source line and a caret.
public struct DiagnosticRenderer {
    /// Each file read for its source lines: its bytes and where each line starts (not a string per line:
    /// a large file with many warnings would hold every line twice).
    private var linesByFile: [String: (bytes: [UInt8], starts: [Int])] = [:]
    private let displayPath: (String) -> String

    /// - Parameter displayPath: how a file's path is shown (e.g. relative to the current directory).
    public init(displayPath: @escaping (String) -> String = { $0 }) {
        self.displayPath = displayPath
    }

    /// The diagnostic with its source line and a caret under the column, when the file can be read.
    public mutating func render(_ diagnostic: Diagnostic) -> String {
        var shown = diagnostic
        shown.file = displayPath(diagnostic.file)
        shown.mark?.file = shown.file
        var text = shown.description
        if let mark = diagnostic.mark, let full = sourceLine(mark.line, in: diagnostic.file) {
            // A long line (a 20 MB cell) is shown as a window around the column, not in full.
            let before = max(0, mark.column - 1)
            let start = before > Self.contextBefore ? before - Self.contextBefore : 0
            var line = String(full.dropFirst(start).prefix(Self.contextBefore + Self.contextAfter))
            var caretColumn = before - start
            if start > 0 {
                line = "…" + line
                caretColumn += 1
            }
            if full.count > start + Self.contextBefore + Self.contextAfter { line += "…" }
            line = Self.withoutCredentials(line)
            let caretPadding = String(line.prefix(caretColumn).map { $0 == "\t" ? "\t" : " " })
            text += "\n\(line)\n\(caretPadding)^"
        }
        return text
    }

    /// `line` with the `user:password@` of any URL in it written `…@`: a source line shown under an
    /// error must not put credentials into a CI log.
    static func withoutCredentials(_ line: String) -> String {
        guard line.contains("://"), line.contains("@") else { return line }
        var result = ""
        var rest = Substring(line)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { "/?# \t\"'".contains($0) } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += "…"
                rest = rest[at...]
            }
        }
        return result + rest
    }

    /// Characters of a source line shown before and after the column a diagnostic points at.
    static let contextBefore = 60
    static let contextAfter = 100

    private mutating func sourceLine(_ number: Int, in file: String) -> String? {
        if linesByFile[file] == nil {
            // Only regular files: a FIFO or a device would hang or never end.
            guard WorkspaceFile.problem(reading: file, within: nil) == nil, let data = FileManager.default.contents(atPath: file) else {
                return nil
            }
            let bytes = [UInt8](data)
            var starts = [0]
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
            linesByFile[file] = (bytes, starts)
        }
        guard let (bytes, starts) = linesByFile[file], number >= 1, number <= starts.count else { return nil }
        var end = number < starts.count ? starts[number] - 1 : bytes.count
        if end > starts[number - 1], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[starts[number - 1]..<max(starts[number - 1], end)], as: UTF8.self)
    }
}
