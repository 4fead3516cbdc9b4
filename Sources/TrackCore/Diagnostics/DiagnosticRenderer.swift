import Foundation

/// Prints diagnostics the way compilers do: the location line, then the source line and a caret.
public struct DiagnosticRenderer {
    private var linesByFile: [String: [Substring]] = [:]
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
        if let mark = diagnostic.mark, let line = sourceLine(mark.line, in: diagnostic.file) {
            let caretPadding = String(line.prefix(max(0, mark.column - 1)).map { $0 == "\t" ? "\t" : " " })
            text += "\n\(line)\n\(caretPadding)^"
        }
        return text
    }

    private mutating func sourceLine(_ number: Int, in file: String) -> Substring? {
        if linesByFile[file] == nil {
            // Only regular files: a FIFO or a device would hang or never end.
            guard WorkspaceFile.problem(reading: file, within: nil) == nil, let data = FileManager.default.contents(atPath: file) else {
                return nil
            }
            linesByFile[file] = String(decoding: data, as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = linesByFile[file], number >= 1, number <= lines.count else { return nil }
        let line = lines[number - 1]
        return line.last == "\r" ? line.dropLast() : line
    }
}
