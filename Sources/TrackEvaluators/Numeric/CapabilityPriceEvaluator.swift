import Foundation
import TrackCore
import TrackEngine

/// `capability-price`: the price of a fixed capability - the cheapest model, across vendors, scoring at
/// least a level on a benchmark - passes a target by the deadline.
struct CapabilityPriceEvaluator: Evaluator {
    static let identifier = "capability-price"

    static let description = EvaluatorDescription(
        summary: """
            Derives, from a price series and a score series with the same subjects (models), the cheapest price on \
            each day among models whose latest score is at least 'level' (a number, or a model's score on the day the \
            forecast was made), as Epoch AI measures the price of a fixed capability. The forecast comes true when that \
            price passes 'target' (a number, or {factor}: a multiple of its value on the day the forecast was made) \
            from the day it was made to the deadline ('when: by'), or on the deadline ('when: at'). The chance comes \
            from the record model (Poisson arrivals of new lows, exponential steps on the log scale) fitted to the \
            derived series; when it has fewer than three records, the same model is fitted to the series at the \
            highest lower level (in steps of 'step' points) that has three, and its rate of fall applied to this one.
            """,
        parameters: [
            .init("price", "indicator id", "a price per model (subject); lower is better"),
            .init("score", "indicator id", "a benchmark score per model, under the same subjects"),
            .init("level", "number or {subject}", "the capability: models at or above this score count"),
            .init(
                "target", "number or {factor, baseline}",
                "the price to pass; {factor: 0.1}: a tenth of its value on the day the forecast was made"),
            .init(
                "when", "by | at", default: "by", "by: at any time from the day the forecast was made to the deadline; at: on the deadline"),
            .init("step", "points", default: "5", "how far the level drops at a time when the series has too few records to fit"),
        ],
        examples: [
            .init(
                "a tenfold fall at a fixed capability, across vendors",
                evaluate: "capability-price: {price: price, score: score, level: 60, target: {factor: 0.1}}",
                indicators: ["price": Examples.modelPrices, "score": Examples.modelScores], made: "2024-01-01",
                deadline: "2026-12-31", asOf: "2025-12-31", status: .ahead, probability: 1...1),
            // At >= 60 the cheapest fell 12.5x in two steps over the 17 months watched (1.8 lows a year); a further 10x
            // (2.3 on the log scale, about two mean steps of 1.26) in the 13 months left is roughly even odds.
            .init(
                "too few records at the level: the fall at a lower level is applied",
                evaluate: "capability-price: {price: price, score: score, level: {subject: d}, target: {factor: 0.1}}",
                indicators: ["price": Examples.modelPrices, "score": Examples.modelScores], made: "2025-07-01",
                deadline: "2026-07-01", asOf: "2025-12-31", status: .atRisk, probability: 0.3...0.6),
            .init(
                "no model at the level when the forecast was made",
                evaluate: "capability-price: {price: price, score: score, level: 99, target: {factor: 0.1}}",
                indicators: ["price": Examples.modelPrices, "score": Examples.modelScores], made: "2025-07-01",
                deadline: "2026-07-01", asOf: "2025-12-31", status: .untestable, probability: nil),
        ])

    /// The capability: a fixed score, or a model's score on the day the forecast was made.
    enum Level {
        case score(Double)
        case model(String)
    }

