import TrackCore
import TrackEngine

/// `any`: at least one part must come true.
struct AnyEvaluator: Combinator {
    static let identifier = "any"

    static let description = EvaluatorDescription(
        summary: """
            At least one part must come true. Happens as soon as one part does; fails when every part has. The \
            probability is 1 - the product of the parts' chances of not happening, assuming independence; the summary \
            adds the bounds that hold whatever the dependence, [max p, min(1, Σp)]. Nested states of one milestone series \
            count once (the earliest). Untestable parts are left out, which makes it a lower bound.
            """,
        parameters: [.init("(list)", "evaluators", "two or more evaluators, each a one-key mapping like 'evaluate:'")],
        examples: [
            .init(
                "one of two pending",
                evaluate: """
                    any:
                      - milestone: {indicator: company, reaches: acquired, exactly: true, prior: 0.2}
                      - leader: {indicator: score, subject: v4, prior: 0.5}
                    """,
                indicators: ["company": Examples.company, "score": Examples.scores], made: "2025-06-01", deadline: "2026-06-01",
                asOf: "2025-06-01", status: .onTrack, probability: 0.6...0.6),
            .init(
                "one part happened",
                evaluate: """
                    any:
                      - milestone: {indicator: company, reaches: acquired, exactly: true}
                      - threshold: {indicator: valuation, target: 1e11}
                    """,
                indicators: ["company": Examples.company, "valuation": Examples.valuation], deadline: "2026-06-01", asOf: "2025-10-01",
                status: .ahead, probability: 1...1),
            .init(
                "nested states of one series count once: announced is implied by released",
                evaluate: """
                    any:
                      - milestone: {indicator: release, subject: v4, reaches: announced, prior: 0.5}
                      - milestone: {indicator: release, subject: v4, reaches: released, prior: 0.4}
                    """,
                indicators: ["release": Examples.release], made: "2025-06-01", deadline: "2025-12-31", asOf: "2025-06-01",
                status: .atRisk, probability: 0.5...0.5),
        ])

    let parts: SubEvaluators

    init(parameters: EvaluatorParameters) throws {
        parts = try SubEvaluators(parameters, minimum: 2)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let assessed = try parts.assess(context)
        func combined(_ verdict: Verdict, _ probability: Double?, _ summary: String, reasoning: String? = nil) -> Assessment {
            Assessment(verdict: verdict, probability: probability, summary: summary, reasoning: reasoning, parts: assessed)
        }
        if let happened = assessed.first(where: { $0.assessment.verdict == .happened }) {
            return combined(.happened, 1, "part \(happened.label) happened: \(happened.assessment.summary)")
        }
        let known = assessed.filter { $0.assessment.verdict != .untestable }
        guard !known.isEmpty else {
            return combined(.untestable, nil, "every part is untestable")
        }
        if known.count == assessed.count, known.allSatisfy({ $0.assessment.verdict == .failed }) {
            return combined(.failed, 0, "every part failed")
        }
        let chance = CombinedChance.any(parts.independentChances(assessed, keepLatestState: false))
        let leftOut = assessed.count - known.count
        let likeliest = known.max { ($0.assessment.probability ?? 0) < ($1.assessment.probability ?? 0) }!
        return combined(
            .pending, chance.estimate, "likeliest of \(assessed.count)\(SubEvaluators.headline(of: likeliest.assessment))",
            reasoning: chance.description
                + (leftOut > 0 ? ", at least (\(leftOut) untestable part\(leftOut == 1 ? "" : "s") left out)" : "")
                + "; likeliest: \(likeliest.label) at \(likeliest.assessment.probability?.formatted(digits: 2) ?? "?") "
                + "(\(likeliest.assessment.reasoning ?? likeliest.assessment.summary))")
    }
}
