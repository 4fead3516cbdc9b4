import TrackCore
import TrackEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks, before anything is written, that an edited indicator file reads back as intended: the
/// observations it had, minus the replaced ones, plus the new ones, each with the same date, subject,
/// value, source and note, and no error.
///
/// The quick check compares every byte outside the changed stretches (`ObservationsSplice.Region`) with
/// the original and parses only the stretches: each starts and ends at a whole item of the list, or at
/// the list's end, so the bytes before and after it read as they did in the original, and the stretch
/// read alone must be a block list at the list's indentation holding exactly the expected items. An insertion that would cut into a neighbour (a block scalar, a quoted
/// string running over lines, an item whose dash is on its own line) changes what the stretch reads
/// as, or fails to parse. When the quick check cannot confirm the edit, or a removed item may define an
/// anchor that an alias elsewhere reads, the whole new text is read and compared observation by observation.
enum SpliceCheck {
    /// Whether `output` is the intended edit of the file `original` was read from (`lines` its bytes).
    static func readsBack(
        _ output: ObservationsSplice.Output, of splice: ObservationsSplice, original: Indicator, lines: ByteLines, file: String
    ) -> Bool {
        (!output.regions.isEmpty && !splice.removesAnchor(in: lines)
            && regionsReadBack(output, of: splice, original: original, lines: lines, file: file))
            || wholeReadsBack(output.bytes, expected: splice.expected(0...splice.itemLines.count), original: original, file: file)
    }

    /// The quick check: every changed stretch holds exactly its expected items, at the list's indentation, between
    /// boundaries that are the first lines of whole items in the original. Stretches are read many to a parse, one
    /// after another (each begins at an item's dash and ends where the next item begins, so together they are a list
    /// of whole items), in batches of about `batchBytes`, so that a parse's nodes stay few; each item is counted to
    /// the stretch its line falls in, so each stretch must hold its own.
    static func regionsReadBack(
        _ output: ObservationsSplice.Output, of splice: ObservationsSplice, original: Indicator, lines: ByteLines, file: String
    ) -> Bool {
        guard unchangedOutsideRegions(output, lines: lines) else { return false }
        let states = original.states.map(YAMLScalarWriter.quoted).joined(separator: ", ")
        let header = "name: check\nkind: \(original.kind.rawValue)\n" + (states.isEmpty ? "" : "states: [\(states)]\n") + "observations:\n"
        let headerLines = header.utf8.count { $0 == UInt8(ascii: "\n") }
        var start = 0
        while start < output.regions.count {
            var end = start
            var size = 0
            while end < output.regions.count, end == start || size + output.regions[end].bytes.count <= batchBytes {
                size += output.regions[end].bytes.count
                end += 1
            }
            guard batchReadsBack(output.regions[start..<end], isLast: end == output.regions.count) else { return false }
            start = end
        }
        return true

        /// One batch of stretches, read in one parse: below a header that gives the indicator's kind and states, as the
        /// `observations` list of an indicator file, so that the items are decoded as the loader decodes them, without
        /// a node each.
        func batchReadsBack(_ regions: ArraySlice<ObservationsSplice.Region>, isLast: Bool) -> Bool {
            let newline = UInt8(ascii: "\n")
            var joined = Array(header.utf8)
            joined.reserveCapacity(joined.count + regions.reduce(0) { $0 + $1.bytes.count })
            // The 1-based line each stretch starts on in `joined`.
            var firstLines: [Int] = []
            var line = headerLines + 1
            for (index, region) in zip(regions.indices, regions) {
                // The stretch starts at an item's dash and ends at the next one's (or at the list's end) in the original.
                let bounds = region.slots.lowerBound...min(region.slots.upperBound + 1, splice.itemLines.count - 1)
                guard bounds.allSatisfy({ lines.isItemStart(splice.itemLines[$0], indent: splice.dashIndent) }) else { return false }
                let bytes = output.bytes[region.bytes]
                // Only the file's last stretch may end without a line break (at the end of the file).
                guard bytes.last == newline || (isLast && index == regions.endIndex - 1 && !bytes.isEmpty) else { return false }
                firstLines.append(line)
                line += bytes.count { $0 == newline }
                joined += bytes
            }
            let expectedByRegion = regions.map { splice.expected($0.slots) }
            let expected = expectedByRegion.flatMap { $0 }
            guard let (document, read, problems) = try? IndicatorReader.parse(joined, file: file, id: original.id), let read,
                !problems.contains(where: { $0.severity == .error }),
                let list = document.root?.mappingView?["observations"]?.value,
                list.mark.line == headerLines + 1, list.mark.column == splice.dashIndent + 1, read.observations.count == expected.count
            else { return false }
            // Each stretch holds as many items as it should.
            var counts = [Int](repeating: 0, count: firstLines.count)
            var stretch = 0
            for observation in read.observations {
                // Items come in order: the stretch only moves forward.
                while stretch + 1 < firstLines.count, firstLines[stretch + 1] <= observation.line { stretch += 1 }
                counts[stretch] += 1
            }
            guard counts == expectedByRegion.map(\.count) else { return false }
            return zip(read.observations, expected).allSatisfy { matches($0, $1, original: original) }
        }
    }

