/// A YAML file's text as lines, with the helpers edits need: where a block ends, how it is indented.
struct TextLines {
    var lines: [Substring]
    /// "\r\n" for files written with Windows line endings (kept for inserted lines too), else "\n".
    let lineEnding: String

    init(_ text: String) {
        // Split on the bytes of "\n" (and "\r\n"), not on Characters: a line break is ASCII, so every
        // cut falls on a character boundary, and bytes are many times faster to scan.
        var lines: [Substring] = []
        var windows = false
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                var end = index
                if end != start, utf8[utf8.index(before: end)] == 0x0D {
                    end = utf8.index(before: end)
                    windows = true
                }
                lines.append(text[start..<end])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { lines.append(text[start...]) }
        lineEnding = windows ? "\r\n" : "\n"
        self.lines = lines
    }

    /// An error when `text` breaks a line other than with "\n" or "\r\n" (a lone carriage return, NEL, LS or
    /// PS): YAML counts those as line breaks, so the parser's line numbers would not match these lines.
    static func checkLineBreaks(_ text: String, file: String) throws(DiagnosticsError) {
        var text = text
        let line: Int? = text.withUTF8 { bytes in
            var line = 1
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                } else if byte == 0x0D || byte == 0xC2 || byte == 0xE2 {
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    let third = index + 2 < bytes.count ? bytes[index + 2] : 0
                    if (byte == 0x0D && next != 0x0A) || (byte == 0xC2 && next == 0x85) || (byte == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9)) {
                        return line
                    }
                }
            }
            return nil
        }
        if let line {
            throw DiagnosticsError([Diagnostic(
                "line \(line) ends with a line break other than \\n or \\r\\n (a lone carriage return, NEL, LS or PS); "
                    + "save the file with ordinary line endings before editing it with track", file: file)])
        }
    }

    /// The text, every line ended (a missing final newline is added).
    var text: String { lines.joined(separator: lineEnding) + lineEnding }

    /// Whether line `index` (0-based) holds nothing but spaces or a comment.
    func isBlankOrComment(_ index: Int) -> Bool {
        let content = lines[index].drop { $0 == " " || $0 == "\t" }
        return content.isEmpty || content.hasPrefix("#")
    }

    /// The index after the last line of content before `end` (0-based, exclusive), skipping back over
    /// blank lines and comments, so that text inserted there follows the block's last entry.
    func afterLastContent(before end: Int, notBefore start: Int) -> Int {
        var index = end
        while index > start, isBlankOrComment(index - 1) { index -= 1 }
        return index
    }

    mutating func insert(_ block: [String], at index: Int) {
        lines.insert(contentsOf: block.map { Substring($0) }, at: index)
    }
}
