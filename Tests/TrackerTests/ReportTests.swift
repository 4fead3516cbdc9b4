import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

@Suite("Reports")
struct ReportTests {
    private func engine() throws -> EvaluationEngine {
        EvaluationEngine(workspace: try workspace(), registry: EvaluatorRegistry([]))
    }

    private func workspace() throws -> Workspace {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(SampleFiles.prediction),
            "indicators/price.yaml": SampleFiles.priceIndicator,
        ])
        let result = fixture.load()
        try #require(result.diagnostics.isEmpty)
        return result.workspace
    }

    @Test("status rows count the days to the deadline from the as-of day")
    func statusRows() throws {
        let report = StatusReport(engine: try engine(), asOf: try #require(Day("2027-09-20")))
        let row = try #require(report.forecasts.first)
        #expect(row.daysLeft == 10)
        #expect(row.statedProbability == 0.6)
        #expect(row.status == Status.untestable)
        #expect(row.summary == "no evaluator configured")
        let overdue = StatusReport(engine: try engine(), asOf: try #require(Day("2027-10-05")))
        #expect(overdue.forecasts.first?.daysLeft == -5)
        #expect(StatusReport.timeLeft(-5) == "5d over")
        #expect(StatusReport(engine: try engine(), asOf: Day(daysSinceEpoch: 0), tag: "other").forecasts.isEmpty)
    }

    @Test("status JSON has asOf and the fields every item needs, nulls included")
    func statusJSON() throws {
        let report = StatusReport(engine: try engine(), asOf: try #require(Day("2026-11-29")))
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["asOf"] as? String == "2026-11-29")
        let item = try #require((object["forecasts"] as? [[String: Any]])?.first)
        for key in [
            "id", "deadline", "statedProbability", "status", "probability", "summary", "made", "criteria", "source", "resolution",
            "evidence", "parts",
        ] {
            #expect(item.keys.contains(key), "missing \(key)")
        }
        #expect(item["deadline"] as? String == "2027-Q3")
        #expect(item["probability"] is NSNull)
    }

    @Test("indicator rows show the latest value per subject, its age and staleness")
    func indicatorRows() throws {
        var workspace = try workspace()
        workspace.settings.staleAfterDays = 100
        let report = IndicatorReport(workspace: workspace, asOf: try #require(Day("2026-01-20")))
        #expect(report.indicators.map(\.subject) == ["v3", "v3.2"])
        #expect(report.indicators.map(\.latestValue) == [.number(0.9), .number(0.42)])
        #expect(report.indicators.map(\.display) == ["0.9", "0.42"])
        #expect(report.indicators.map(\.ageDays) == [10, 113])
        #expect(report.indicators.map(\.stale) == [false, true])
        #expect(report.indicators.map(\.observations) == [2, 1])
    }

    @Test("tables align columns; Markdown escapes pipes; colour only when enabled")
    func tables() {
        var table = TextTable(columns: [.init("A"), .init("N", .right)])
        table.append([.init("long|name", style: .bad), .init("7")])
        #expect(table.render(style: TerminalStyle(isEnabled: false)) == "A          N\nlong|name  7")
        #expect(table.renderMarkdown() == "| A | N |\n|---|---:|\n| long\\|name | 7 |")
        #expect(table.render(style: TerminalStyle(isEnabled: true)).contains("\u{1B}[31mlong|name"))
        #expect(!TerminalStyle.forOutput(isTerminal: true, environment: ["NO_COLOR": "1"]).isEnabled)
        #expect(TerminalStyle.forOutput(isTerminal: true, environment: [:]).isEnabled)
        #expect(!TerminalStyle.forOutput(isTerminal: false, environment: [:]).isEnabled)
    }
}

@Suite("Number formatting")
struct NumberFormattingTests {
    @Test(
        "numbers read as people write them",
        arguments: [
            (1.1, "1.1"), (42, "42"), (0.135, "0.135"), (2_788_000, "2788000"), (7e9, "7e9"),
            (30.84e6, "3.084e7"), (2.8e24, "2.8e24"), (3.29e24, "3.29e24"), (9.9996e7, "1e8"), (-1.5e10, "-1.5e10"),
        ])
    func formatted(value: Double, text: String) {
        #expect(value.formatted == text)
    }
}

@Suite("Tables on narrow terminals")
struct NarrowTableTests {
    @Test("the last column is cut with an ellipsis to fit the width; nothing is cut without one")
    func cut() {
        var table = TextTable(columns: [.init("ID"), .init("SUMMARY")])
        table.append([.init("a"), .init("a long summary that will not fit")])
        // 30 columns leave 26 beside "a   ": 25 characters of the summary's 32, then the ellipsis.
        #expect(table.render(style: TerminalStyle(isEnabled: false), width: 30) == "ID  SUMMARY\na   a long summary that will …")
        #expect(table.render(style: TerminalStyle(isEnabled: false)).hasSuffix("will not fit"))
    }

    @Test("with too little room beside the row, the summary goes under it, folded over two lines and cut to the width")
    func wrap() {
        var table = TextTable(columns: [.init("ID"), .init("STATUS", dropPriority: 1), .init("SUMMARY")])
        table.append([.init("a"), .init("on-track"), .init("a long summary that will not fit")])
        // At 20 columns even without STATUS only 16 are left beside "a   " (fewer than 24): the summary moves
        // under the row, indented by 4, folded at spaces over two lines of 16 columns, the rest cut; STATUS fits
        // the row on its own and stays.
        #expect(
            table.render(style: TerminalStyle(isEnabled: false), width: 20)
                == "ID  STATUS\na   on-track\n    a long summary\n    that will not f…")
        // At 36, STATUS is dropped: beside it the summary would have 22 columns, fewer than 24.
        let narrow = table.render(style: TerminalStyle(isEnabled: false), width: 36)
        #expect(!narrow.contains("STATUS") && narrow.hasSuffix("a   a long summary that will not fit"))
    }
}
