import TrackCore
import TrackEngine

/// `trend`: fits the series and gives the chance that it passes the target by the deadline.
struct TrendEvaluator: NumericTargetEvaluator {
    static let identifier = "trend"

    static let description = EvaluatorDescription(
        summary: """
            Models the series and gives the chance it passes the target by the deadline (first passage, `when: by`) or \
            is past it on the deadline (`when: at`). A series is modelled on the log scale when positive and on the logit \
            scale when bounded (`range`, or `unit: percent`), as a trend with independent noise and as a random walk with \
            drift, weighted by their evidence (posterior probabilities, equal prior odds); a running best (`aggregate: best|worst`) as record steps. Parameter uncertainty is \
            propagated through 500 seeded draws of the parameters per model, each answered in closed form.
            """,
        parameters: NumericTarget.parameters + [
            .init(
                "model", "auto | noise | random-walk", default: "auto",
                "auto weighs both models by their evidence: how well each explains the series' increments (equal prior odds)"),
            .init("min-points", "whole number", default: "3", "below this many points the forecast is untestable rather than extrapolated"),
        ],
        examples: [
            .init(
                "a steady fall projected past the target", evaluate: "trend: {indicator: price, target: 0.2}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .onTrack,
                probability: 0.6...0.99),
            .init(
                "a target far beyond the trend", evaluate: "trend: {indicator: price, target: 0.001}",
                indicators: ["price": Examples.falling], deadline: "2026-06-30", asOf: "2025-12-31", status: .behind,
                probability: 0.01...0.1),
            .init(
                "too few points to extrapolate", evaluate: "trend: {indicator: price, subject: a, target: 0.2}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .untestable,
                probability: nil),
            .init(
                "already past the target", evaluate: "trend: {indicator: price, target: 0.5}", indicators: ["price": Examples.falling],
                deadline: "2026-12-31", asOf: "2025-12-31", status: .ahead, probability: 1...1),
            .init(
                "past the target now, but asked on the deadline", evaluate: "trend: {indicator: price, target: 0.5, when: at}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .onTrack,
                probability: 0.6...0.99),
        ])

    let numeric: NumericTarget
    let choice: SeriesModelChoice
    let minimumPoints: Int

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(NumericTarget.fields + ["model", "min-points"])
        let numeric = NumericTarget.read(&fields, parameters)
        choice = fields.optional("model") { try $0.oneOf(SeriesModelChoice.self) } ?? .auto
        minimumPoints = max(3, fields.optional("min-points") { try $0.positiveInt() } ?? 3)
        try fields.finishOrThrow()
        self.numeric = try fields.unwrap(numeric)
    }

    func assess(_ open: NumericTarget.OpenSeries, in context: EvaluationContext) -> Assessment {
        let (points, goal, evidence, scaled, series) = (open.points, open.goal, open.evidence, open.scaled, numeric.series)
        if series.isRecordSeries {
            guard let last = numeric.lastObservationDay(context),
                let forecast = SeriesForecast.records(
                    scaled, goal: goal, deadline: context.deadline, lastObservation: last, seed: numeric.seed(context))
            else {
                return .untestable("\(series.label) has set no new record since its first value; record steps cannot be fitted yet")
            }
            return numeric.pending(forecast, points: points, goal: goal, evidence: evidence, in: context)
        }
        guard scaled.count >= minimumPoints,
            let forecast = SeriesForecast.fitted(
                scaled, goal: goal, deadline: context.deadline, choice: choice, seed: numeric.seed(context))
        else {
            return .untestable(
                "\(scaled.count) day\(scaled.count == 1 ? "" : "s") with values of \(series.label); the trend needs at least \(minimumPoints)"
            )
        }
        return numeric.pending(forecast, points: points, goal: goal, evidence: evidence, in: context)
    }
}