    let price: IndicatorDefinition
    let score: IndicatorDefinition
    let level: Level
    let target: Target
    let timing: Timing
    let step: Double

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["price", "score", "level", "target", "when", "step"])
        let price = fields.required("price") { try parameters.numericIndicator($0) }
        let score = fields.required("score") { try parameters.numericIndicator($0) }
        let level = fields.required("level") { node -> Level in
            if node.scalar != nil { return .score(try node.double()) }
            var entry = try FieldReader(node, context: "level", fields: ["subject"])
            let subject = entry.required("subject") { try $0.string() }
            try entry.finishOrThrow()
            return .model(try entry.unwrap(subject))
        }
        let target = fields.required("target") { node -> Target in
            let target = try Target.read(node, parameters)
            if case .relativeToSeries = target { throw Diagnostic("give a number or {factor, baseline}", at: node.mark) }
            return target
        }
        timing = fields.optional("when") { try $0.oneOf(Timing.self) } ?? .by
        step = fields.optional("step") { try $0.positive() } ?? 5
        try fields.finishOrThrow()
        self.price = try fields.unwrap(price)
        self.score = try fields.unwrap(score)
        self.level = try fields.unwrap(level)
        self.target = try fields.unwrap(target)
    }

    var reads: [SeriesKey] { [SeriesKey(indicator: price.id, subject: nil), SeriesKey(indicator: score.id, subject: nil)] }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let made = context.forecast.made
        let levelValue: Double
        switch level {
        case .score(let value): levelValue = value
        case .model(let subject):
            guard let observed = context.observations(of: score, subject: subject).last(where: { $0.date <= made })?.value.number else {
                return .untestable("no \(score.id) score of \(subject) on or before \(made) to fix the capability")
            }
            levelValue = observed
        }
        let label = "cheapest \(price.id) at \(score.id) >= \(levelValue.formatted)"
        let plain = "cheapest at \(score.id) ≥ \(levelValue.formatted)"
        let points = cheapest(atLeast: levelValue, context)
        guard let base = points.last(where: { $0.day <= made }) else {
            return .untestable(
                "\(plain): no model priced on or before \(made)",
                reasoning: "\(label): no model at that level was priced on or before \(made)")
        }
        let goal: Double
        var evidence =
            [Evidence.computed("capability", "\(score.id) >= \(levelValue.formatted)"), cheapestEvidence(base, "cheapest when made, from")]
            + qualifying(atLeast: levelValue, context)
        switch target {
        case .value(let value): goal = value
        case .relativeToBaseline(let factor, let baseline):
            let day = baseline ?? made
            guard let start = points.last(where: { $0.day <= day }) else {
                return .untestable("\(plain): no model priced on or before \(day)")
            }
            goal = start.value * factor
            evidence.append(.computed("target: \(factor.formatted) x the value on \(day)", goal.readable))
        case .relativeToSeries: return .untestable("a target relative to another series is not supported")
        }
        let who = { (point: SeriesSelector.Point) in "\(point.observation.subject ?? "?") at \(point.value.formatted) (\(point.day))" }
        // The cheapest as of the cut-off, across subjects: the value the forecast is about now.
        let now = { (point: SeriesSelector.Point) in "\(point.observation.subject ?? "?") \(price.shown(point.value)) (\(point.day))" }
        let cheapestNow = points.last!
        let needs = "needs ≤ \(price.shown(goal)) \(timing == .by ? "by" : "on") \(context.deadline)"
        switch timing {
        case .by:
            if let reached = points.first(where: { $0.day >= made && $0.value <= goal }) {
                let first = reached.observation == cheapestNow.observation ? "" : "; \(who(reached)) was the first at or below it"
                return .happened(
                    "\(plain): \(now(cheapestNow)); reached ≤ \(price.shown(goal)) on \(reached.day)",
                    reasoning: "\(label): \(who(cheapestNow)) as of \(context.cutoff), at or below the target \(goal.readable)\(first)",
                    evidence: evidence + [cheapestEvidence(reached, "first at or below the target, from")])
            }
            if context.isPastDeadline {
                // Prices or scores published in the window show the market was watched; with none, nothing decides.
                guard [price, score].contains(where: { indicator in context.observations(of: indicator).contains { $0.date >= made } })
                else {
                    return .untestable(
                        "\(plain): no price or score from \(made) to \(context.deadline)",
                        evidence: evidence)
                }
                let lowest = points.filter { $0.day >= made }.min { $0.value < $1.value } ?? points.last!
                return .failed(
                    "\(plain): lowest \(now(lowest)); needed ≤ \(price.shown(goal))",
                    reasoning: "\(label) did not fall to \(goal.readable) by \(context.deadline); lowest \(who(lowest))",
                    evidence: evidence + [cheapestEvidence(lowest, "lowest in the window, from")])
            }
        case .at:
            if context.isPastDeadline {
                let last = points.last!
                let what = "\(label) on the deadline: \(who(last))"
                let headline = "\(plain): \(now(last)); \(needs)"
                return last.value <= goal
                    ? .happened(headline, reasoning: "\(what), at or below the target \(goal.readable)", evidence: evidence)
                    : .failed(headline, reasoning: "\(what), above the target \(goal.readable)", evidence: evidence)
            }
        }
        // The record model on this level's lows, or on the highest lower level with three records.
        let newest = [price, score].compactMap { context.observations(of: $0).last?.date }.max() ?? points.last!.day
        let seed = "\(context.forecast.id)|\(context.cutoff)|\(label)|\(timing.rawValue)"
        let current = points.last!.value
        var fittedLevel = levelValue
        var lows = Self.records(points)
        while lows.count < 3, fittedLevel - step > 0, fittedLevel > levelValue - 10 * step {
            fittedLevel -= step
            lows = Self.records(cheapest(atLeast: fittedLevel, context))
        }
        let shift = lows.last.map { $0.value / current } ?? 1
        guard lows.count >= 2, let series = ScaledSeries(points: lows, scale: .log, higherIsBetter: false),
            let forecast = SeriesForecast.records(
                series, goal: goal * shift, deadline: context.deadline, lastObservation: newest, seed: seed)
        else {
            return .untestable(
                "\(plain): \(now(cheapestNow)); too few new lows to model its fall",
                reasoning: "\(label) at \(who(points.last!)): too few new lows at any level to model its fall", evidence: evidence)
        }
        let borrowed =
            fittedLevel == levelValue
            ? ""
            : " (its rate of fall taken from the cheapest at >= \(fittedLevel.formatted), \(lows.count) lows since \(lows[0].day), as too few lows are on record at this level)"
        let (median, low, high) = (forecast.median / shift, forecast.low / shift, forecast.high / shift)
        let range = "\(low.readable)...\(high.readable)"
        let chance: String = context.chance(forecast.probability(timing))
        let question =
            timing == .by ? "falls to \(goal.readable) by \(context.deadline)" : "is at or below \(goal.readable) on \(context.deadline)"
        let summary: String =
            "\(label): \(who(points.last!)); \(forecast.method)\(borrowed) projects a median of \(median.readable) at the deadline; "
            + "P(\(question)) \(chance)"
        return .pending(
            forecast.probability(timing),
            "\(plain): \(now(cheapestNow)); \(needs)",
            reasoning: summary,
            evidence: evidence
                + points.suffix(4).filter { $0.observation != base.observation }.map { cheapestEvidence($0, "cheapest from") }
                + forecast.details
                + [.computed("projected at \(context.deadline)", "\(median.readable) (80%: \(range))")],
            projection: Projection(day: context.deadline, value: median, low: low, high: high, coverage: 0.8))
    }

    /// On each day a price or a score changes, the cheapest latest price among models whose latest
    /// score is at least `level`; a point whenever that cheapest price changes. Each point carries
    /// the cheapest model's price observation.
    func cheapest(atLeast level: Double, _ context: EvaluationContext) -> [SeriesSelector.Point] {
        let events = (context.observations(of: price).map { ($0, true) } + context.observations(of: score).map { ($0, false) })
            .filter { $0.0.subject != nil && $0.0.value.number != nil }
            .sorted { $0.0.date < $1.0.date }
        var prices: [String: Observation] = [:]
        var scores: [String: Double] = [:]
        var points: [SeriesSelector.Point] = []
        var index = 0
        while index < events.count {
            let day = events[index].0.date
            while index < events.count, events[index].0.date == day {
                let (observation, isPrice) = events[index]
                if isPrice { prices[observation.subject!] = observation } else { scores[observation.subject!] = observation.value.number! }
                index += 1
            }
            let best = prices.filter { (scores[$0.key] ?? -.infinity) >= level }.values
                .min { ($0.value.number!, $0.subject!) < ($1.value.number!, $1.subject!) }
            if let best, best.value.number! != points.last?.value || best.subject != points.last?.observation.subject {
                points.append(.init(day: day, value: best.value.number!, observation: best))
            }
        }
        return points
    }

    /// A point of the cheapest series as evidence: "cheapest from 2026-11-02: deepseek-v4-flash".
    private func cheapestEvidence(_ point: SeriesSelector.Point, _ role: String) -> Evidence {
        var evidence = Evidence.observation(point.observation, of: price)
        evidence.label = "\(role) \(point.day): \(point.observation.subject ?? "?")"
        return evidence
    }

    /// The models that count at `level` as of the cut-off, cheapest first (at most `limit`): each
    /// with the score that made it qualify and its latest price, the values that decide which is cheapest.
    func qualifying(atLeast level: Double, _ context: EvaluationContext, limit: Int = 5) -> [Evidence] {
        var scores: [String: Observation] = [:]
        for observation in context.observations(of: score) where observation.subject != nil && observation.value.number != nil {
            scores[observation.subject!] = observation
        }
        var prices: [String: Observation] = [:]
        for observation in context.observations(of: price) where observation.subject != nil && observation.value.number != nil {
            prices[observation.subject!] = observation
        }
        let counted = prices.compactMap { subject, price -> (Observation, Observation)? in
            guard let score = scores[subject], score.value.number! >= level else { return nil }
            return (price, score)
        }
        .sorted { ($0.0.value.number!, $0.0.subject!) < ($1.0.value.number!, $1.0.subject!) }
        return counted.prefix(limit).map { price, score in
            Evidence(
                label:
                    "qualifies as of \(context.cutoff): \(price.subject!) (\(self.score.id) \(score.value.number!.formatted) on \(score.date))",
                value: self.price.shown(price.value.number!), date: price.date, source: price.source, indicator: self.price.id,
                subject: price.subject)
        }
    }

    /// The new lows of a derived series: its first point, then each lower than every earlier one.
    static func records(_ points: [SeriesSelector.Point]) -> [SeriesSelector.Point] {
        var lows: [SeriesSelector.Point] = []
        for point in points where point.value < (lows.last?.value ?? .infinity) { lows.append(point) }
        return lows
    }
}
