import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

@Suite("Text-preserving edits")
struct EditingTests {
    private static let indicator = """
        # A hand-written file: comments, blank lines and odd spacing must survive.
        name: Price   # trailing comment
        unit: usd
        better: lower

        observations:
          # the first price
          - date: 2025-01-01
            value: 2.0
            source: https://example.com/a   # where

          - date: 2025-06-01
            value:   1.5
            source: https://example.com/b
        # a comment after the list
        description: kept last on purpose

        """

    private func append(_ entry: IndicatorEditor.Entry, to text: String = indicator) throws -> (text: String, line: Int, entry: [String]) {
        guard
            case .appended(let newText, let line, let lines) = try IndicatorEditor.append(
                entry, to: text, file: "price.yaml", indicatorID: "price")
        else {
            Issue.record("expected an append")
            return ("", 0, [])
        }
        return (newText, line, lines)
    }

    private func entry(
        _ date: String, _ value: String = "1.0", subject: String? = nil, source: String = "https://example.com/new", note: String? = nil
    ) -> IndicatorEditor.Entry {
        IndicatorEditor.Entry(date: Day(date)!, subject: subject, value: value, source: source, note: note)
    }

    /// The edited text minus the inserted lines must be the original, byte for byte.
    private func expectOnlyInserted(_ result: (text: String, line: Int, entry: [String]), into original: String = indicator) {
        var lines = result.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines[(result.line - 1)..<(result.line - 1 + result.entry.count)]) == result.entry)
        lines.removeSubrange((result.line - 1)..<(result.line - 1 + result.entry.count))
        #expect(lines.joined(separator: "\n") == original)
    }

    @Test("a later observation goes after the list's last entry; every other byte stays")
    func appendAtEnd() throws {
        let result = try append(entry("2025-09-01", "0.9", note: "a cut: half price"))
        #expect(result.line == 15)
        #expect(
            result.entry == [
                "  - date: 2025-09-01", "    value: 0.9", "    source: https://example.com/new", "    note: \"a cut: half price\"",
            ])
        expectOnlyInserted(result)
    }

    @Test("an earlier observation goes in date order when the file is sorted")
    func insertSorted() throws {
        let result = try append(entry("2025-03-01"))
        #expect(result.line == 12)
        expectOnlyInserted(result)
    }

    @Test("an unsorted file gets the late news at the end")
    func unsortedAppends() throws {
        let unsorted = Self.indicator.replacingOccurrences(of: "2025-01-01", with: "2025-08-01")
        let result = try append(entry("2025-03-01"), to: unsorted)
        #expect(result.line == 15)
        expectOnlyInserted(result, into: unsorted)
    }

    @Test("an empty list becomes a block list; numbers keep their spelling")
    func emptyList() throws {
        let empty = "name: Compute\nobservations: []   \n"
        let result = try append(entry("2026-01-01", "1.2e26", subject: "yes"), to: empty)
        #expect(
            result.text
                == "name: Compute\nobservations:\n  - date: 2026-01-01\n    subject: \"yes\"\n    value: 1.2e26\n    source: https://example.com/new\n"
        )
    }

    @Test("exact duplicates, bad values, flow lists and a broken file are refused")
    func refusals() throws {
        let duplicate = try IndicatorEditor.append(
            entry("2025-06-01", "1.5", source: "https://example.com/b"), to: Self.indicator, file: "price.yaml", indicatorID: "price")
        guard case .duplicate(let line) = duplicate else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(line == 12)
        #expect(throws: DiagnosticsError.self) { try append(entry("2025-09-01", "cheap")) }
        #expect(throws: DiagnosticsError.self) { try append(entry("2025-09-01", source: "  ")) }
        #expect(throws: DiagnosticsError.self) {
            try append(entry("2025-09-01"), to: "name: N\nobservations: [{date: 2025-01-01, value: 1, source: s}]\n")
        }
        #expect(throws: DiagnosticsError.self) {
            try append(entry("2025-09-01"), to: "name: N\nobservations:\n  - date: 2025-13-01\n    value: 1\n    source: s\n")
        }
    }

    @Test(
        "strings are written plain only when they read back the same",
        arguments: [
            "https://example.com/a?b=c", "yes", "no", "true", "null", "12", "1e3", "a: b", "trailing ", "#tag", "- dash",
            "quote \" and \\ back",
            "line\nbreak", "2025-01-01", "",
        ])
    func quoting(text: String) throws {
        let written = YAMLScalarWriter.string(text)
        let document = try YAMLParser.parse(Array("key: \(written)\n".utf8), file: "t.yaml")
        let scalar = try #require(document.root?.mappingView?["key"]?.value.scalar)
        #expect(scalar.text == text)
        #expect(scalar.coreValue == .string(text), "\(written)")
    }

    fileprivate static let predictions = """
        sources:
          - {id: a, title: A}
        predictions:
          - id: first   # the first
            statement: S.
            source: a
            made: 2025-01-01
            deadline: 2026
            criteria: C.

          - id: second
            statement: T.
            source: a
            made: 2025-01-01
            deadline: 2026
            criteria: C.
        # the end

        """

    @Test("a resolution is added to its forecast only; resolving again needs --force")
    func resolve() throws {
        let resolution = Resolution(outcome: .yes, date: Day("2025-06-01")!, source: "https://example.com/r", note: nil)
        let once = try PredictionsEditor.resolve("first", with: resolution, replace: false, in: Self.predictions, file: "predictions.yaml")
        #expect(
            once
                == Self.predictions.replacingOccurrences(
                    of: "    criteria: C.\n\n  - id: second",
                    with: """
                            criteria: C.
                            resolution:
                              outcome: yes
                              date: 2025-06-01
                              source: https://example.com/r

                          - id: second
                        """))
        #expect(throws: DiagnosticsError.self) {
            try PredictionsEditor.resolve("first", with: resolution, replace: false, in: once, file: "predictions.yaml")
        }
        let changed = Resolution(outcome: .no, date: Day("2025-07-01")!, source: "https://example.com/s", note: "reversed")
        let twice = try PredictionsEditor.resolve("first", with: changed, replace: true, in: once, file: "predictions.yaml")
        #expect(
            twice.contains(
                "    resolution:\n      outcome: no\n      date: 2025-07-01\n      source: https://example.com/s\n      note: reversed\n\n  - id: second"
            ))
        #expect(!twice.contains("outcome: yes"))
        let last = try PredictionsEditor.resolve("second", with: resolution, replace: false, in: Self.predictions, file: "predictions.yaml")
        #expect(
            last.hasSuffix(
                "    criteria: C.\n    resolution:\n      outcome: yes\n      date: 2025-06-01\n      source: https://example.com/r\n# the end\n"
            ))
        #expect(throws: DiagnosticsError.self) {
            try PredictionsEditor.resolve("thrid", with: resolution, replace: false, in: Self.predictions, file: "p.yaml")
        }
    }
}

