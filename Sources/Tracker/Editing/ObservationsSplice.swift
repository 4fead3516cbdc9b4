import TrackCore
import TrackEngine

/// The merge's edit of an indicator file's block list of observations, made at whole lines of the original
/// bytes: new entries go before an existing item or after the list's last one, replaced items' lines go,
/// every other byte is copied as it was.
///
/// Besides the new bytes it says which stretches of them hold the change and which observations each
/// must read as (`Region`), so that the edit can be checked by parsing those stretches alone.
struct ObservationsSplice {
    /// The line each item of the list starts on (0-based), in file order, as the parse found them.
    var itemLines: [Int]
    /// The line after the list's last content: where entries after the last item go.
    var listEnd: Int
    /// The line where the list and the comments and blank lines after it end: the file's next key, or the end.
    var tailEnd: Int
    var dashIndent: Int
    var keyIndent: Int
    /// Entries to insert by slot: before item `slot`, or after the last item for `slot == itemLines.count`;
    /// each slot's entries in the order they go.
    var insertions: [Int: [IndicatorEditor.Entry]] = [:]
    /// Items whose lines go (replaced values).
    var removed: Set<Int> = []
    /// For a list that was empty (`observations: []`): the key line rewritten, entries inserted after it.
    var emptyListKey: (line: Int, text: [UInt8])?

    /// A stretch of the new bytes, whole lines, that must read alone as a block list of exactly the
    /// observations `expected(slots)` gives, in order: one changed place with the unchanged item on each side of it.
    struct Region {
        var bytes: Range<Int>
        /// The bytes of the original it stands for; every byte outside the regions is the original's.
        var original: Range<Int>
        /// The slots it covers: the items and the places before them (`itemLines.count`: the list's end).
        var slots: ClosedRange<Int>
    }

    /// An item the new text must hold: an existing observation (its index in the original list), or an added entry.
    enum Expected {
        case kept(Int)
        case added(IndicatorEditor.Entry)
    }

    struct Output {
        var bytes: [UInt8]
        /// Each entry written: the line it starts on in the new text (1-based) and how many lines it takes.
        var added: [(line: Int, entry: IndicatorEditor.Entry, lineCount: Int)]
        var regions: [Region]
    }

    /// The items the new list holds in `slots` (all of it for `0...itemLines.count`), in order.
    func expected(_ slots: ClosedRange<Int>) -> [Expected] {
        var items: [Expected] = []
        for slot in slots {
            if let entries = insertions[slot] {
                items += entries.map { .added($0) }
            }
            if slot < itemLines.count, !removed.contains(slot) { items.append(.kept(slot)) }
        }
        return items
    }

    /// The line where slot `slot`'s entries go.
    private func insertionLine(_ slot: Int) -> Int {
        if let key = emptyListKey { return key.line + 1 }
        return slot < itemLines.count ? itemLines[slot] : listEnd
    }

    /// The lines item `index` spans: from its first line to the last content before the next item (or the list's end).
    private func itemSpan(_ index: Int, in text: ByteLines) -> Range<Int> {
        let end =
            index + 1 < itemLines.count
            ? text.afterLastContent(before: itemLines[index + 1], notBefore: itemLines[index] + 1) : listEnd
        return itemLines[index]..<max(end, itemLines[index])
    }

    /// Whether a removed item may define an anchor (holds an `&` anywhere): an alias elsewhere in the file
    /// could then read differently, which the changed stretches alone cannot show.
    func removesAnchor(in text: ByteLines) -> Bool {
        removed.contains { index in
            let span = itemSpan(index, in: text)
            return !span.isEmpty && text.bytes[text.start(span.lowerBound)..<text.start(span.upperBound)].contains(UInt8(ascii: "&"))
        }
    }

    /// The changed places with one unchanged neighbour each side, as ranges of slots (closed, merged when they meet).
    private func windows() -> [ClosedRange<Int>] {
        let count = itemLines.count
        guard count > 0, emptyListKey == nil else { return [] }
        var windows: [ClosedRange<Int>] = []
        for touched in Set(insertions.keys).union(removed).sorted() {
            let window = max(0, touched - 1)...min(count, touched + 1)
            if let last = windows.last, window.lowerBound <= last.upperBound {
                windows[windows.count - 1] = last.lowerBound...max(last.upperBound, window.upperBound)
            } else {
                windows.append(window)
            }
        }
        return windows
    }

    /// The new bytes: `text` with the entries rendered in, the removed items left out, and the text ending with a line break.
    func apply(to text: ByteLines) -> Output {
        let count = itemLines.count
        var removedLines: [Int: Int] = [:]
        for index in removed {
            let span = itemSpan(index, in: text)
            if !span.isEmpty { removedLines[span.lowerBound] = span.upperBound }
        }
        var inserted: [Int: [IndicatorEditor.Entry]] = [:]
        for (slot, entries) in insertions {
            inserted[insertionLine(slot), default: []] += entries
        }
        let windows = windows()
        var boundaries = Set<Int>()
        for window in windows {
            boundaries.insert(itemLines[window.lowerBound])
            boundaries.insert(window.upperBound + 1 < count ? itemLines[window.upperBound + 1] : tailEnd)
        }
        var events = boundaries.union(inserted.keys).union(removedLines.keys)
        if let key = emptyListKey { events.insert(key.line) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.bytes.count + inserted.values.reduce(0) { $0 + $1.count } * 200 + 2)
        var added: [(line: Int, entry: IndicatorEditor.Entry, lineCount: Int)] = []
        var before: [Int: Int] = [:]
        var after: [Int: Int] = [:]
        var cursor = 0
        var lineShift = 0
        for line in events.sorted() where line >= cursor {
            bytes += text.bytes[text.start(cursor)..<text.start(line)]
            if line == text.count, bytes.last.map({ $0 != 0x0A }) ?? false { bytes += text.lineEnding }
            before[line] = bytes.count
            for entry in inserted[line] ?? [] {
                let rendered = IndicatorEditor.render(entry, dashIndent: dashIndent, keyIndent: keyIndent)
                added.append((line + lineShift + 1, entry, rendered.count))
                for renderedLine in rendered {
                    bytes += renderedLine.utf8
                    bytes += text.lineEnding
                }
                lineShift += rendered.count
            }
            after[line] = bytes.count
            cursor = line
            if let end = removedLines[line] {
                lineShift -= end - line
                cursor = end
            } else if let key = emptyListKey, key.line == line, line < text.count {
                let content = text.content(line)
                bytes += key.text
                bytes += text.bytes[content.upperBound..<text.start(line + 1)]
                cursor = line + 1
            }
        }
        bytes += text.bytes[text.start(cursor)...]
        if bytes.last.map({ $0 != 0x0A }) ?? false { bytes += text.lineEnding }

        let regions = windows.map { window in
            let start = before[itemLines[window.lowerBound]]!
            let endLine = window.upperBound + 1 < count ? itemLines[window.upperBound + 1] : tailEnd
            let end = window.upperBound + 1 < count ? before[endLine]! : after[endLine]!
            return Region(bytes: start..<end, original: text.start(itemLines[window.lowerBound])..<text.start(endLine), slots: window)
        }
        return Output(bytes: bytes, added: added, regions: regions)
    }
}
