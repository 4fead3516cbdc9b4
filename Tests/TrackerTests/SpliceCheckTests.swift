import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

/// The check that stands between an edit of an indicator file and the disk: it reads only the changed
/// stretches, so these tests show it still refuses an edit that would change what the file means.
@Suite("Checking an edit by its changed stretches")
struct SpliceCheckTests {
    private static let text = """
        name: Price
        unit: usd
        observations:
          - date: 2025-01-01
            value: 2.0
            source: https://example.com/a
          - date: 2025-06-01
            value: 1.5
            source: https://example.com/b
          - date: 2025-09-01
            value: 1.2
            source: https://example.com/c
        description: last

        """

    private static func entry(_ date: String, note: String? = nil) -> IndicatorEditor.Entry {
        IndicatorEditor.Entry(date: Day(date)!, subject: nil, value: "1.0", source: "https://example.com/new", note: note)
    }

    /// The edit of `text` with `insertions` (by slot) and `removed` items, as the merge plans it: items start on lines
    /// 3, 6 and 9 (0-based); the list ends before `description` on line 12.
    private static func edit(
        insertions: [Int: [IndicatorEditor.Entry]], removed: Set<Int> = []
    ) throws -> (splice: ObservationsSplice, output: ObservationsSplice.Output, indicator: Indicator, lines: ByteLines) {
        let indicator = try #require(IndicatorReader.check(text, file: "price.yaml", id: "price").0)
        var splice = ObservationsSplice(itemLines: [3, 6, 9], listEnd: 12, tailEnd: 12, dashIndent: 2, keyIndent: 4)
        splice.insertions = insertions
        splice.removed = removed
        let lines = ByteLines(text)
        return (splice, splice.apply(to: lines), indicator, lines)
    }

    /// `output` with the first `original` in its changed stretch replaced by `replacement`.
    private static func tampered(_ output: ObservationsSplice.Output, _ original: String, _ replacement: String) throws
        -> ObservationsSplice.Output
    {
        var output = output
        let region = try #require(output.regions.first)
        var stretch = String(decoding: output.bytes[region.bytes], as: UTF8.self)
        let range = try #require(stretch.range(of: original))
        stretch.replaceSubrange(range, with: replacement)
        output.bytes.replaceSubrange(region.bytes, with: Array(stretch.utf8))
        output.regions[0].bytes = region.bytes.lowerBound..<(region.bytes.lowerBound + stretch.utf8.count)
        return output
    }

    private static func quick(
        _ edit: (splice: ObservationsSplice, output: ObservationsSplice.Output, indicator: Indicator, lines: ByteLines)
    ) -> Bool {
        SpliceCheck.regionsReadBack(edit.output, of: edit.splice, original: edit.indicator, lines: edit.lines, file: "price.yaml")
    }

    private static func whole(
        _ edit: (splice: ObservationsSplice, output: ObservationsSplice.Output, indicator: Indicator, lines: ByteLines)
    ) -> Bool {
        SpliceCheck.wholeReadsBack(edit.output.bytes, expected: edit.splice.expected(0...3), original: edit.indicator, file: "price.yaml")
    }

    @Test(
        "ordinary edits are confirmed by the changed stretch alone: first, middle and last place, and a replacement",
        arguments: [
            ([0: ["2024-06-01"]], []), ([1: ["2025-02-01", "2025-03-01"]], []), ([3: ["2026-01-01"]], []), ([2: ["2025-09-01"]], [2]),
        ] as [([Int: [String]], Set<Int>)])
    func confirmsOrdinaryEdits(dates: [Int: [String]], removed: Set<Int>) throws {
        let edit = try Self.edit(insertions: dates.mapValues { $0.map { Self.entry($0) } }, removed: removed)
        #expect(edit.output.regions.count == 1)
        // The stretch is the change with a neighbour each side (at most three old items), not the whole list.
        #expect(edit.splice.expected(edit.output.regions[0].slots).count <= 3 - removed.count + dates.values.joined().count)
        #expect(Self.quick(edit))
        #expect(Self.whole(edit))
    }

