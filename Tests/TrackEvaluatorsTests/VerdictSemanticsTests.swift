import Foundation
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

/// What a verdict means, plugin by plugin: each rule of DESIGN.md's "What a verdict means" that
/// the numeric and event plugins carry, on small series whose answer is known.
@Suite("Verdict semantics")
struct VerdictSemanticsTests {
    /// A score that passed 80 in March and fell back below it.
    static let passedAndFellBack = """
        name: Score
        unit: points
        better: higher
        observations:
          - {date: 2025-01-01, value: 70, source: s}
          - {date: 2025-02-01, value: 75, source: s}
          - {date: 2025-03-01, value: 82, source: s}
          - {date: 2025-04-01, value: 77, source: s}
          - {date: 2025-05-01, value: 76, source: s}
        """

    @Test(
        "`when: by` comes true on any pass in the window; `when: at` asks for the value on the deadline", arguments: ["threshold", "trend"])
    func byAndAt(plugin: String) throws {
        let by = try PluginWorkspace(
            evaluate: "\(plugin): {indicator: score, target: 80}", indicators: ["score": Self.passedAndFellBack], deadline: "2025-06-30")
        #expect(try by.evaluate(asOf: "2025-05-15").status == .ahead)
        #expect(try by.evaluate(asOf: "2025-07-01").status == .met)
        let at = try PluginWorkspace(
            evaluate: "\(plugin): {indicator: score, target: 80, when: at}", indicators: ["score": Self.passedAndFellBack],
            deadline: "2025-06-30")
        let open = try at.evaluate(asOf: "2025-05-15")
        #expect([.onTrack, .atRisk, .behind].contains(open.status))
        #expect(try at.evaluate(asOf: "2025-07-01").status == .missed)
    }

    @Test("observations from before the forecast was made are history, never the event", arguments: ["threshold", "trend"])
    func beforeMade(plugin: String) throws {
        let workspace = try PluginWorkspace(
            evaluate: "\(plugin): {indicator: score, target: 80}", indicators: ["score": Self.passedAndFellBack],
            made: "2025-03-15", deadline: "2025-12-31")
        let evaluation = try workspace.evaluate(asOf: "2025-05-15")
        #expect(evaluation.status != .ahead)
        let probability = try #require(evaluation.probability)
        #expect(probability > 0.01 && probability < 0.99)
        // Nothing from the window past the target by the deadline: missed.
        #expect(try workspace.evaluate(asOf: "2026-01-01").status == .missed)
    }

    @Test("no observation in the window at the deadline is untestable, never missed")
    func noDataAtDeadline() throws {
        let workspace = try PluginWorkspace(
            evaluate: "threshold: {indicator: score, target: 90}", indicators: ["score": Self.passedAndFellBack],
            made: "2025-06-01", deadline: "2025-12-31")
        let evaluation = try workspace.evaluate(asOf: "2026-01-05")
        #expect(evaluation.status == .untestable)
        #expect(evaluation.summary.contains("no value of score from"), "\(evaluation.summary)")
    }

