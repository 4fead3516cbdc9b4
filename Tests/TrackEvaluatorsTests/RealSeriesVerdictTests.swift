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

/// What real series hit: running fronts that settle, targets at a bound, one bad value, thin evidence
/// between a trend and a walk, and summaries that say what the probability shown is.
@Suite("Verdicts on real series")
struct RealSeriesVerdictTests {
    /// A benchmark whose best was 70 before 2025-06-01, then scored 65 and 68: observed, never past 80.
    static let noNewRecord = """
        name: Bench
        unit: points
        better: higher
        observations:
          - {date: 2025-01-01, subject: a, value: 60, source: s}
          - {date: 2025-03-01, subject: b, value: 70, source: s}
          - {date: 2025-08-01, subject: c, value: 65, source: s}
          - {date: 2025-10-01, subject: d, value: 68, source: s}
        """

    @Test("a running best observed in the window without a new record is missed, not untestable", arguments: ["threshold", "trend"])
    func recordSeriesMissed(plugin: String) throws {
        let workspace = try PluginWorkspace(
            evaluate: "\(plugin): {indicator: bench, aggregate: best, target: 80}", indicators: ["bench": Self.noNewRecord],
            made: "2025-06-01", deadline: "2025-12-31")
        let evaluation = try workspace.evaluate(asOf: "2026-06-01")
        #expect(evaluation.status == .missed, "\(evaluation.summary)")
        #expect(evaluation.said.contains("2 values from 2025-06-01, none past it; the record stands at 70"))
        // Nothing observed in the window: untestable.
        let silent = try PluginWorkspace(
            evaluate: "\(plugin): {indicator: bench, aggregate: best, target: 80}", indicators: ["bench": Self.noNewRecord],
            made: "2025-11-01", deadline: "2025-12-31")
        #expect(try silent.evaluate(asOf: "2026-06-01").status == .untestable)
    }

    @Test("leader: a subject without a value in a window others were scored in is missed; a silent window is untestable")
    func leaderMissed() throws {
        let scored = try PluginWorkspace(
            evaluate: "leader: {indicator: score, subject: v4, prior: 0.5}", indicators: ["score": Examples.scores],
            made: "2025-01-01", deadline: "2025-12-31")
        #expect(try scored.evaluate(asOf: "2026-01-01").status == .missed)
        let silent = try PluginWorkspace(
            evaluate: "leader: {indicator: score, subject: v4, prior: 0.5}", indicators: ["score": Examples.scores],
            made: "2025-02-01", deadline: "2025-12-31")
        #expect(try silent.evaluate(asOf: "2026-01-01").status == .untestable)
        // Behind on a value from before the window, and nothing since: nothing decides.
        let behind = try PluginWorkspace(
            evaluate: "leader: {indicator: score, subject: r1}", indicators: ["score": Examples.scores],
            made: "2025-02-01", deadline: "2025-12-31")
        #expect(try behind.evaluate(asOf: "2026-01-01").status == .untestable)
    }

    @Test("capability-price: missed when prices or scores came in the window, untestable when none did")
    func capabilityPriceSettles() throws {
        let evaluate = "capability-price: {price: price, score: score, level: 60, target: {factor: 0.01}}"
        let indicators = ["price": Examples.modelPrices, "score": Examples.modelScores]
        let watched = try PluginWorkspace(evaluate: evaluate, indicators: indicators, made: "2025-01-01", deadline: "2025-12-31")
        #expect(try watched.evaluate(asOf: "2026-01-01").status == .missed)
        let silent = try PluginWorkspace(evaluate: evaluate, indicators: indicators, made: "2025-07-01", deadline: "2025-12-31")
        #expect(try silent.evaluate(asOf: "2026-01-01").status == .untestable)
    }

    /// A percent score hovering at 98.9-99.3, one subject, to one decimal.
    static let hovering = """
        name: Score
        unit: percent
        better: higher
        observations:
        \((0..<12).map { "  - {date: 2025-\(String(format: "%02d", $0 + 1))-01, value: \([98.9, 99.2, 99.0, 99.3, 99.1, 98.9, 99.2, 99.3, 99.0, 99.1, 99.2, 99.3][$0]), source: s}" }.joined(separator: "\n"))
        """

