import Foundation
import TestSupport
import Testing

@testable import TrackCore

@Suite("Workspace loading and checks")
struct WorkspaceLoaderTests {
    @Test("a valid workspace loads with its predictions, sources and indicators")
    func validWorkspace() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(SampleFiles.prediction),
            "indicators/output-price.yaml": SampleFiles.priceIndicator,
            "track.yaml": "name: Test\nstale-after-days: 90\n",
        ])
        let result = fixture.load()
        #expect(result.diagnostics.isEmpty)
        let workspace = result.workspace
        #expect(workspace.settings.staleAfterDays == 90)
        let prediction = try #require(workspace.prediction("cheaper-tokens"))
        #expect(prediction.deadline.day == Day("2027-09-30"))
        #expect(prediction.probability == 0.6)
        #expect(prediction.tags == ["cost"])
        let indicator = try #require(workspace.indicator("output-price"))
        #expect(indicator.observations.count == 3)
        #expect(indicator.subjects == ["v3", "v3.2"])
        #expect(indicator.observations[1].value == .number(0.42))
        #expect(indicator.mark(of: indicator.observations[1]).line == 10)
    }

    @Test("every error in every file is reported, each at its line and column, sorted")
    func allErrorsReported() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(
                """
                  - id: first
                    statement: A.
                    source: artcle
                    made: 2026-06-15
                    deadline: 2027-Q5
                    probability: 1.5
                    criteria: C.
                    probabilty: 0.5
                  - id: first
                    statement: B.
                    source: article
                    made: 2028-01-01
                    deadline: 2027
                    criteria: C.
                    evaluate:
                      threshold: {indicator: output-prise, target: 1}
                """),
            "indicators/output-price.yaml": SampleFiles.priceIndicator,
            "indicators/status.yaml": """
            name: Status
            kind: state
            states: [private, listed]
            observations:
              - date: 2026-06-15
                value: lsited
                source: https://example.com
              - date: 2026-13-01
                value: private
              - value: private
                source: https://example.com

            """,
        ])
        let found = fixture.load().diagnostics.rendered
        #expect(
            found == [
                "status.yaml:6:12: error: 'value': 'lsited' is not a known state of 'status': private, listed; did you mean 'listed'?",
                "status.yaml:8:5: error: observation is missing the required field 'source'",
                "status.yaml:8:11: error: 'date': expected a date written YYYY-MM-DD (for example 2026-06-15), found the string '2026-13-01'",
                "status.yaml:10:5: error: observation is missing the required field 'date'",
                "predictions.yaml:7:13: error: 'artcle' is not a known source id: article; did you mean 'article'? (add it under 'sources' in predictions.yaml)",
                "predictions.yaml:9:15: error: 'deadline': expected a deadline written YYYY-MM-DD, YYYY-Qn (a quarter) or YYYY (a year), found the string '2027-Q5'",
                "predictions.yaml:10:18: error: 'probability': probability 1.5 is outside 0...1; write 0.55 for 55%",
                "predictions.yaml:12:5: error: unknown field 'probabilty' in prediction; did you mean 'probability'?",
                "predictions.yaml:13:9: error: duplicate prediction id 'first'; it is already used at line 5: ids must be unique",
                "predictions.yaml:16:11: error: 'made' (2028-01-01) is after the deadline (2027-12-31); a forecast is made before it is due",
            ])
    }
}
