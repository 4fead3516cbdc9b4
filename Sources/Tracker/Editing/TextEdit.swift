/// A YAML file's text as lines, with the helpers edits need: where a block ends, how it is indented.
struct TextLines {
    var lines: [Substring]
    /// "\r\n" for files written with Windows line endings (kept for inserted lines too), else "\n".
    let lineEnding: String

    init(_ text: String) {
        lineEnding = text.contains("\r\n") ? "\r\n" : "\n"
        // Swift treats "\r\n" as one Character, so split on either ending.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
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

    /// The number of spaces line `index` starts with.
    func indentation(_ index: Int) -> Int { lines[index].prefix { $0 == " " }.count }

    mutating func insert(_ block: [String], at index: Int) {
        lines.insert(contentsOf: block.map { Substring($0) }, at: index)
    }
}
