import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import Tracker

@Suite("Appending a forecaster's probability to predictions.yaml")
struct SayEditingTests {
    static let entry = ForecasterEntry(by: "bob", probability: 0.25, on: Day("2026-02-01")!)

    static func forecast(_ extra: String) -> String {
        SampleFiles.predictions(
            """
              - id: cheaper-tokens
                statement: Tokens get cheaper.
                source: article
                made: 2026-01-01
                deadline: 2027-Q3
                criteria: Yes if the price halves.\(extra)
            """)
    }

    @Test("CRLF line endings are kept, a missing final line break is added, nothing else changes")
    func lineEndings() throws {
        let text = Self.forecast("").replacingOccurrences(of: "\n", with: "\r\n")
        let said = try #require(try PredictionsEditor.say(Self.entry, to: "cheaper-tokens", in: text, file: "p.yaml"))
        #expect(said.text == text + "    said:\r\n      - by: bob\r\n        p: 0.25\r\n        on: 2026-02-01\r\n")
        let bare = String(Self.forecast("").dropLast())
        let added = try #require(try PredictionsEditor.say(Self.entry, to: "cheaper-tokens", in: bare, file: "p.yaml"))
        #expect(added.text == bare + "\n    said:\n      - by: bob\n        p: 0.25\n        on: 2026-02-01\n")
    }

    @Test("an empty said: gets the entry as its first item; flow items are followed in kind; a mapping is refused")
    func shapes() throws {
        let empty = try #require(
            try PredictionsEditor.say(Self.entry, to: "cheaper-tokens", in: Self.forecast("\n    said:"), file: "p.yaml"))
        #expect(empty.text.hasSuffix("    said:\n      - by: bob\n        p: 0.25\n        on: 2026-02-01\n"))
        let flowItems = Self.forecast("\n    said:\n      - {by: alice, p: 0.5, on: 2026-01-01}")
        let next = try #require(try PredictionsEditor.say(Self.entry, to: "cheaper-tokens", in: flowItems, file: "p.yaml"))
        #expect(next.text == flowItems + "      - {by: bob, p: 0.25, on: 2026-02-01}\n")
        let emptyFlow = try #require(
            try PredictionsEditor.say(Self.entry, to: "cheaper-tokens", in: Self.forecast("\n    said: []"), file: "p.yaml"))
        #expect(emptyFlow.text.contains("    said: [{by: bob, p: 0.25, on: 2026-02-01}]\n"))
        #expect(throws: DiagnosticsError.self) {
            _ = try PredictionsEditor.say(Self.entry, to: "cheaper-tokens", in: Self.forecast("\n    said: {by: bob}"), file: "p.yaml")
        }
        // Quotes in a note are written so that they read back as they were.
        var noted = Self.entry
        noted.note = "\"quoted\": yes # not a comment"
        let withNote = try #require(
            try PredictionsEditor.say(noted, to: "cheaper-tokens", in: Self.forecast("\n    said: []"), file: "p.yaml"))
        let read = PredictionsReader.read(try YAMLParser.parse(Array(withNote.text.utf8), file: "p.yaml").root, file: "p.yaml")
        #expect(read.predictions.first?.said.first?.note == noted.note)
    }
}