    /// A benchmark score in percent climbing towards 100.
    static let climbing = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-01-01, value: 60, source: s}
          - {date: 2024-04-01, value: 72, source: s}
          - {date: 2024-07-01, value: 81, source: s}
          - {date: 2024-10-01, value: 88, source: s}
          - {date: 2025-01-01, value: 92, source: s}
          - {date: 2025-04-01, value: 95, source: s}
        """

    /// A price falling tenfold a year.
    static let falling = """
        name: Price
        unit: usd
        better: lower
        observations:
          - {date: 2024-01-01, value: 10, source: s}
          - {date: 2024-04-01, value: 5.5, source: s}
          - {date: 2024-07-01, value: 3.2, source: s}
          - {date: 2024-10-01, value: 1.8, source: s}
          - {date: 2025-01-01, value: 1.0, source: s}
        """

    @Test("a percent score is never projected past 100, a price never below 0")
    func boundedProjections() throws {
        let score = try PluginWorkspace(
            evaluate: "trend: {indicator: score, target: 99.9}", indicators: ["score": Self.climbing], made: "2024-01-01",
            deadline: "2027-12-31")
        let projection = try #require(try score.evaluate(asOf: "2025-04-01").assessment?.projection)
        #expect(projection.high <= 100 && projection.value <= 100)
        let price = try PluginWorkspace(
            evaluate: "trend: {indicator: price, target: 0.001}", indicators: ["price": Self.falling], made: "2024-01-01",
            deadline: "2028-12-31")
        let fall = try #require(try price.evaluate(asOf: "2025-01-01").assessment?.projection)
        #expect(fall.low > 0 && fall.value > 0)
    }

    @Test("the chance rises as the target comes closer to the latest value", arguments: ["threshold", "trend"])
    func distanceMatters(plugin: String) throws {
        let chances = try [1.5, 3.0, 6.0].map { target in
            let workspace = try PluginWorkspace(
                evaluate: "\(plugin): {indicator: price, target: \(1 / target)}", indicators: ["price": Self.falling],
                made: "2025-01-01", deadline: "2025-07-01")
            return try #require(try workspace.evaluate(asOf: "2025-01-01").probability)
        }
        #expect(chances[0] > chances[1] && chances[1] > chances[2])
    }

    /// One model's score repeated on several days, then a new record.
    static let frontier = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-01-01, subject: a, value: 50, source: s}
          - {date: 2024-03-01, subject: b, value: 58, source: s}
          - {date: 2024-05-01, subject: b, value: 58, source: s}
          - {date: 2024-07-01, subject: c, value: 55, source: s}
          - {date: 2024-09-01, subject: b, value: 58, source: s}
          - {date: 2024-11-01, subject: d, value: 66, source: s}
          - {date: 2025-01-01, subject: e, value: 60, source: s}
        """

    @Test("a running best is a record series: repeats add no point, and a standing frontier may still move")
    func recordSeries() throws {
        let workspace = try PluginWorkspace(
            evaluate: "trend: {indicator: score, target: 75}", indicators: ["score": Self.frontier], made: "2025-01-01",
            deadline: "2026-01-01")
        let evaluation = try workspace.evaluate(asOf: "2025-06-01")
        let probability = try #require(evaluation.probability)
        #expect(probability > 0.05 && probability < 0.95)
        #expect(evaluation.evidence.contains { $0.label == "records" && $0.value.hasPrefix("3 since 2024-01-01") })
        let projection = try #require(evaluation.assessment?.projection)
        #expect(projection.high > projection.low)
        #expect(projection.low >= 66)  // a frontier never goes back
    }

    @Test("the same inputs give the same probability")
    func deterministic() throws {
        let workspace = try PluginWorkspace(
            evaluate: "trend: {indicator: price, target: 0.2}", indicators: ["price": Self.falling], made: "2025-01-01",
            deadline: "2026-01-01")
        let first = try workspace.evaluate(asOf: "2025-02-01").probability
        #expect(first != nil)
        #expect(try workspace.evaluate(asOf: "2025-02-01").probability == first)
    }

    @Test(
        "a prior spread by a hazard: constant, rising or falling (Weibull k = 1, 2, 1/2)",
        arguments: [
            ("constant", 1.0), ("rising", 2.0), ("falling", 0.5),
        ])
    func hazardShapes(shape: String, k: Double) throws {
        // Window 2025-01-01...2025-12-31 (365 days, both ends counted); as of 2025-07-02, 182 days have passed.
        let workspace = try PluginWorkspace(
            evaluate: "milestone: {indicator: release, subject: v4, reaches: released, prior: 0.5, hazard: \(shape)}",
            indicators: ["release": Examples.release], made: "2025-01-01", deadline: "2025-12-31")
        let probability = try #require(try workspace.evaluate(asOf: "2025-07-02").probability)
        let expected = 1 - exp(-log(2) * (1 - pow(182.0 / 365, k)))
        #expect(abs(probability - expected) < 1e-9)
    }

    @Test("leader's prior decays over the window: small the day before the deadline, untestable after it without data")
    func leaderDecays() throws {
        let workspace = try PluginWorkspace(
            evaluate: "leader: {indicator: score, subject: v4, prior: 0.7}", indicators: ["score": Examples.scores],
            made: "2025-02-01", deadline: "2025-12-31")
        let early = try #require(try workspace.evaluate(asOf: "2025-02-01").probability)
        let late = try #require(try workspace.evaluate(asOf: "2025-12-30").probability)
        #expect(abs(early - 0.7) < 1e-9)
        #expect(late == 0.01)  // the floor of the probability bounds
        #expect(try workspace.evaluate(asOf: "2026-01-01").status == .untestable)
    }
}
