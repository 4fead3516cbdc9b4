import Tracker

/// `any`: at least one part must come true.
struct AnyEvaluator: Evaluator {
    static let identifier = "any"

    static let description = EvaluatorDescription(
        summary: """
            At least one part must come true. Happens as soon as one part does; fails when every part has. The \
            probability is 1 - the product of the parts' chances of not happening, assuming independence (so never \
            below the largest); untestable parts are left out, which makes it a lower bound.
            """,
        parameters: [.init("(list)", "evaluators", "two or more evaluators, each a one-key mapping like 'evaluate:'")],
        examples: [
            .init(
                "one of two pending", evaluate: """
                    any:
                      - milestone: {indicator: company, reaches: acquired, exactly: true, prior: 0.2}
                      - leader: {indicator: score, subject: v4, prior: 0.5}
                    """,
                indicators: ["company": Examples.company, "score": Examples.scores], made: "2025-06-01", deadline: "2026-06-01",
                asOf: "2025-06-01", status: .onTrack, probability: 0.6...0.6),
            .init(
                "one part happened", evaluate: """
                    any:
                      - milestone: {indicator: company, reaches: acquired, exactly: true}
                      - milestone: {indicator: company, reaches: listed, exactly: true}
                    """,
                indicators: ["company": Examples.company], deadline: "2026-06-01", asOf: "2025-10-01", status: .ahead, probability: 1...1),
        ])

    let parts: SubEvaluators

    init(parameters: EvaluatorParameters) throws {
        parts = try SubEvaluators(parameters, minimum: 2)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let assessed = try parts.assess(context)
        func combined(_ verdict: Verdict, _ probability: Double?, _ summary: String) -> Assessment {
            Assessment(verdict: verdict, probability: probability, summary: summary, parts: assessed)
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
        let probability = 1 - known.reduce(1.0) { $0 * (1 - ($1.assessment.probability ?? 0)) }
        let leftOut = assessed.count - known.count
        let likeliest = known.max { ($0.assessment.probability ?? 0) < ($1.assessment.probability ?? 0) }!
        return combined(
            .pending, probability,
            "P = \(probability.formatted(digits: 2)) if the parts are independent"
                + (leftOut > 0 ? ", at least (\(leftOut) untestable part\(leftOut == 1 ? "" : "s") left out)" : "")
                + "; likeliest: \(likeliest.label) at \(likeliest.assessment.probability?.formatted(digits: 2) ?? "?") "
                + "(\(likeliest.assessment.summary))")
    }
}
