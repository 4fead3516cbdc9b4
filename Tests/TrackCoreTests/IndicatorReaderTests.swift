import Foundation
import TestSupport
import Testing

@testable import TrackCore

@Suite("Indicator files")
struct IndicatorReaderTests {
    private func problems(_ indicator: String, name: String = "series") throws -> [String] {
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions(), "indicators/\(name).yaml": indicator])
        return fixture.load().diagnostics.rendered
    }

    @Test("header rules: states belong to state indicators, ids match file names, fields are known")
    func headerRules() throws {
        #expect(
            try problems("id: other\nname: N\nkind: numeric\nstates: [a]\nunti: usd\nobservations: []\n") == [
                "series.yaml:1:5: error: indicator id 'other' differs from its file name 'series.yaml'; rename one so they match",
                "series.yaml:4:9: error: 'states' is for indicators of kind 'state'; add 'kind: state' or remove 'states'",
                "series.yaml:5:1: error: unknown field 'unti' in indicator; did you mean 'unit'?",
            ])
        #expect(
            try problems("name: N\nkind: state\nbetter: higher\nobservations: []\n") == [
                "series.yaml:1:1: error: an indicator of kind 'state' needs 'states', its states in order (for example [private, ipo-filed, listed])",
                "series.yaml:3:9: error: 'better' is for numeric indicators; a state indicator's order is given by 'states'",
            ])
        #expect(
            try problems("name: N\nkind: nmeric\nobservations: []\n") == [
                "series.yaml:2:7: error: 'kind': 'nmeric' is not one of numeric, state; did you mean 'numeric'?"
            ])
        #expect(try problems("") == ["series.yaml: error: the indicator file is empty; it needs at least 'name' and 'observations'"])
        #expect(try problems("- a\n- b\n") == ["series.yaml:1:1: error: expected a mapping (the fields of a indicator), found a list"])
    }

    @Test("values must match the kind; sources must say something")
    func observationRules() throws {
        let indicator = """
            name: N
            observations:
              - {date: 2025-01-01, value: cheap, source: https://example.com}
              - {date: 2025-01-02, value: 1.5, source: "  "}
              - {date: 2025-01-03, value: 2, source: ~}
              - {date: "2025-01-04", value: 3, source: quoted dates are fine, subject: ~}
              - {date: 2025-01-05, value: [1], source: s}

            """
        #expect(
            try problems(indicator) == [
                "series.yaml:3:31: error: 'value': expected a finite number, found the string 'cheap'",
                "series.yaml:4:44: error: 'source': expected a source (a URL or a citation), found the string '  '",
                "series.yaml:5:34: error: observation is missing the required field 'source'",
                "series.yaml:7:31: error: 'value': expected a finite number, found a list",
            ])
    }

    @Test("an exact duplicate observation is a warning, not an error")
    func duplicateObservation() throws {
        let indicator = """
            name: N
            observations:
              - {date: 2025-01-01, value: 1, source: s}
              - {date: 2025-01-02, value: 1, source: s}
              - {date: 2025-01-01, value: 1, source: s}
              - {date: 2025-01-01, value: 1, source: t}

            """
        #expect(
            try problems(indicator) == [
                "series.yaml:5:5: warning: observation repeats the one at line 3 (same date, subject, value and source); remove one"
            ])
    }

    @Test("long series are read in parallel chunks, in order, with every error found", arguments: [5_000, 50_001])
    func longSeries(count: Int) throws {
        var text = "name: Long\nobservations:\n"
        let broken = [7, count / 2 + 3, count - 1]
        for index in 0..<count {
            let value = broken.contains(index) ? "oops" : String(Double(index) / 4)
            text += "  - {date: \(Day(daysSinceEpoch: index)), value: \(value), source: s\(index)}\n"
        }
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions(), "indicators/long.yaml": text])
        let result = fixture.load()
        #expect(result.diagnostics.map { $0.mark?.line } == broken.map { $0 + 3 })
        let observations = try #require(result.workspace.indicator("long")?.observations)
        #expect(observations.count == count - broken.count)
        #expect(observations.map(\.date) == observations.map(\.date).sorted())
        #expect(observations.first?.source == "s0")
        #expect(observations.last?.value == .number(Double(count - 2) / 4))
        #expect(observations.last?.line == count - 2 + 3)
    }

    @Test("latest values are per subject and respect the as-of day")
    func latest() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(), "indicators/price.yaml": SampleFiles.priceIndicator,
        ])
        let indicator = try #require(fixture.load().workspace.indicator("price"))
        let now = indicator.latest(asOf: try #require(Day("2026-06-01")))
        #expect(now.map(\.subject) == ["v3", "v3.2"])
        #expect(now.map(\.value) == [.number(0.90), .number(0.42)])
        let before = indicator.latest(asOf: try #require(Day("2025-01-01")))
        #expect(before.map(\.value) == [.number(1.10)])
    }
}
