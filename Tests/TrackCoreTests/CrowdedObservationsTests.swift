import TestSupport
import Testing

@testable import TrackCore

/// Many observations on one date: the duplicate check and the per-subject series give what a plain
/// comparison of every pair gives, on every path (a few pairwise, many grouped, one crowded subject hashed).
@Suite("Crowded dates and subjects")
struct CrowdedObservationsTests {
    /// The repeat and conflict warnings by the definition: each observation against the earlier ones
    /// (in file order) of its date and subject, pair by pair. Line of the warning and the line it names.
    private func expectedWarnings(_ observations: [Observation]) -> [(line: Int, repeats: Int?, differsFrom: Int?)] {
        var warnings: [(Int, Int?, Int?)] = []
        for (index, current) in observations.enumerated() {
            let earlier = observations[..<index].filter { $0.date == current.date && $0.subject == current.subject }
            if let same = earlier.first(where: { $0.value == current.value && $0.source == current.source }) {
                warnings.append((current.line, same.line, nil))
            } else if let first = earlier.first, !earlier.contains(where: { $0.value == current.value }) {
                warnings.append((current.line, nil, first.line))
            }
        }
        return warnings
    }

    @Test("warnings match every pair compared, with few or many observations on a date", arguments: [6, 40, 400])
    func warnings(count: Int) throws {
        // Subjects repeat every `count / 3` observations (or, past 100, one subject holds 60 of them);
        // values and sources repeat on their own cycles, so some repeats are exact and some conflict.
        var text = "name: N\nobservations:\n"
        for index in 0..<count {
            let subject = count > 100 && index % 5 == 0 ? "crowd" : "s\(index % max(1, count / 3))"
            text += "  - {date: 2025-01-01, subject: \(subject), value: \(index % 4), source: src\(index % 3)}\n"
        }
        text += "  - {date: 2025-01-02, value: 1, source: s}\n  - {date: 2025-01-02, value: 1, source: s}\n"
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions(), "indicators/c.yaml": text])
        let result = fixture.load()
        let indicator = try #require(result.workspace.indicator("c"))
        #expect(indicator.observations.count == count + 2)
        let expected = expectedWarnings(indicator.observations)
        #expect(expected.count > 2)
        let warnings = result.warnings
        #expect(warnings.map { $0.mark?.line } == expected.map(\.line))
        for (warning, expectation) in zip(warnings, expected) {
            if let line = expectation.repeats {
                #expect(warning.message.hasPrefix("observation repeats the one at line \(line) "))
            } else if let line = expectation.differsFrom {
                #expect(warning.message.contains(" at line \(line) and "))
            }
        }
    }

    @Test("each subject's series holds its observations in date order, built once however the store is copied")
    func subjectSeries() throws {
        var text = "name: N\nobservations:\n"
        for index in 0..<300 {
            text += "  - {date: \(Day(daysSinceEpoch: 300 - index / 3)), subject: m\(index % 7), value: \(index), source: s}\n"
        }
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions(), "indicators/c.yaml": text])
        let workspace = fixture.load().workspace
        let indicator = try #require(workspace.indicator("c"))
        let sorted = indicator.observations.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(
            \.element)
        let copy = workspace.series
        for subject in (0..<7).map({ "m\($0)" }) + ["none"] {
            let expected = sorted.filter { $0.subject == subject }
            #expect(Array(workspace.series.observations(of: "c", subject: subject, through: Day(daysSinceEpoch: 1_000))) == expected)
            #expect(
                Array(copy.observations(of: "c", subject: subject, through: Day(daysSinceEpoch: 250)))
                    == expected.filter { $0.date.daysSinceEpoch <= 250 })
        }
        #expect(workspace.series.hasSubjects("c"))
    }
}
