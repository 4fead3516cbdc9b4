import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

/// Findings of scripts/fuzz.sh that the bad-input corpus (which checks what validate reports) cannot hold:
/// inputs that once crashed `track record`'s edit. Each must now be refused with the reason.
@Suite("Fuzz findings in record's edit")
struct FuzzFindingsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz").path

    @Test("a line broken by a lone carriage return (fuzz seed 20) is refused, not an index out of range")
    func loneCarriageReturn() throws {
        let text = try String(contentsOfFile: Self.folder + "/record-lone-carriage-return.yaml", encoding: .utf8)
        // Line 5 of the file is "better: higher\rdescription: >-": YAML breaks it in two, "\n" does not.
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[4].hasPrefix("better: higher\r"))
        try expectRefused(text, line: 5)
    }

    @Test("every line break YAML knows besides \\n and \\r\\n is refused at its line", arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}"])
    func otherBreaks(lineBreak: String) throws {
        let text = "name: Price\nunit: usd\(lineBreak)better: lower\nobservations: []\n"
        try expectRefused(text, line: 2)
    }

    @Test("Windows line endings are not refused")
    func windows() throws {
        let text = "name: Price\r\nobservations: []\r\n"
        let entry = IndicatorEditor.Entry(date: Day("2025-01-01")!, subject: nil, value: "1", source: "https://example.com", note: nil)
        guard case .appended(let newText, _, _) = try IndicatorEditor.append(entry, to: text, file: "price.yaml", indicatorID: "price")
        else {
            Issue.record("expected an append")
            return
        }
        #expect(newText.hasSuffix("source: https://example.com\r\n"))
    }

    private func expectRefused(_ text: String, line: Int) throws {
        let entry = IndicatorEditor.Entry(
            date: Day("2027-01-01")!, subject: "fuzz", value: "1.5", source: "https://example.com/fuzz", note: "n")
        do {
            _ = try IndicatorEditor.append(entry, to: text, file: "series.yaml", indicatorID: "deepseek-llm-api-share")
            Issue.record("expected the edit to be refused")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "series.yaml: error: line \(line) ends with a line break other than \\n or \\r\\n (a lone carriage return, NEL, LS or PS); "
                        + "save the file with ordinary line endings before editing it with track"
                ])
        }
    }
}