    @Test("far-apart changes are checked as separate stretches, each with its neighbours")
    func separateStretches() throws {
        let edit = try Self.edit(insertions: [0: [Self.entry("2024-01-01")], 3: [Self.entry("2026-01-01")]])
        // Slots 0 and 3 are three apart: their windows (0...1 and 2...3) do not overlap.
        #expect(edit.output.regions.map(\.slots) == [0...1, 2...3])
        #expect(Self.quick(edit))
    }

    @Test("the stretches are read in one parse, but each must hold its own items: one moved to the next stretch is refused")
    func stretchesCountedApart() throws {
        var edit = try Self.edit(insertions: [0: [Self.entry("2024-01-01")], 3: [Self.entry("2026-01-01")]])
        #expect(Self.quick(edit))
        // The same items in the same order overall, but the first stretch now claims one item fewer (slot 1's) and the
        // second one more.
        #expect(edit.output.regions.map(\.slots) == [0...1, 2...3])
        edit.output.regions[0].slots = 0...0
        edit.output.regions[1].slots = 1...3
        #expect(!Self.quick(edit))
    }

    @Test(
        "an edit that changes a neighbour's value, or the new item's meaning or place, is refused by both checks",
        arguments: [
            ("value: 1.5", "value: 1.6"),  // the next observation's value
            ("  - date: 2025-03-01", "   - date: 2025-03-01"),  // the new item's dash off the list's column
            ("\"a cut: half price\"", "a cut: half price"),  // the note's quotes lost: no longer one string
            ("    source: https://example.com/new", "    source: https://example.com/new\n  -"),  // an extra, empty item
            ("source: https://example.com/a", "source: \"https://example.com/a"),  // a quote left open that swallows the rest
        ])
    func refusesBadEdits(original: String, replacement: String) throws {
        var edit = try Self.edit(insertions: [1: [Self.entry("2025-03-01", note: "a cut: half price")]])
        #expect(Self.quick(edit))
        edit.output = try Self.tampered(edit.output, original, replacement)
        #expect(!Self.quick(edit))
        #expect(!Self.whole(edit))
    }

    @Test("a byte changed outside the changed stretch (an observation the edit should not touch) is refused by both checks")
    func refusesChangesElsewhere() throws {
        var edit = try Self.edit(insertions: [3: [Self.entry("2026-01-01")]])
        // The stretch is the last item and the new one: the first observation lies outside it.
        #expect(edit.output.regions.map(\.slots) == [2...3])
        #expect(Self.quick(edit))
        let text = String(decoding: edit.output.bytes, as: UTF8.self)
        edit.output.bytes = Array(text.replacingOccurrences(of: "value: 2.0", with: "value: 2.5").utf8)
        #expect(!Self.quick(edit))
        #expect(!Self.whole(edit))
    }

    @Test("a file without a final line break gets one, wherever the entry goes, and the quick check allows for it", arguments: [1, 3])
    func noFinalLineBreak(slot: Int) throws {
        let text = String(Self.text.dropLast())
        let indicator = try #require(IndicatorReader.check(text, file: "price.yaml", id: "price").0)
        var splice = ObservationsSplice(itemLines: [3, 6, 9], listEnd: 12, tailEnd: 12, dashIndent: 2, keyIndent: 4)
        splice.insertions = [slot: [Self.entry(slot == 1 ? "2025-03-01" : "2026-01-01")]]
        let lines = ByteLines(text)
        let output = splice.apply(to: lines)
        #expect(SpliceCheck.regionsReadBack(output, of: splice, original: indicator, lines: lines, file: "price.yaml"))
        var newLines = String(decoding: output.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        let added = try #require(output.added.first)
        newLines.removeSubrange((added.line - 1)..<(added.line - 1 + added.lineCount))
        #expect(newLines.joined(separator: "\n") == text + "\n")
    }

    @Test("a stretch that does not begin at an item's dash in the original is not trusted")
    func stretchMustStartAtAnItem() throws {
        var edit = try Self.edit(insertions: [1: [Self.entry("2025-03-01")]])
        // Claim the list's items start one line later than they do: the stretch would begin inside an item.
        edit.splice.itemLines = [4, 7, 10]
        #expect(!Self.quick(edit))
    }
}

/// Edits the merge plans at a place where the text looks like the list's end but is not: the check must
/// refuse them (nothing written) rather than change an existing observation.
@Suite("Edits that would change an existing observation")
struct MeaningPreservingEditTests {
    private func append(to text: String) throws -> IndicatorEditor.Outcome {
        let entry = IndicatorEditor.Entry(
            date: Day("2026-01-01")!, subject: nil, value: "1.0", source: "https://example.com/new", note: nil)
        return try IndicatorEditor.append(entry, to: text, file: "price.yaml", indicatorID: "price")
    }

