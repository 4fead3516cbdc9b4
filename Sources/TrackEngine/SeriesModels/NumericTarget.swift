import TrackCore

/// What `threshold` and `trend` share: a series, a target, and when it must be passed. This type
/// settles what the data decide and leaves the pending chance to the plugin's model.
///
/// - `by` (default): the forecast comes true when an observation dated from the day it was made
///   to the deadline passes the target; earlier observations are history for the model, never the event.
/// - `at`: it comes true when the last value on or before the deadline is past the target, so it is
///   settled only once the deadline has passed.
public struct NumericTarget: Sendable {
    public let series: SeriesSelector
    let target: Target
    public let timing: Timing
    let since: Day?

    public static let fields = SeriesSelector.fields + ["target", "when", "since"]

    public static let parameters: [EvaluatorDescription.Parameter] =
        SeriesSelector.parameters + [
            .init("target", "number or {factor, baseline} or {indicator, subject, factor}", "the value to pass; 'better' says which side"),
            .init(
                "when", "by | at", default: "by",
                "by: passed at any time from the day the forecast was made to the deadline; at: past it on the deadline"),
            .init("since", "date", default: "no limit", "only observations on or after this day are used"),
        ]

    /// Reads the shared parameters; nil when a required one is missing (the reader holds the problem).
    public static func read(_ fields: inout FieldReader, _ parameters: EvaluatorParameters) -> NumericTarget? {
        let series = SeriesSelector.read(&fields, parameters)
        let target = fields.required("target") { node -> Target in
            let target = try Target.read(node, parameters)
            if case .value(let value) = target, let indicator = series?.indicator, let bounds = indicator.bounds, !bounds.contains(value) {
                throw Diagnostic(
                    "target \(value.formatted) is outside \(indicator.id)'s range [\(bounds.lowerBound.formatted), \(bounds.upperBound.formatted)]: "
                        + "no value can reach it; give a target within the range", at: node.mark)
            }
            return target
        }
        let timing = fields.optional("when") { try $0.oneOf(Timing.self) } ?? .by
        let since = fields.optional("since") { try $0.day() }
        guard let series, let target else { return nil }
        return NumericTarget(series: series, target: target, timing: timing, since: since)
    }

    public var reads: [SeriesKey] { [series.key] + target.reads }

    /// Either the data's verdict, or what a model needs to give a chance.
    public enum Outcome {
        case settled(Assessment)
        case open(points: [SeriesSelector.Point], goal: Double, evidence: [Evidence])
    }

    /// A series still open, ready for a model: its points, the goal, the evidence so far and the points scaled.
    public struct OpenSeries {
        public let points: [SeriesSelector.Point]
        public let goal: Double
        public let evidence: [Evidence]
        public let scaled: ScaledSeries
    }

    /// The open series as of the context, or the assessment when the data already settle the forecast or
    /// there are none yet (untestable).
    public func prepare(_ context: EvaluationContext) -> Preparation {
        switch check(context) {
        case .settled(let assessment):
            return .settled(assessment)
        case .open(let points, let goal, let evidence):
            guard let scaled = scaled(points, goal: goal) else { return .settled(.untestable("no data yet for \(series.label)")) }
            return .open(OpenSeries(points: points, goal: goal, evidence: evidence, scaled: scaled))
        }
    }

    /// What `prepare` finds.
    public enum Preparation {
        case settled(Assessment)
        case open(OpenSeries)
    }

    public func check(_ context: EvaluationContext) -> Outcome {
        let all = series.points(in: context.data)
        let points = since.map { since in all.filter { $0.day >= since } } ?? all
        guard let (goal, targetEvidence) = target.resolve(for: series, points: all, in: context) else {
            return .settled(
                .untestable(
                    "no value of \(series.label) to set the target from",
                    reasoning: "no value of \(series.label) on the baseline day to set the target \(target.description)"))
        }
        let made = context.forecast.made
        let side = series.indicator.better == .lower ? "at or below" : "at or above"
        switch timing {
        case .by:
            if let reached = points.first(where: { $0.day >= made && series.meets($0.value, goal) }) {
                let shown = series.indicator.shown
                return .settled(
                    .happened(
                        "\(series.label) reached \(shown(reached.value)) on \(reached.day); needed \(series.sign) \(shown(goal))",
                        reasoning:
                            "\(series.label) reached \(reached.value.formatted) on \(reached.day), \(side) the target \(goal.formatted)",
                        evidence: targetEvidence + [Evidence.observation(reached.observation, of: series.indicator)]))
            }
            if context.isPastDeadline {
                return .settled(missed(points: points, goal: goal, evidence: targetEvidence, in: context))
            }
        case .at:
            if context.isPastDeadline {
                guard let latest = points.last else {
                    return .settled(
                        .untestable("no value of \(series.label) by \(context.deadline)"))
                }
                let evidence = targetEvidence + [Evidence.observation(latest.observation, of: series.indicator)]
                let what = "\(series.label) at \(latest.value.formatted) on \(latest.day), its last value by the deadline"
                let headline = "\(series.label) \(series.indicator.shown(latest.value)) (\(latest.day)); \(needs(goal, in: context))"
                return .settled(
                    series.meets(latest.value, goal)
                        ? .happened(headline, reasoning: "\(what), is \(side) the target \(goal.formatted)", evidence: evidence)
                        : .failed(headline, reasoning: "\(what), is not \(side) the target \(goal.formatted)", evidence: evidence))
            }
        }
        return .open(points: points, goal: goal, evidence: targetEvidence)
    }

