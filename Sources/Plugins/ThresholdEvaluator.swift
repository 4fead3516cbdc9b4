import Tracker

/// `threshold`: a numeric series reaches a target by the deadline.
struct ThresholdEvaluator: Evaluator {
    static let identifier = "threshold"

    static let description = EvaluatorDescription(
        summary: "A numeric indicator (one subject, or the best or worst across subjects) reaches a target by the deadline.",
        parameters: SeriesSelector.parameters + [
            .init("target", "number or {factor, baseline} or {indicator, subject, factor}", "the value to reach; 'better' says which side"),
            .init("since", "date", default: "no limit", "only observations on or after this day count"),
            Prior.parameter,
        ],
        examples: [
            .init(
                "reached early", evaluate: "threshold: {indicator: price, target: 0.5}", indicators: ["price": Examples.falling],
                deadline: "2026-12-31", asOf: "2025-12-31", status: .ahead, probability: 1...1),
            .init(
                "not reached, time running out", evaluate: "threshold: {indicator: price, target: 0.1, prior: 0.6}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2026-10-01", status: .behind,
                probability: 0.05...0.25),
            .init(
                "a tenfold fall from the day the forecast was made", evaluate: "threshold: {indicator: price, target: {factor: 0.1}}",
                indicators: ["price": Examples.falling], made: "2025-01-15", deadline: "2026-12-31", asOf: "2025-10-01",
                status: .atRisk, probability: 0.35...0.37),
            .init(
                "missed at the deadline", evaluate: "threshold: {indicator: price, target: 0.1}", indicators: ["price": Examples.falling],
                deadline: "2025-12-31", asOf: "2026-03-01", status: .missed, probability: 0...0),
            .init(
                "no data yet", evaluate: "threshold: {indicator: price, subject: next-model, target: 1}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .untestable, probability: nil),
        ])

    let series: SeriesSelector
    let target: Target
    let since: Day?
    let prior: Prior

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(SeriesSelector.fields + ["target", "since", "prior"])
        let series = SeriesSelector.read(&fields, parameters)
        let target = fields.required("target") { try Target.read($0, parameters) }
        since = fields.optional("since") { try $0.day() }
        prior = Prior(probability: fields.optional("prior") { try $0.probability() })
        try fields.finishOrThrow()
        self.series = try fields.unwrap(series)
        self.target = try fields.unwrap(target)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let points = series.points(asOf: context.asOf).filter { since == nil || $0.day >= since! }
        guard let latest = points.last else {
            return .untestable("no data yet for \(series.label)")
        }
        guard let (goal, targetEvidence) = target.resolve(for: series, in: context) else {
            return .untestable("no value of \(series.label) on the baseline day to set the target \(target.description)")
        }
        let shown = Evidence.observation(latest.observation, of: series.indicator)
        if let reached = points.first(where: { series.meets($0.value, goal) }) {
            return .happened(
                "\(series.label) reached \(reached.value.formatted) on \(reached.day), against a target of \(goal.formatted)",
                evidence: targetEvidence + [Evidence.observation(reached.observation, of: series.indicator)])
        }
        if context.isAtDeadline {
            return .failed(
                "\(series.label) did not reach \(goal.formatted) by \(context.deadline); latest \(latest.value.formatted) on \(latest.day)",
                evidence: targetEvidence + [shown])
        }
        let probability = prior.remaining(in: context)
        return .pending(
            probability,
            "\(series.label) at \(latest.value.formatted) (\(latest.day)), target \(goal.formatted); \(prior.explanation(in: context))",
            evidence: targetEvidence + [shown, .computed("chance left", probability.formatted(digits: 2))])
    }
}