    @Test(
        "a last note whose text ends in lines that look like comments or blank lines is not cut: the edit is refused",
        arguments: [
            "    note: |\n      first line\n      # second line, part of the note\n",
            "    note: |+\n      kept with its trailing blank lines\n\n\n",
            "    note: \"a quoted note running over lines\n      # this line is part of it\"\n",
        ])
    func blockScalarAtTheEnd(note: String) throws {
        let text =
            "name: Price\nobservations:\n  - date: 2025-01-01\n    value: 2.0\n    source: https://example.com/a\n" + note
            + "# after the list\nunit: usd\n"
        // The list seems to end after the last line of content that is not a comment or blank: inside the note.
        #expect {
            try append(to: text)
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.message) == [
                "the edit would not read back as the expected observations (the file uses YAML the edit cannot keep, such as an anchor an alias reads or a note in a block); nothing was written: add the observation by hand"
            ]
        }
    }

    @Test(
        "when the changed stretch cannot be read alone (an alias to an anchor outside it), the whole text is read and the edit goes through"
    )
    func aliasFallsBackToWholeCheck() throws {
        let text = """
            name: Price
            observations:
              - date: 2025-01-01
                value: 2.0
                source: &site https://example.com/a
              - date: 2025-06-01
                value: 1.5
                source: https://example.com/b
              - date: 2025-09-01
                value: 1.2
                source: *site

            """
        guard case .appended(let newText, let line, _) = try append(to: text) else {
            Issue.record("expected an append")
            return
        }
        #expect(line == 12)
        let after = try #require(IndicatorReader.check(newText, file: "price.yaml", id: "price").0).observations
        #expect(
            after.map(\.source) == ["https://example.com/a", "https://example.com/b", "https://example.com/a", "https://example.com/new"])
    }

    @Test("a value outside the indicator's range is refused with the range named")
    func outsideRange() throws {
        let text = "name: Share\nrange: [0, 100]\nobservations:\n  - date: 2025-01-01\n    value: 20\n    source: s\n"
        let entry = IndicatorEditor.Entry(date: Day("2025-02-01")!, subject: nil, value: "120", source: "t", note: nil)
        #expect {
            try IndicatorEditor.append(entry, to: text, file: "share.yaml", indicatorID: "share")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.first?.message == "the value 120 is outside share's range [0, 100]"
        }
    }
}

@Suite("An added entry's lines read back from the new text")
struct AddedLinesTests {
    @Test("lines by 1-based range, line breaks dropped, \\r\\n as \\n, past the end nothing")
    func lines() {
        let text = "a: 1\r\nobservations:\r\n  - date: 2026-01-01\r\n    value: 2\r\n"
        #expect(IndicatorEditor.lines(3..<5, of: text) == ["  - date: 2026-01-01", "    value: 2"])
        #expect(IndicatorEditor.lines(1..<2, of: "x\ny") == ["x"])
        #expect(IndicatorEditor.lines(2..<3, of: "x\ny") == ["y"])
        #expect(IndicatorEditor.lines(9..<10, of: "x\ny").isEmpty)
    }
}
