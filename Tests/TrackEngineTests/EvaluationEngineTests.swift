import TestSupport
import Testing

@testable import TrackCore
@testable import TrackEngine
@testable import TrackEvaluators

/// Test plugins: the core knows no particular plugin, so its tests bring their own.
private struct LatestAbove: Evaluator {
    static let identifier = "latest-above"
    static let description = EvaluatorDescription(summary: "The latest value is above a bound.", parameters: [], examples: [])
    let indicator: IndicatorDefinition
    let bound: Double

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["indicator", "above"])
        let indicator = fields.required("indicator") { try parameters.numericIndicator($0) }
        let bound = fields.required("above") { try $0.double() }
        try fields.finishOrThrow()
        self.indicator = try fields.unwrap(indicator)
        self.bound = try fields.unwrap(bound)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        guard let latest = context.observations(of: indicator).last?.value.number else { return .untestable("no data") }
        if latest > bound { return .happened("latest \(latest)") }
        return context.isPastDeadline ? .failed("latest \(latest)") : .pending(latest / bound, "latest \(latest)")
    }
}

/// Tries every way a plugin has to data, and reports the newest day it could see. The other routes are
/// closed by type: an indicator definition has no observations, the forecast no resolution, and no
/// plugin can build a context or a data view of its own (their initializers are the engine's).
private struct Peeking: Evaluator {
    static let identifier = "peeking"
    static let description = EvaluatorDescription(summary: "Looks for later data.", parameters: [], examples: [])
    let indicator: IndicatorDefinition
    let definition: IndicatorDefinition?

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["indicator"])
        let indicator = fields.required("indicator") { try parameters.numericIndicator($0) }
        try fields.finishOrThrow()
        self.indicator = try fields.unwrap(indicator)
        definition = parameters.indicator(named: "score")
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        var seen = Array(context.observations(of: indicator)) + Array(context.data.observations(of: indicator, subject: nil))
        if let definition { seen += context.observations(of: definition) + context.data.observations(of: definition, subject: nil) }
        for subject in ["a", "b"] { seen += context.observations(of: indicator, subject: subject) }
        let newest = seen.map(\.date).max()
        return .pending(0.5, newest.map { "newest \($0)" } ?? "nothing")
    }
}

/// Never settles: the engine must settle it after the deadline.
private struct Undecided: Evaluator {
    static let identifier = "undecided"
    static let description = EvaluatorDescription(summary: "Always pending.", parameters: [], examples: [])
    let probability: Double
    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["p"])
        probability = fields.optional("p") { try $0.double() } ?? 0.5
        try fields.finishOrThrow()
    }
    func assess(_ context: EvaluationContext) throws -> Assessment { .pending(probability, "undecided") }
}

private struct Broken: Evaluator {
    static let identifier = "broken"
    static let description = EvaluatorDescription(summary: "Always fails.", parameters: [], examples: [])
    struct Failure: Error, CustomStringConvertible { var description: String { "it broke" } }
    init(parameters: EvaluatorParameters) throws {}
    func assess(_ context: EvaluationContext) throws -> Assessment { throw Failure() }
}

@Suite("Evaluation engine")
struct EvaluationEngineTests {
    private static let registry = EvaluatorRegistry([LatestAbove.self, Broken.self, Peeking.self, Undecided.self])

