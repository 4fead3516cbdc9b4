import TrackCore
import TrackEngine

/// `all`: every part must come true.
struct AllEvaluator: Combinator {
    static let identifier = "all"

    static let description = EvaluatorDescription(
        summary: """
            Every part must come true. Fails as soon as one part fails; untestable while a part is. The probability \
            is the product of the parts', assuming they are independent; the summary adds the bounds that hold whatever \
            the dependence, [max(0, Σp − (n − 1)), min p]. Nested states of one milestone series count once (the latest \
            implies the earlier). `track validate` warns when two parts read the same series.
            """,
        parameters: [.init("(list)", "evaluators", "two or more evaluators, each a one-key mapping like 'evaluate:'")],
        examples: [
            .init(
                "one part done, one pending",
                evaluate: """
                    all:
                      - milestone: {indicator: release, subject: v5, reaches: released}
                      - leader: {indicator: score, subject: v5, prior: 0.5}
                    """,
                indicators: ["release": Examples.release, "score": Examples.scores], made: "2025-06-01", deadline: "2025-12-31",
                asOf: "2025-07-01", status: .atRisk, probability: 0.44...0.46),
            .init(
                "one part failed",
                evaluate: """
                    all:
                      - milestone: {indicator: company, reaches: listed}
                      - milestone: {indicator: release, subject: v4, reaches: released}
                    """,
                indicators: ["release": Examples.release, "company": Examples.company], deadline: "2025-06-30", asOf: "2025-08-01",
                status: .missed, probability: 0...0),
            .init(
                "nested states of one series count once: released implies announced",
                evaluate: """
                    all:
                      - milestone: {indicator: release, subject: v4, reaches: announced, prior: 0.5}
                      - milestone: {indicator: release, subject: v4, reaches: released, prior: 0.4}
                    """,
                indicators: ["release": Examples.release], made: "2025-06-01", deadline: "2025-12-31", asOf: "2025-06-01",
                status: .atRisk, probability: 0.4...0.4),
        ])

    let parts: SubEvaluators

    init(parameters: EvaluatorParameters) throws {
        parts = try SubEvaluators(parameters, minimum: 2)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let assessed = try parts.assess(context)
        let verdicts = assessed.map(\.assessment.verdict)
        func combined(_ verdict: Verdict, _ probability: Double?, _ summary: String, reasoning: String? = nil) -> Assessment {
            Assessment(verdict: verdict, probability: probability, summary: summary, reasoning: reasoning, parts: assessed)
        }
        if let failed = assessed.first(where: { $0.assessment.verdict == .failed }) {
            return combined(
                .failed, 0, "part \(failed.label): \(SubEvaluators.firstClause(failed.assessment.summary))",
                reasoning: "part \(failed.label) failed: \(failed.assessment.reasoning ?? failed.assessment.summary)")
        }
        if let unknown = assessed.first(where: { $0.assessment.verdict == .untestable }) {
            return combined(
                .untestable, nil, "part \(unknown.label) untestable: \(unknown.assessment.summary)",
                reasoning: unknown.assessment.reasoning.map { "part \(unknown.label) is untestable: \($0)" })
        }
        if verdicts.allSatisfy({ $0 == .happened }) {
            return combined(.happened, 1, "every part happened")
        }
        let chance = CombinedChance.all(parts.independentChances(assessed, keepLatestState: true))
        let open = assessed.filter { $0.assessment.verdict == .pending }
        let weakest = open.min { ($0.assessment.probability ?? 0) < ($1.assessment.probability ?? 0) }!
        let done = "\(assessed.count - open.count) of \(assessed.count) parts done"
        return combined(
            .pending, chance.estimate, "\(done); weakest\(SubEvaluators.headline(of: weakest.assessment))",
            reasoning: "\(done); \(chance.description); least likely: "
                + "\(weakest.label) at \(weakest.assessment.probability?.formatted(digits: 2) ?? "?") (\(weakest.assessment.reasoning ?? weakest.assessment.summary))"
        )
    }
}
