/// A YAML file's text as lines, with the helpers edits need: where a block ends, how it is indented.
struct TextLines {
    var lines: [Substring]
    /// Whether the file ended with a newline.
    let endsWithNewline: Bool

    init(_ text: String) {
        endsWithNewline = text.isEmpty || text.hasSuffix("\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if endsWithNewline, lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    var text: String { lines.joined(separator: "\n") + "\n" }

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