    private func engine(_ predictions: String, thresholds: String = "") throws -> (EvaluationEngine, TemporaryWorkspace) {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(predictions),
            "indicators/score.yaml": """
            name: Score
            observations:
              - {date: 2025-01-01, value: 40, source: s}
              - {date: 2025-06-01, value: 70, source: s}
              - {date: 2026-03-01, value: 95, source: s}

            """,
            "track.yaml": thresholds,
        ])
        let result = fixture.load()
        try #require(result.errors.isEmpty, "\(result.errors)")
        return (EvaluationEngine(workspace: result.workspace, registry: Self.registry), fixture)
    }

    private static func forecast(_ id: String, deadline: String = "2025-12-31", evaluate: String, extra: String = "") -> String {
        """
          - id: \(id)
            statement: S.
            source: article
            made: 2024-12-01
            deadline: \(deadline)
            criteria: C.
            evaluate: \(evaluate)\(extra)

        """
    }

    private func status(_ engine: EvaluationEngine, _ id: String, asOf: String) throws -> Evaluation {
        engine.evaluate(try #require(engine.workspace.prediction(id)), asOf: try #require(Day(asOf)))
    }

    @Test("plugins see only observations dated on or before the as-of day")
    func asOfFiltering() throws {
        let (engine, _) = try engine(Self.forecast("f", evaluate: "{latest-above: {indicator: score, above: 80}}"))
        #expect(try status(engine, "f", asOf: "2025-03-01").probability == 0.5)
        #expect(try status(engine, "f", asOf: "2025-07-01").probability == 70.0 / 80)
        #expect(try status(engine, "f", asOf: "2024-12-15").status == .untestable)
    }

    @Test("after the deadline a forecast is met or missed, and data dated after the deadline do not count")
    func deadlinePassing() throws {
        let (engine, _) = try engine(
            Self.forecast("late", evaluate: "{latest-above: {indicator: score, above: 80}}")
                + Self.forecast("early", deadline: "2026-06-30", evaluate: "{latest-above: {indicator: score, above: 80}}"))
        let late = try status(engine, "late", asOf: "2026-06-01")
        #expect(late.status == .missed)
        #expect(late.probability == 0)
        #expect(try status(engine, "early", asOf: "2026-03-15").status == .ahead)
        #expect(try status(engine, "early", asOf: "2026-07-15").status == .met)
    }

    @Test("a failing plugin is an error for its forecast alone")
    func errorIsolation() throws {
        let (engine, _) = try engine(
            Self.forecast("bad", evaluate: "{broken: {}}")
                + Self.forecast("good", evaluate: "{latest-above: {indicator: score, above: 50}}"))
        let all = engine.evaluateAll(asOf: try #require(Day("2025-07-01")))
        #expect(all.map(\.status) == [.error, .ahead])
        #expect(all[0].summary == "broken failed: it broke")
    }

    @Test("a recorded resolution decides the status once its day has come")
    func resolution() throws {
        let (engine, _) = try engine(
            Self.forecast(
                "resolved", evaluate: "{latest-above: {indicator: score, above: 99}}",
                extra: "\n    resolution: {outcome: yes, date: 2025-09-01, source: https://example.com}"))
        #expect(try status(engine, "resolved", asOf: "2025-10-01").status == .met)
        #expect(try status(engine, "resolved", asOf: "2025-10-01").probability == 1)
        #expect(try status(engine, "resolved", asOf: "2025-08-01").status == .onTrack)  // 70 / 99 before the resolution
    }

    @Test("pending probabilities map to statuses by thresholds that track.yaml can change")
    func thresholds() throws {
        let forecast = Self.forecast("f", evaluate: "{latest-above: {indicator: score, above: 100}}")
        let (defaults, _) = try engine(forecast)
        #expect(try status(defaults, "f", asOf: "2025-07-01").status == .onTrack)  // 0.7
        #expect(try status(defaults, "f", asOf: "2025-03-01").status == .atRisk)  // 0.4
        let (strict, _) = try engine(forecast, thresholds: "status-thresholds: {on-track: 0.8, at-risk: 0.5}\n")
        #expect(try status(strict, "f", asOf: "2025-07-01").status == .atRisk)
        #expect(try status(strict, "f", asOf: "2025-03-01").status == .behind)
    }

    @Test("configuration errors name the place and suggest the plugin")
    func configurationErrors() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(
                Self.forecast("a", evaluate: "{latest-abov: {indicator: score, above: 1}}")
                    + Self.forecast("b", evaluate: "{latest-above: {indicator: scor, abve: 1}}")
                    + Self.forecast("c", evaluate: "[latest-above]")),
            "indicators/score.yaml": "name: Score\nobservations: []\n",
        ])
        let engine = EvaluationEngine(workspace: fixture.load().workspace, registry: Self.registry)
        #expect(
            engine.diagnostics.rendered == [
                "predictions.yaml:11:16: error: 'latest-abov' is not a known plugin: latest-above, broken, peeking, undecided; did you mean 'latest-above'? (track plugins lists them)",
                "predictions.yaml:18:30: error: 'latest-above' parameters is missing the required field 'above'",
                "predictions.yaml:18:42: error: 'indicator': 'scor' is not a known indicator: score; did you mean 'score'? (add indicators/scor.yaml or fix the name)",
                "predictions.yaml:18:48: error: unknown field 'abve' in 'latest-above' parameters; did you mean 'above'?",
                "predictions.yaml:25:15: error: 'evaluate' takes a mapping with one key, the plugin (for example 'threshold: {indicator: ..., target: ...}'), found a list",
            ])
        let evaluation = engine.evaluate(try #require(engine.workspace.prediction("a")), asOf: Day(daysSinceEpoch: 20_000))
        #expect(evaluation.status == .error)
    }

    @Test(
        "no way a plugin has to data shows an observation dated after the as-of day",
        arguments: [
            ("2025-03-01", "newest 2025-01-01"), ("2025-06-01", "newest 2025-06-01"), ("2026-12-01", "newest 2026-03-01"),
        ])
    func noLaterData(asOf: String, expected: String) throws {
        let (engine, _) = try engine(Self.forecast("f", deadline: "2027-12-31", evaluate: "{peeking: {indicator: score}}"))
        #expect(try status(engine, "f", asOf: asOf).assessment?.summary == expected)
    }

    @Test("after the deadline a plugin sees data up to the deadline only")
    func dataCutAtDeadline() throws {
        let (engine, _) = try engine(Self.forecast("f", deadline: "2025-12-31", evaluate: "{peeking: {indicator: score}}"))
        // The engine settles the plugin's pending answer, so read the summary of the assessment it kept.
        let evaluation = try status(engine, "f", asOf: "2026-06-01")
        #expect(evaluation.reasoning?.hasSuffix("newest 2025-06-01") == true, "\(evaluation.reasoning ?? "")")
    }

    @Test("the deadline day still counts: missed only the day after")
    func deadlineDayCounts() throws {
        let (engine, _) = try engine(Self.forecast("f", deadline: "2026-03-01", evaluate: "{latest-above: {indicator: score, above: 99}}"))
        #expect(try status(engine, "f", asOf: "2026-03-01").status == .onTrack)  // 95 / 99, still open on its last day
        #expect(try status(engine, "f", asOf: "2026-03-02").status == .missed)
    }

    @Test("nothing stays pending after its deadline")
    func settledAfterDeadline() throws {
        let (engine, _) = try engine(Self.forecast("f", deadline: "2025-12-31", evaluate: "{undecided: {}}"))
        #expect(try status(engine, "f", asOf: "2025-12-31").status == .atRisk)
        let after = try status(engine, "f", asOf: "2026-01-01")
        #expect(after.status == .untestable)
        #expect(after.probability == nil)
        #expect(after.summary.contains("not settled at the deadline"))
    }

    @Test(
        "a pending probability stays within the bounds track.yaml sets",
        arguments: [
            ("", 0.000_1, 0.01), ("", 0.999_9, 0.99), ("", 0.5, 0.5),
            ("probability-bounds: [0.05, 0.9]\n", 0.000_1, 0.05), ("probability-bounds: [0.05, 0.9]\n", 0.95, 0.9),
        ])
    func probabilityBounds(settings: String, raw: Double, expected: Double) throws {
        let (engine, _) = try engine(Self.forecast("f", evaluate: "{undecided: {p: \(raw)}}"), thresholds: settings)
        #expect(try status(engine, "f", asOf: "2025-06-01").probability == expected)
    }

    @Test(
        "an evaluation says how old its newest data are, and whether they are stale",
        arguments: [
            ("2026-04-01", "2026-03-01", false), ("2026-12-01", "2026-03-01", true), ("2025-05-01", "2025-01-01", false),
        ])
    func freshness(asOf: String, dataAsOf: String, stale: Bool) throws {
        // Staleness after 180 days: the workspace default.
        let (engine, _) = try engine(Self.forecast("f", deadline: "2027-12-31", evaluate: "{latest-above: {indicator: score, above: 200}}"))
        let evaluation = try status(engine, "f", asOf: asOf)
        #expect(evaluation.dataAsOf == Day(dataAsOf))
        #expect(evaluation.stale == stale)
        #expect(evaluation.staleIndicators == (stale ? ["score"] : []))
    }
}