    /// A running best at 99.3, one record a quarter.
    static let frontierNearBound = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-01-01, subject: a, value: 97.0, source: s}
          - {date: 2024-04-01, subject: b, value: 98.1, source: s}
          - {date: 2024-07-01, subject: c, value: 98.8, source: s}
          - {date: 2024-10-01, subject: d, value: 99.1, source: s}
          - {date: 2025-01-01, subject: e, value: 99.3, source: s}
        """

    @Test(
        "reaching the bound is harder than approaching it: P(100) < P(99.9) < P(99.5)",
        arguments: [("trend", hovering), ("threshold", hovering), ("trend", frontierNearBound)])
    func bound(plugin: String, indicator: String) throws {
        let chances = try [99.5, 99.9, 100].map { target in
            let workspace = try PluginWorkspace(
                evaluate: "\(plugin): {indicator: score, target: \(target)}", indicators: ["score": indicator], made: "2025-12-01",
                deadline: "2026-12-31")
            return try #require(try workspace.evaluate(asOf: "2025-12-01").assessment?.probability)
        }
        #expect(chances[0] > chances[1] && chances[1] > chances[2], "\(chances)")
    }

    @Test("a declared resolution sets how near the bound counts as reaching it")
    func declaredResolution() throws {
        let chance = { (indicator: String) in
            let workspace = try PluginWorkspace(
                evaluate: "trend: {indicator: score, target: 100}", indicators: ["score": indicator], made: "2025-12-01",
                deadline: "2026-12-31")
            return try #require(try workspace.evaluate(asOf: "2025-12-01").assessment?.probability)
        }
        let coarse = Self.hovering.replacingOccurrences(of: "better: higher", with: "better: higher\nresolution: 1")
        // Whole points: 99.5 rounds to 100, so reaching 100 is reaching 99.5.
        #expect(try chance(coarse) > chance(Self.hovering))
    }

    @Test("a target outside the indicator's range is an error at the target")
    func targetOutsideRange() throws {
        let workspace = try PluginWorkspace(
            evaluate: "threshold: {indicator: score, target: 101}", indicators: ["score": Self.hovering], deadline: "2026-12-31")
        let messages = workspace.engine().diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("target 101 is outside score's range [0, 100]") }, "\(messages)")
    }

    /// Twelve monthly values between 10 and 14, the seventh replaced by `odd` (nil: left as it is).
    static func prices(odd: Double?) -> String {
        var values = [10.0, 11, 12.5, 11.8, 13, 12.1, 12.7, 13.5, 12.8, 14, 13.1, 12.6]
        if let odd { values[6] = odd }
        return "name: Price\nunit: usd\nbetter: higher\nobservations:\n"
            + values.enumerated().map { "  - {date: 2025-\(String(format: "%02d", $0.offset + 1))-01, value: \($0.element), source: s}" }
            .joined(separator: "\n") + "\n"
    }

    @Test(
        "one outlier among twelve values moves no probability by more than 0.15",
        arguments: [("trend", 20.0, 1000.0), ("threshold", 20, 1000), ("trend", 50, 1000), ("trend", 20, 0.01), ("threshold", 20, 0.01)])
    func outlier(plugin: String, target: Double, odd: Double) throws {
        let chance = { (indicator: String) in
            let workspace = try PluginWorkspace(
                evaluate: "\(plugin): {indicator: price, target: \(target)}", indicators: ["price": indicator], made: "2025-12-01",
                deadline: "2026-12-31")
            return try #require(try workspace.evaluateWarned(asOf: "2025-12-01").probability)
        }
        let clean = try chance(Self.prices(odd: nil))
        #expect(
            try PluginWorkspace(
                evaluate: "trend: {indicator: price, target: 20}", indicators: ["price": Self.prices(odd: nil)], deadline: "2026-12-31"
            ).engine().diagnostics.isEmpty)
        let spoiled = try chance(Self.prices(odd: odd))
        #expect(abs(clean - spoiled) <= 0.15, "\(clean) clean, \(spoiled) with \(odd)")
    }

    @Test("the outlier set aside is named in the evidence")
    func outlierNamed() throws {
        let workspace = try PluginWorkspace(
            evaluate: "trend: {indicator: price, target: 20}", indicators: ["price": Self.prices(odd: 1000)], made: "2025-12-01",
            deadline: "2026-12-31")
        let evidence = try workspace.evaluateWarned(asOf: "2025-12-01").evidence
        #expect(evidence.contains { $0.label == "set aside as outliers" && $0.value.hasPrefix("1000 on 2025-07-01") })
    }

    @Test("with few steps neither model is called certain: the minority keeps a floor that falls with the steps")
    func doubtKept() throws {
        // Evidence all for one model: the other still gets the floor, 0.5 at two increments down to 5% at 29.
        #expect(SeriesForecast.doubtingWeights([0.001, 0.999], increments: 2) == [0.5, 0.5])
        let ten = SeriesForecast.doubtingWeights([0.001, 0.999], increments: 10)
        #expect(abs(ten[0] - 0.5 * 3 / 11) < 1e-12 && abs(ten[0] + ten[1] - 1) < 1e-12)
        #expect(abs(SeriesForecast.doubtingWeights([0.999, 0.001], increments: 29)[1] - 0.05) < 1e-12)
        // Evidence between the floors is kept as it is.
        #expect(SeriesForecast.doubtingWeights([0.3, 0.7], increments: 10) == [0.3, 0.7])
        // On a series, explain shows what the data said beside the weights used.
        let workspace = try PluginWorkspace(
            evaluate: "trend: {indicator: price, target: 20}", indicators: ["price": Self.prices(odd: nil)], made: "2025-12-01",
            deadline: "2026-12-31")
        let evidence = try workspace.evaluate(asOf: "2025-12-01").evidence
        #expect(evidence.contains { $0.label == "what the data said" && $0.value.contains("by their evidence from 11 steps") })
    }

    /// Twelve monthly values rising steadily from 10 to 21.
    static let steady =
        "name: Price\nunit: usd\nbetter: higher\nobservations:\n"
        + (0..<12).map { "  - {date: 2025-\(String(format: "%02d", $0 + 1))-01, value: \(10 + $0), source: s}" }.joined(separator: "\n")
        + "\n"

    @Test("a probability kept within the bounds says > 0.99 or < 0.01, never a rounded 1 or 0")
    func clampedText() throws {
        let sure = try PluginWorkspace(
            evaluate: "threshold: {indicator: price, target: 22}", indicators: ["price": Self.steady], made: "2025-12-01",
            deadline: "2027-12-31")
        let high = try sure.evaluate(asOf: "2025-12-01")
        #expect(high.probability == 0.99)
        #expect(high.said.hasSuffix(") > 0.99"), "\(high.said)")
        #expect(high.summary.hasSuffix("; ≥99%"), "\(high.summary)")
        let hopeless = try PluginWorkspace(
            evaluate: "threshold: {indicator: price, target: 1000}", indicators: ["price": Self.steady], made: "2025-12-01",
            deadline: "2026-01-31")
        let low = try hopeless.evaluate(asOf: "2025-12-01")
        #expect(low.probability == 0.01)
        #expect(low.said.hasSuffix(") < 0.01"), "\(low.said)")
        #expect(low.summary.hasSuffix("; ≤1%"), "\(low.summary)")
    }

    @Test("a milestone reached before the forecast was made is already true when made: the summary says so and validate warns")
    func alreadyTrueWhenMade() throws {
        let workspace = try PluginWorkspace(
            evaluate: "milestone: {indicator: release, subject: v5, reaches: announced}", indicators: ["release": Examples.release],
            made: "2025-12-01", deadline: "2026-12-31")
        let evaluation = try workspace.evaluateWarned(asOf: "2026-01-01")
        #expect(evaluation.assessment?.verdict == .happened)
        #expect(evaluation.summary.hasPrefix("already true when made: "), "\(evaluation.summary)")
        let warnings = workspace.engine().diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains { $0.contains("was already true when made (2025-12-01): release / v5 reached") }, "\(warnings)")
        // Made before it: the event, and no warning.
        let early = try PluginWorkspace(
            evaluate: "milestone: {indicator: release, subject: v5, reaches: announced}", indicators: ["release": Examples.release],
            made: "2025-01-01", deadline: "2026-12-31")
        #expect(try !early.evaluate(asOf: "2026-01-01").summary.contains("already true"))
        #expect(early.engine().diagnostics.isEmpty)
    }
}

extension PluginWorkspace {
    /// The forecast's evaluation as of `day`, whatever warnings the workspace draws (errors still throw).
    func evaluateWarned(asOf day: String) throws -> Evaluation {
        let (engine, diagnostics) = engine()
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let asOf = Day(day) else { throw DiagnosticsError(errors) }
        return engine.evaluate(engine.workspace.predictions[0], asOf: asOf)
    }
}

@Suite("The 80% interval of a running best")
struct RecordIntervalTests {
    /// Records a year apart from 2020 to 2024, then nothing: a new record within a quarter is unlikely.
    static let slowRecords = """
        name: Bench
        unit: percent
        better: higher
        observations:
          - {date: 2020-01-01, subject: a, value: 50, source: s}
          - {date: 2021-01-01, subject: b, value: 55, source: s}
          - {date: 2022-01-01, subject: c, value: 60, source: s}
          - {date: 2023-01-01, subject: d, value: 64, source: s}
          - {date: 2024-01-01, subject: e, value: 67, source: s}
        """

    @Test("when 'no new record' alone holds the lower tenth, the interval starts at the record; when it holds 80%, it is the record")
    func atomAtTheFrontier() throws {
        // Five records in four years, watched until 2024-01-01: about 1.1 a year, so no record in the next two
        // months has a chance near exp(-1.13 / 6) = 0.83: at least 0.8, below 0.9 (where the central 10-90% interval
        // would still reach above the record); none in the next year and a half, about 0.2.
        let soon = try PluginWorkspace(
            evaluate: "trend: {indicator: bench, aggregate: best, target: 90}", indicators: ["bench": Self.slowRecords], made: "2024-01-01",
            deadline: "2024-03-01")
        let short = try #require(try soon.evaluate(asOf: "2024-01-01").assessment?.projection)
        #expect(short.low == 67 && short.high == 67, "\(short)")
        let later = try PluginWorkspace(
            evaluate: "trend: {indicator: bench, aggregate: best, target: 90}", indicators: ["bench": Self.slowRecords], made: "2024-01-01",
            deadline: "2025-06-01")
        let long = try #require(try later.evaluate(asOf: "2024-01-01").assessment?.projection)
        #expect(long.low == 67 && long.high > 67, "\(long)")
    }
}
