import TestSupport
import Testing

@testable import TrackCore
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

/// The line a reader sees first: short, in plain words, ending with the chance or the verdict; the
/// model's reasoning kept for `track explain`.
@Suite("Plain-language summaries")
struct PlainSummaryTests {
    /// Words of the statistical reasoning that belong in `explain`, never in the one-line summary.
    static let reasoningWords = ["Poisson", "random walk", "lognormal", "prior", "P(", "P =", "standard deviation", "projects", "median"]

    /// What is wrong with an evaluation's summary, or nil. The ending is worked out here from the
    /// probability and the verdict, not read from the code under test: a pending chance as a whole
    /// percentage, "≤1%" / "≥99%" at the workspace's default bounds (0.01...0.99); "came true" when it happened,
    /// "missed" when it failed; a resolution says "resolved"; an untestable one says why in words.
    static func problem(with evaluation: Evaluation) -> String? {
        let summary = evaluation.summary
        if summary.count > 110 { return "\(summary.count) characters, over the hard limit of 110: \(summary)" }
        if let word = reasoningWords.first(where: { summary.contains($0) }) { return "'\(word)' in the summary: \(summary)" }
        guard let assessment = evaluation.assessment else {
            return summary.hasPrefix("resolved ") || evaluation.status == .error || evaluation.status == .untestable
                ? nil : "no assessment and no resolution: \(summary)"
        }
        let ending: String
        switch assessment.verdict {
        case .pending:
            let p = try! #require(evaluation.probability)
            ending = p <= 0.01 ? "≤1%" : p >= 0.99 ? "≥99%" : "\(Int((p * 100).rounded()))%"
        case .happened: ending = "came true"
        case .failed: ending = "missed"
        case .untestable: return summary.isEmpty ? "an empty summary" : nil
        }
        return summary.hasSuffix("; " + ending) ? nil : "does not end with '; \(ending)': \(summary)"
    }

    @Test(
        "every evaluation of the shipped workspace has a plain summary of at most 110 characters ending with its chance or verdict",
        arguments: ["2026-06-15", "2026-12-07", "2027-03-01", "2027-10-01", "2030-01-01"])
    func shippedWorkspace(day: String) throws {
        // Loaded in place: loading and evaluating write nothing.
        let result = WorkspaceLoader.load(root: TrackProcess.repositoryRoot)
        try #require(result.errors.isEmpty, "\(result.errors)")
        let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
        let evaluations = engine.evaluateAll(asOf: try #require(Day(day)))
        #expect(evaluations.count == result.workspace.predictions.count)
        for evaluation in evaluations {
            #expect(Self.problem(with: evaluation) == nil, "\(evaluation.predictionID)")
            // Evaluators aim at 100 characters; none of the shipped forecasts needs its summary cut.
            #expect(!evaluation.summary.contains("…"), "\(evaluation.predictionID): \(evaluation.summary)")
        }
    }

    @Test("the chance at the end of a line and the cut that keeps it")
    func lineEnding() {
        let bounds = 0.01...0.99
        #expect(PlainSummary.line("x now; needs y", verdict: .pending, probability: 0.594, bounds: bounds) == "x now; needs y; 59%")
        #expect(PlainSummary.line("x", verdict: .pending, probability: 0.01, bounds: bounds) == "x; ≤1%")
        #expect(PlainSummary.line("x", verdict: .pending, probability: 0.99, bounds: bounds) == "x; ≥99%")
        #expect(PlainSummary.line("x", verdict: .happened, probability: 1, bounds: bounds) == "x; came true")
        #expect(PlainSummary.line("x", verdict: .failed, probability: 0, bounds: bounds) == "x; missed")
        #expect(PlainSummary.line("no data yet", verdict: .untestable, probability: nil, bounds: bounds) == "no data yet")
        // 30 words of 5 characters (179 characters): cut at a word, the chance kept.
        let long = Array(repeating: "words", count: 30).joined(separator: " ")
        let line = PlainSummary.line(long, verdict: .pending, probability: 0.42, bounds: bounds)
        #expect(line.count <= PlainSummary.limit)
        #expect(line.hasSuffix("words…; 42%"))
    }

    @Test("values are written with their units for readers")
    func units() {
        func indicator(_ unit: String?) -> IndicatorDefinition {
            IndicatorDefinition(
                id: "x", name: "x", unit: unit, kind: .numeric, better: nil, states: [], description: nil, range: nil, staleAfterDays: nil,
                file: "x.yaml")
        }
        #expect(indicator("usd_per_mtok").shown(0.14) == "$0.14/M")
        #expect(indicator("usd").shown(7e9) == "$7B")
        #expect(indicator("usd").shown(3.5e6) == "$3.5M")
        #expect(indicator("percent").shown(42) == "42%")
        #expect(indicator("flop").shown(1.2e26) == "1.2e26 FLOP")
        #expect(indicator("usd_per_gpu_hour").shown(2.1) == "$2.1/GPU-h")
        #expect(indicator("tokens_per_second").shown(50) == "50 tokens per second")
        #expect(indicator(nil).shown(90.1) == "90.1")
    }
}

/// `capability-price` names the cheapest qualifying model as of the day asked, across subjects, and
/// its explanation lists the qualifying values that decided it.
@Suite("Cheapest at a capability")
struct CheapestQualifyingTests {
    // Built so the answer is known by construction: a (score 85) is priced $2 on 2026-06-01 and $0.28 on 2026-07-01,
    // b (score 82) $0.14 on 2026-11-02, c (score 70, below the level of 80) $0.05 on 2026-08-01. At level 80 the
    // cheapest is a until 2026-11-02 (first at or below $1 on 2026-07-01), then b; c never counts.
    static let prices = """
        id: price
        name: Price
        unit: usd_per_mtok
        kind: numeric
        better: lower
        observations:
          - {date: 2026-06-01, subject: a, value: 2, source: test}
          - {date: 2026-07-01, subject: a, value: 0.28, source: test}
          - {date: 2026-08-01, subject: c, value: 0.05, source: test}
          - {date: 2026-11-02, subject: b, value: 0.14, source: test}
        """
    static let scores = """
        id: score
        name: Score
        kind: numeric
        observations:
          - {date: 2026-06-01, subject: a, value: 85, source: test}
          - {date: 2026-08-01, subject: c, value: 70, source: test}
          - {date: 2026-11-02, subject: b, value: 82, source: test}
        """