@Suite("What a plugin is given")
struct PluginBoundaryTests {
    /// The types of the values `value` stores (one level: reflection must not walk into locks and other
    /// values that cannot be copied).
    private func storedTypes(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.map { String(describing: type(of: $0.value)) }
    }

    @Test("the forecast a plugin sees carries no resolution, and an indicator definition no observation")
    func noResolutionNoObservations() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(
                """
                      - id: done
                        statement: S.
                        source: article
                        made: 2025-01-01
                        deadline: 2025-12-31
                        criteria: C.
                        resolution: {outcome: yes, date: 2025-06-01, source: https://example.com}
                """),
            "indicators/price.yaml": SampleFiles.priceIndicator,
        ])
        let loaded = workspace.load()
        let prediction = try #require(loaded.workspace.prediction("done"))
        #expect(prediction.resolution != nil)
        let context = EvaluationContext(store: loaded.workspace.series, prediction: prediction, asOf: try #require(Day("2025-03-01")))
        #expect(!storedTypes(context.forecast).contains { $0.contains("Resolution") })
        #expect(storedTypes(prediction).contains { $0.contains("Resolution") })  // the check can see one
        let definition = try #require(loaded.workspace.indicator("price")).definition
        #expect(!storedTypes(definition).contains { $0.contains("Observation") })
        #expect(storedTypes(try #require(loaded.workspace.indicator("price"))).contains { $0.contains("Observation") })
    }
}