    /// The verdict after the deadline on a forecast whose target no observation passed: missed when the
    /// selected series was observed in the window (for a running best, any observation counts, record
    /// or not: values that fall short are evidence of a miss), untestable when nothing was observed.
    func missed(points: [SeriesSelector.Point], goal: Double, evidence: [Evidence], in context: EvaluationContext) -> Assessment {
        let made = context.forecast.made
        let observed = context.observations(of: series.indicator, subject: series.subject)
            .filter { observation in
                observation.date >= made && observation.value.number != nil && observation.date >= (since ?? observation.date)
            }
        guard let latest = observed.last else {
            return .untestable("no value of \(series.label) from \(made) to \(context.deadline)")
        }
        let shown = series.indicator.shown
        guard series.isRecordSeries, let record = points.last else {
            return .failed(
                "\(series.label) \(latest.value.number.map(shown) ?? latest.value.description) (\(latest.date)); \(needs(goal, in: context))",
                reasoning:
                    "\(series.label) did not reach \(goal.formatted) by \(context.deadline); latest \(latest.value) on \(latest.date)",
                evidence: evidence + [Evidence.observation(latest, of: series.indicator)])
        }
        let count = observed.count
        return .failed(
            "\(series.label) best \(shown(record.value)) (\(record.day)); \(needs(goal, in: context))",
            reasoning:
                "\(series.label) did not reach \(goal.formatted) by \(context.deadline): \(count) value\(count == 1 ? "" : "s") from \(made), "
                + "none past it; the record stands at \(record.value.formatted) (\(record.day))",
            evidence: evidence + [
                Evidence.observation(record.observation, of: series.indicator), Evidence.observation(latest, of: series.indicator),
            ])
    }

    /// The series on a model's scale: logit for bounded indicators, log for positive ones.
    public func scaled(_ points: [SeriesSelector.Point], goal: Double) -> ScaledSeries? {
        let scale = ValueScale.for(series.indicator, values: points.map(\.value), target: goal)
        return ScaledSeries(points: points, scale: scale, higherIsBetter: series.indicator.better != .lower)
    }

    /// The chance from the fitted model, as a pending assessment that shows the projection.
    public func pending(
        _ forecast: SeriesForecast, points: [SeriesSelector.Point], goal: Double, evidence: [Evidence], in context: EvaluationContext
    ) -> Assessment {
        let probability = forecast.probability(timing)
        let projection = Projection(day: context.deadline, value: forecast.median, low: forecast.low, high: forecast.high, coverage: 0.8)
        let range = "\(forecast.low.formatted(digits: 3))...\(forecast.high.formatted(digits: 3))"
        let question =
            timing == .by ? "passes \(goal.formatted) by \(context.deadline)" : "is past \(goal.formatted) on \(context.deadline)"
        let latest = points.last!
        return .pending(
            probability,
            "\(series.label) \(series.indicator.shown(latest.value)) (\(latest.day)); \(needs(goal, in: context))",
            reasoning:
                "\(series.label) at \(latest.value.formatted) (\(latest.day)); \(forecast.method) projects \(forecast.median.formatted(digits: 3)) "
                + "at the deadline (80%: \(range)); P(\(question)) \(context.chance(probability))",
            evidence: evidence + points.suffix(6).map { Evidence.observation($0.observation, of: series.indicator) } + forecast.details
                + [.computed("projected at \(context.deadline)", "\(forecast.median.formatted(digits: 3)) (80%: \(range))")],
            projection: projection)
    }

    /// What the forecast asks, in plain words: "needs ≤ $1/M by 2027-06-30" (`by`), "needs ≥ 90 on 2027-06-30" (`at`).
    public func needs(_ goal: Double, in context: EvaluationContext) -> String {
        "needs \(series.sign) \(series.indicator.shown(goal)) \(timing == .by ? "by" : "on") \(context.deadline)"
    }

    /// The seed of the context's simulations: the forecast, the day and the series.
    public func seed(_ context: EvaluationContext) -> String {
        "\(context.forecast.id)|\(context.cutoff)|\(series.label)|\(timing.rawValue)"
    }

    /// The newest day the indicator was observed (records or not), for record models.
    public func lastObservationDay(_ context: EvaluationContext) -> Day? {
        context.observations(of: series.indicator, subject: series.subject).last?.date
    }

    /// The chance a random walk with drift fitted by least squares to the series alone (on its scale, at
    /// its fitted parameters) gives the target, asked as of the context's day: the naive baseline of
    /// `track score`. Nil with fewer than three points.
    public func randomWalkBaseline(_ context: EvaluationContext) -> Double? {
        switch prepare(context) {
        case .settled(let assessment):
            return assessment.probability
        case .open(let open):
            let scaled = open.scaled
            guard let walk = RandomWalkReference(times: scaled.times, values: scaled.values, minimumVolatility: scaled.spreadFloor)
            else { return nil }
            let horizon = scaled.time(of: context.deadline) - walk.lastTime
            let level = scaled.oriented(open.goal)
            return timing == .by ? walk.firstPassage(to: level, within: horizon) : walk.chanceAbove(level, after: horizon)
        }
    }
}