    /// About how many bytes of stretches one parse of the quick check reads.
    static let batchBytes = 256 * 1024

    /// Whether every byte outside the regions is the original's, in order (a line break added at the end of a file without one aside).
    static func unchangedOutsideRegions(_ output: ObservationsSplice.Output, lines: ByteLines) -> Bool {
        func same(_ new: Range<Int>, _ old: Range<Int>) -> Bool {
            guard new.count == old.count else { return false }
            return output.bytes.withUnsafeBufferPointer { newBytes in
                lines.bytes.withUnsafeBufferPointer { oldBytes in
                    new.isEmpty || memcmp(newBytes.baseAddress! + new.lowerBound, oldBytes.baseAddress! + old.lowerBound, new.count) == 0
                }
            }
        }
        var new = 0
        var old = 0
        for region in output.regions {
            guard new <= region.bytes.lowerBound, old <= region.original.lowerBound,
                same(new..<region.bytes.lowerBound, old..<region.original.lowerBound)
            else { return false }
            new = region.bytes.upperBound
            old = region.original.upperBound
        }
        let rest = new..<output.bytes.count
        if same(rest, old..<lines.bytes.count) { return true }
        // A file that did not end with a line break gets one.
        return !lines.endsWithLineBreak && rest.count == lines.bytes.count - old + lines.lineEnding.count
            && same(new..<(output.bytes.count - lines.lineEnding.count), old..<lines.bytes.count)
            && output.bytes.suffix(lines.lineEnding.count).elementsEqual(lines.lineEnding)
    }

    /// The thorough check: the whole new text read as the indicator, with no error and exactly the expected observations.
    static func wholeReadsBack(_ bytes: [UInt8], expected: [ObservationsSplice.Expected], original: Indicator, file: String) -> Bool {
        guard let document = try? YAMLParser.parse(bytes, file: file) else { return false }
        let (read, problems) = IndicatorReader.read(document.root, file: file, expectedID: original.id)
        guard let indicator = read, !problems.contains(where: { $0.severity == .error }),
            indicator.observations.count == expected.count
        else { return false }
        return zip(indicator.observations, expected).allSatisfy { matches($0, $1, original: original) }
    }

    /// Whether `observation` is the expected item: the same date, subject, value, source and note.
    static func matches(_ observation: Observation, _ item: ObservationsSplice.Expected, original: Indicator) -> Bool {
        switch item {
        case .kept(let index):
            let old = original.observations[index]
            return observation.date == old.date && observation.subject == old.subject && observation.value == old.value
                && observation.source == old.source && observation.note == old.note
        case .added(let entry):
            return observation.date == entry.date && observation.subject == entry.subject
                && observation.value == IndicatorEditor.parsedValue(entry.value, kind: original.kind, states: original.states)
                && observation.source == entry.source && observation.note == entry.note
        }
    }
}
