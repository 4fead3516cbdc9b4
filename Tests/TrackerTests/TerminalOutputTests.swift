import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

@Suite("Terminal output, periods and JSON numbers")
struct TerminalOutputTests {
    @Test("East Asian wide characters count two columns, so columns stay aligned")
    func wideCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("深度求索") == 8)  // four CJK ideographs
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)  // fullwidth Latin
        #expect(DisplayWidth.of("é") == 1)  // e + combining acute: one grapheme
        var table = TextTable(columns: [.init("NAME"), .init("N", .right)])
        table.append(["深度", "1"])
        table.append(["abcd", "22"])
        // "深度" is four columns wide, like "abcd" and "NAME": the second column starts at column 6 on every line.
        #expect(table.render(style: TerminalStyle(isEnabled: false)) == "NAME   N\n深度   1\nabcd  22")
    }

    @Test("a cut summary fits the width in columns, ends with an ellipsis, and never splits a wide character")
    func cutting() {
        var table = TextTable(columns: [.init("ID"), .init("SUMMARY")])
        table.append(["a", "価格は十分の一に下がる見込みは低い"])
        let lines = table.render(style: TerminalStyle(isEnabled: false), width: 30).split(separator: "\n")
        for line in lines { #expect(DisplayWidth.of(line) <= 30, "\(line)") }
        #expect(lines[1].hasSuffix("…"))
        // 26 columns are left beside "a   ": 12 ideographs (24) and the ellipsis; a 13th would make 27.
        #expect(lines[1] == "a   価格は十分の一に下がる見…")
    }

    @Test("the width is COLUMNS when set, else the terminal's; a pipe is not cut")
    func width() {
        #expect(TerminalWidth.resolve(environment: ["COLUMNS": "80"], isTerminal: false) { 120 } == 80)
        #expect(TerminalWidth.resolve(environment: ["COLUMNS": "80"], isTerminal: true) { 120 } == 80)
        #expect(TerminalWidth.resolve(environment: [:], isTerminal: true) { 120 } == 120)
        #expect(TerminalWidth.resolve(environment: [:], isTerminal: false) { 120 } == nil)
        #expect(TerminalWidth.resolve(environment: ["COLUMNS": "wide"], isTerminal: false) { 120 } == nil)
    }

    @Test("colour: auto on a terminal unless NO_COLOR or TERM=dumb; always and never as said")
    func colour() {
        #expect(TerminalStyle.forOutput(isTerminal: true, environment: ["TERM": "xterm-256color"]).isEnabled)
        #expect(!TerminalStyle.forOutput(isTerminal: true, environment: ["TERM": "dumb"]).isEnabled)
        #expect(!TerminalStyle.forOutput(isTerminal: true, environment: [:], choice: .never).isEnabled)
        #expect(TerminalStyle.forOutput(isTerminal: false, environment: ["TERM": "dumb"], choice: .always).isEnabled)
    }

    @Test("a month step counts calendar months from the start and clamps to month ends")
    func months() {
        let days = Period("1m")!.days(from: Day("2025-10-31")!, through: Day("2026-03-31")!).map(\.description)
        #expect(days == ["2025-10-31", "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31"])
        let leap = Period("3m")!.days(from: Day("2023-11-30")!, through: Day("2024-12-31")!).map(\.description)
        #expect(leap == ["2023-11-30", "2024-02-29", "2024-05-30", "2024-08-30", "2024-11-30"])
        #expect(
            Period("2w")!.days(from: Day("2025-01-01")!, through: Day("2025-01-29")!).map(\.description) == [
                "2025-01-01", "2025-01-15", "2025-01-29",
            ])
        #expect(Period("0d") == nil && Period("1y") == nil && Period("m") == nil)
    }

    @Test("JSON numbers: probabilities to four places, no binary noise, evidence values as numbers")
    func numbers() throws {
        #expect(JSONNumber.probability(0.10813441597780721) == 0.1081)
        #expect(JSONNumber.clean(0.1 + 0.2) == 0.3)
        #expect(JSONNumber.clean(0.13999999999999999) == 0.14)
        #expect(JSONNumber.Value(leadingNumberOf: "0.42 usd_per_mtok") == .number(0.42))
        #expect(JSONNumber.Value(leadingNumberOf: "3.8e25 flop") == .number(3.8e25))
        #expect(JSONNumber.Value(leadingNumberOf: "released") == .text("released"))
        let encoded = String(decoding: try JSONEncoder().encode([JSONNumber.Value(leadingNumberOf: "1.1 usd")]), as: UTF8.self)
        #expect(encoded == "[1.1]")
    }

    @Test("CSV quotes fields with commas, quotes or line breaks (RFC 4180)")
    func csv() {
        #expect(CSV.line(["a", "b,c", "say \"hi\"", "two\nlines"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"")
    }
}

@Suite("New indicator files")
struct NewIndicatorTests {
    @Test("the YAML of a new indicator reads back to the same fields, awkward text included")
    func roundTrip() throws {
        let name = "Status: \"listing\" # soon"
        let text = IndicatorTemplate.text(
            id: "status", name: name, unit: "- units", kind: .state, states: ["private", "ipo: filed", "yes"], description: "a: b",
            staleAfterDays: 30)
        let (indicator, problems) = IndicatorReader.check(text, file: "status.yaml", id: "status")
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        let read = try #require(indicator)
        #expect(read.name == name && read.unit == "- units" && read.kind == .state)
        #expect(read.states == ["private", "ipo: filed", "yes"])
        #expect(read.description == "a: b" && read.staleAfterDays == 30 && read.observations.isEmpty)
    }
}
