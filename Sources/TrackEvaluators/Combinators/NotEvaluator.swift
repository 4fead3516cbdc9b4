import TrackCore
import TrackEngine

/// `not`: the part must not come true.
struct NotEvaluator: Evaluator {
    static let identifier = "not"

    static let description = EvaluatorDescription(
        summary:
            "The part must not come true by the deadline: happened and failed swap, and the probability is 1 - the part's. No data is not a contradiction: when the part is untestable (no data to decide), so is its negation.",
        parameters: [.init("(evaluator)", "evaluator", "one evaluator, a one-key mapping like 'evaluate:'")],
        examples: [
            .init(
                "not yet released", evaluate: "not: {milestone: {indicator: release, subject: v4, reaches: released, prior: 0.5}}",
                indicators: ["release": Examples.release], deadline: "2025-12-31", asOf: "2025-11-01", status: .onTrack,
                probability: 0.8...0.95),
            .init(
                "released after all", evaluate: "not: {milestone: {indicator: release, subject: v5, reaches: released}}",
                indicators: ["release": Examples.release], deadline: "2025-12-31", asOf: "2025-07-01", status: .missed, probability: 0...0),
        ])

    let part: any Evaluator

    init(parameters: EvaluatorParameters) throws {
        part = try parameters.evaluator(parameters.node)
    }

    var reads: [SeriesKey] { part.reads }
    var warnings: [Diagnostic] { part.warnings }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let inner = try part.assess(context)
        let parts = [Assessment.Part(label: type(of: part).identifier, assessment: inner)]
        switch inner.verdict {
        case .happened:
            return Assessment(verdict: .failed, probability: 0, summary: "it happened: \(inner.summary)", parts: parts)
        case .failed:
            return Assessment(verdict: .happened, probability: 1, summary: "it cannot happen any more: \(inner.summary)", parts: parts)
        case .untestable:
            return Assessment(verdict: .untestable, probability: nil, summary: inner.summary, parts: parts)
        case .pending:
            let probability = 1 - (inner.probability ?? 0)
            return Assessment(
                verdict: .pending, probability: probability,
                summary: "not: \(SubEvaluators.firstClause(inner.summary))",
                reasoning: "the opposite has P = \((inner.probability ?? 0).formatted(digits: 2)): \(inner.reasoning ?? inner.summary)",
                parts: parts)
        }
    }
}
