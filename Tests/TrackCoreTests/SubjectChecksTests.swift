import TestSupport
import Testing

@testable import TrackCore

@Suite("Subjects named by forecasts, and values that disagree")
struct SubjectChecksTests {
    private func workspace(evaluate: String, indicator: String = SampleFiles.priceIndicator) throws -> TemporaryWorkspace {
        try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(SampleFiles.prediction + "\n    evaluate:\n      " + evaluate),
            "indicators/price.yaml": indicator,
        ])
    }

    @Test("a subject the indicator never had is an error at its place, with a did-you-mean")
    func unknownSubject() throws {
        let fixture = try workspace(evaluate: "threshold: {indicator: price, subject: v3.3, target: 0.5}")
        let errors = fixture.load().errors.rendered
        #expect(
            errors == [
                "predictions.yaml:14:46: error: indicator 'price' has no subject 'v3.3' (did you mean 'v3.2'?); "
                    + "if the series has no value yet, declare it under 'subjects:' in price.yaml"
            ])
    }

    @Test("nested references are checked too; known and declared subjects pass")
    func nestedAndDeclared() throws {
        let nested = "threshold: {indicator: price, subject: v3, target: {indicator: price, subject: v9, factor: 0.5}}"
        #expect(try workspace(evaluate: nested).load().errors.count == 1)
        let declared = SampleFiles.priceIndicator.replacingOccurrences(of: "observations:", with: "subjects: [v9]\nobservations:")
        #expect(try workspace(evaluate: nested, indicator: declared).load().errors.isEmpty)
    }

    @Test("two different values for one indicator, subject and date are a warning; the same value twice is the duplicate warning")
    func conflictingValues() throws {
        let indicator =
            SampleFiles.priceIndicator + """
                  - date: 2024-12-26
                    subject: v3
                    value: 1.2
                    source: https://example.com/other
                  - date: 2024-12-26
                    subject: v3.2
                    value: 9
                    source: https://example.com/different-subject

                """
        let fixture = try workspace(evaluate: "threshold: {indicator: price, subject: v3, target: 0.5}", indicator: indicator)
        let warnings = fixture.load().warnings.rendered
        #expect(
            warnings == [
                "price.yaml:18:5: warning: price has two values for 'v3' on 2024-12-26: 1.1 at line 6 and 1.2 here; "
                    + "keep the one the primary source gives, or move the other to its own indicator"
            ])
    }
}
