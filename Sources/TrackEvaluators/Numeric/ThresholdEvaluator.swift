import TrackCore
import TrackEngine

/// `threshold`: a numeric series reaches a target by the deadline.
struct ThresholdEvaluator: NumericTargetEvaluator {
    static let identifier = "threshold"

    static let description = EvaluatorDescription(
        summary: """
            A numeric indicator (one subject, or the best or worst across subjects) passes a target by the deadline \
            (`when: by`) or is past it on the deadline (`when: at`). With three or more days of values, the chance is \
            that of a random walk with drift from the latest value with the series' own volatility (a running best: \
            record steps); with fewer, the prior spread over the window.
            """,
        parameters: NumericTarget.parameters + [Prior.parameter, Prior.shapeParameter],
        examples: [
            .init(
                "reached early", evaluate: "threshold: {indicator: price, target: 0.5}", indicators: ["price": Examples.falling],
                deadline: "2026-12-31", asOf: "2025-12-31", status: .ahead, probability: 1...1),
            .init(
                "close to the target with a falling series", evaluate: "threshold: {indicator: price, subject: b, target: 0.3}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .onTrack,
                probability: 0.6...0.99),
            .init(
                "far from the target, little time left", evaluate: "threshold: {indicator: price, subject: b, target: 0.01}",
                indicators: ["price": Examples.falling], deadline: "2026-01-31", asOf: "2025-12-31", status: .behind,
                probability: 0.01...0.1),
            .init(
                "too few points: the prior, time running out",
                evaluate: "threshold: {indicator: price, subject: a, target: 0.1, prior: 0.6}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2026-10-01", status: .behind,
                probability: 0.05...0.25),
            .init(
                "on the deadline, too few points: the prior, which does not run down",
                evaluate: "threshold: {indicator: price, subject: a, target: 3, when: at, prior: 0.8}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2026-12-01", status: .onTrack,
                probability: 0.8...0.8),
            .init(
                "missed after the deadline", evaluate: "threshold: {indicator: price, target: 0.1}",
                indicators: ["price": Examples.falling],
                deadline: "2025-12-31", asOf: "2026-03-01", status: .missed, probability: 0...0),
            .init(
                "no data yet", evaluate: "threshold: {indicator: price, subject: next-model, target: 1}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .untestable, probability: nil),
        ])

    let numeric: NumericTarget
    let prior: Prior

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(NumericTarget.fields + ["prior", "hazard"])
        let numeric = NumericTarget.read(&fields, parameters)
        prior = Prior.read(&fields)
        try fields.finishOrThrow()
        self.numeric = try fields.unwrap(numeric)
    }

    func assess(_ open: NumericTarget.OpenSeries, in context: EvaluationContext) -> Assessment {
        let (points, goal, evidence, scaled, series) = (open.points, open.goal, open.evidence, open.scaled, numeric.series)
        let latest = points[points.count - 1]
        let forecast: SeriesForecast? =
            if series.isRecordSeries, let last = numeric.lastObservationDay(context) {
                SeriesForecast.records(scaled, goal: goal, deadline: context.deadline, lastObservation: last, seed: numeric.seed(context))
            } else if !series.isRecordSeries {
                SeriesForecast.fitted(scaled, goal: goal, deadline: context.deadline, choice: .walk, seed: numeric.seed(context))
            } else { nil }
        if let forecast {
            return numeric.pending(forecast, points: points, goal: goal, evidence: evidence, in: context)
        }
        // `at` asks about the value on the deadline, not an event still to come: its prior does not run down.
        let stated = prior.probability ?? context.forecast.statedProbability ?? 0.5
        let probability = numeric.timing == .at ? stated : prior.remaining(in: context)
        let explanation =
            numeric.timing == .at
            ? "prior \(stated.formatted) that it is past the target on \(context.deadline)" : prior.explanation(in: context)
        let shown = Evidence.observation(latest.observation, of: series.indicator)
        return .pending(
            probability,
            "\(series.label) \(series.indicator.shown(latest.value)) (\(latest.day)); \(numeric.needs(goal, in: context))",
            reasoning:
                "\(series.label) at \(latest.value.formatted) (\(latest.day)), target \(goal.formatted); too little data for a model: "
                + explanation,
            evidence: evidence + [shown, .computed("chance left", context.chance(probability))])
    }
}