@Suite("Windows line endings")
struct CRLFEditingTests {
    @Test("a file with CRLF endings keeps them, inserted lines included")
    func crlf() throws {
        let text = "name: N\r\nobservations:\r\n  - date: 2025-01-01\r\n    value: 1\r\n    source: s\r\n"
        let entry = IndicatorEditor.Entry(date: Day("2025-02-01")!, subject: nil, value: "2", source: "t", note: nil)
        guard case .appended(let newText, let line, _) = try IndicatorEditor.append(entry, to: text, file: "n.yaml", indicatorID: "n")
        else {
            Issue.record("expected an append")
            return
        }
        #expect(line == 6)
        #expect(newText == text + "  - date: 2025-02-01\r\n    value: 2\r\n    source: t\r\n")
    }

    @Test("a resolution in a CRLF predictions file, or one without a final line break, reads as in an LF file")
    func crlfResolution() throws {
        let resolution = Resolution(outcome: .yes, date: Day("2025-06-01")!, source: "https://example.com/r", note: nil)
        let lf = try PredictionsEditor.resolve(
            "second", with: resolution, replace: false, in: EditingTests.predictions, file: "predictions.yaml")
        let crlf = EditingTests.predictions.replacingOccurrences(of: "\n", with: "\r\n")
        let resolved = try PredictionsEditor.resolve("second", with: resolution, replace: false, in: crlf, file: "predictions.yaml")
        #expect(resolved == lf.replacingOccurrences(of: "\n", with: "\r\n"))
        let unended = String(EditingTests.predictions.dropLast())
        #expect(try PredictionsEditor.resolve("second", with: resolution, replace: false, in: unended, file: "predictions.yaml") == lf)
    }
}
