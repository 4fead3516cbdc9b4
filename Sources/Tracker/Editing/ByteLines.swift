import TrackCore
import TrackEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A text file's UTF-8 bytes with where each line starts: what byte-level edits need (where a block ends,
/// how a line is indented) without splitting the text into strings. Lines end with "\n" or "\r\n".
struct ByteLines {
    let bytes: [UInt8]
    /// The offset of each line's first byte; a final line without a line break counts.
    let starts: [Int]
    /// "\r\n" when any line of the file ends that way (kept for inserted lines too), else "\n".
    let lineEnding: [UInt8]

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count / 24 + 1)
        var windows = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            starts.append(0)
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                let index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                if !windows, index > 0, buffer[index - 1] == 0x0D { windows = true }
                offset = index + 1
                if offset < buffer.count { starts.append(offset) }
            }
        }
        self.starts = starts
        lineEnding = windows ? [0x0D, 0x0A] : [0x0A]
    }

    var count: Int { starts.count }

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
                    if (byte == 0x0D && next != 0x0A) || (byte == 0xC2 && next == 0x85)
                        || (byte == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9))
                    {
                        return line
                    }
                }
            }
            return nil
        }
        if let line {
            throw DiagnosticsError([
                Diagnostic(
                    "line \(line) ends with a line break other than \\n or \\r\\n (a lone carriage return, NEL, LS or PS); "
                        + "save the file with ordinary line endings before editing it with track", file: file)
            ])
        }
    }

    /// Whether the last line ends with a line break (true for an empty file).
    var endsWithLineBreak: Bool { bytes.last.map { $0 == 0x0A } ?? true }

    /// The offset where line `index` (0-based) starts; the end of the bytes for `count`.
    func start(_ index: Int) -> Int { index < starts.count ? starts[index] : bytes.count }

    /// Line `index`'s bytes without its line break.
    func content(_ index: Int) -> Range<Int> {
        var end = start(index + 1)
        if end > starts[index], bytes[end - 1] == 0x0A { end -= 1 }
        if end > starts[index], bytes[end - 1] == 0x0D { end -= 1 }
        return starts[index]..<end
    }

    /// Whether line `index` (0-based) holds nothing but spaces or a comment.
    func isBlankOrComment(_ index: Int) -> Bool {
        let range = content(index)
        guard let first = bytes[range].firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return true }
        return bytes[first] == UInt8(ascii: "#")
    }

    /// The index after the last line of content before `end` (0-based, exclusive), skipping back over
    /// blank lines and comments, so that text inserted there follows the block's last entry.
    func afterLastContent(before end: Int, notBefore start: Int) -> Int {
        var index = end
        while index > start, isBlankOrComment(index - 1) { index -= 1 }
        return index
    }

    /// The number of spaces line `index` starts with.
    func indentation(_ index: Int) -> Int {
        let range = content(index)
        return (bytes[range].firstIndex { $0 != 0x20 } ?? range.upperBound) - range.lowerBound
    }

    /// Whether line `index` is a block list item's first line: `indent` spaces, then a dash ending the line or followed by a space.
    func isItemStart(_ index: Int, indent: Int) -> Bool {
        let range = content(index)
        guard indentation(index) == indent, range.count > indent, bytes[range.lowerBound + indent] == UInt8(ascii: "-") else {
            return false
        }
        let next = range.lowerBound + indent + 1
        return next == range.upperBound || bytes[next] == 0x20
    }

    /// The byte at a node's mark (1-based line, and column counted in characters as the parser counts them), or nil past the line's end.
    func byte(atLine line: Int, column: Int) -> UInt8? {
        guard line >= 1, line <= count else { return nil }
        let range = content(line - 1)
        var offset = range.lowerBound
        var characters = 1
        while offset < range.upperBound, characters < column {
            // Skip a whole UTF-8 sequence: continuation bytes are 0b10xxxxxx.
            offset += 1
            while offset < range.upperBound, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            characters += 1
        }
        return offset < range.upperBound ? bytes[offset] : nil
    }
}