    func workspace(target: String) throws -> PluginWorkspace {
        try PluginWorkspace(
            evaluate: "capability-price: {price: price, score: score, level: 80, target: \(target)}",
            indicators: ["price": Self.prices, "score": Self.scores], made: "2026-06-15", deadline: "2027-06-30")
    }

    func evaluate(target: String, asOf day: String) throws -> Evaluation {
        try workspace(target: target).evaluate(asOf: day)
    }

    @Test("met early by one model, the summary names the cheaper one recorded later for another subject")
    func cheaperLaterWins() throws {
        let evaluation = try evaluate(target: "1", asOf: "2026-12-01")
        #expect(evaluation.status == .ahead)
        #expect(evaluation.probability == 1)
        #expect(evaluation.summary.contains("b $0.14/M (2026-11-02)"), "\(evaluation.summary)")
        #expect(!evaluation.summary.contains("0.28"), "\(evaluation.summary)")
        #expect(!evaluation.summary.contains("0.05"), "\(evaluation.summary)")
        // The day it was first met is a's day, and the reasoning says who met it first.
        #expect(evaluation.summary.contains("on 2026-07-01"), "\(evaluation.summary)")
        #expect(evaluation.reasoning?.contains("a at 0.28 (2026-07-01) was the first") == true, "\(evaluation.reasoning ?? "")")
    }

    @Test("before the cheaper value's day, the cheapest is the one then on record")
    func asOfBeforeTheCheaperValue() throws {
        let evaluation = try evaluate(target: "0.1", asOf: "2026-10-01")
        #expect(evaluation.summary.hasPrefix("cheapest at score ≥ 80: a $0.28/M (2026-07-01); needs ≤ $0.1/M by 2027-06-30; "))
        let pending = try evaluate(target: "0.1", asOf: "2026-12-01")
        #expect(pending.summary.hasPrefix("cheapest at score ≥ 80: b $0.14/M (2026-11-02); needs ≤ $0.1/M by 2027-06-30; "))
    }

    @Test("explain lists the qualifying values: subject, the score that made it count, price and date")
    func explainListsQualifyingValues() throws {
        let engine = try workspace(target: "0.1").engine().engine
        let prediction = try #require(engine.workspace.prediction("forecast"))
        let evaluation = engine.evaluate(prediction, asOf: try #require(Day("2026-12-01")))
        let text = ExplainReport(prediction: prediction, evaluation: evaluation).text(style: TerminalStyle(isEnabled: false))
        let qualifying = text.split(separator: "\n").filter { $0.contains("qualifies") }
        #expect(qualifying.count == 2, "\(text)")
        #expect(qualifying.first?.contains("b (score 82 on 2026-11-02): $0.14/M  (2026-11-02, test)") == true, "\(text)")
        #expect(qualifying.last?.contains("a (score 85 on 2026-06-01): $0.28/M  (2026-07-01, test)") == true, "\(text)")
        #expect(!text.contains("c (score"), "\(text)")
        #expect(text.contains("reasoning: "), "\(text)")
    }
}
