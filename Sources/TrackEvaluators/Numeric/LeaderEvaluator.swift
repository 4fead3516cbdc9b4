import TrackCore
import TrackEngine

/// `leader`: a subject is the best on a benchmark, within a tolerance ("state of the art").
struct LeaderEvaluator: Evaluator {
    static let identifier = "leader"

    static let description = EvaluatorDescription(
        summary: """
            A subject leads a numeric indicator (a benchmark): on the day one of its values is published, it is the best \
            of every subject's latest value then, within the tolerance. Leading once, from the day the forecast was made \
            to the deadline, is enough; values from before it show where the subject stands but are never the event. \
            Until then, the chance left is the prior (no value yet) or 'behind' (behind on its latest value), each a \
            chance over the whole window spread by the hazard, so it falls as the window closes. At the deadline, a \
            subject that did not lead is missed when the benchmark was scored in the window; untestable when nothing was.
            """,
        parameters: [
            .init("indicator", "indicator id", "the numeric indicator; 'better' says which way is best (higher by default)"),
            .init("subject", "string", "the subject that should lead"),
            .init("tolerance", "number", default: "0", "how far below the best still counts as leading, in the indicator's unit"),
            .init("prior", "probability", default: "untestable", "the chance over the whole window while the subject has no value yet"),
            .init(
                "behind", "probability", default: "0.1", "the chance over the whole window while the subject has values but has never led"),
            Prior.shapeParameter,
        ],
        examples: [
            .init(
                "leads within the tolerance", evaluate: "leader: {indicator: score, subject: r1, tolerance: 5}",
                indicators: ["score": Examples.scores], deadline: "2025-12-31", asOf: "2025-06-01", status: .ahead, probability: 1...1),
            .init(
                "behind the leader", evaluate: "leader: {indicator: score, subject: r1}",
                indicators: ["score": Examples.scores], deadline: "2025-12-31", asOf: "2025-06-01", status: .behind,
                probability: 0.05...0.07),
            .init(
                "no score yet, with a prior", evaluate: "leader: {indicator: score, subject: v4, prior: 0.4}",
                indicators: ["score": Examples.scores], deadline: "2025-12-31", asOf: "2025-03-01", status: .atRisk,
                probability: 0.34...0.36),
            .init(
                "no score yet, a day before the deadline", evaluate: "leader: {indicator: score, subject: v4, prior: 0.4}",
                indicators: ["score": Examples.scores], deadline: "2025-12-31", asOf: "2025-12-30", status: .behind,
                probability: 0.01...0.01),
            .init(
                "no score yet", evaluate: "leader: {indicator: score, subject: v4}",
                indicators: ["score": Examples.scores], deadline: "2025-12-31", asOf: "2025-06-01", status: .untestable, probability: nil),
        ])

    let indicator: IndicatorDefinition
    let subject: String
    let tolerance: Double
    let prior: Double?
    let behind: Double
    let hazard: Prior

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["indicator", "subject", "tolerance", "prior", "behind", "hazard"])
        let indicator = fields.required("indicator") { try parameters.numericIndicator($0) }
        let subject = fields.required("subject") { try $0.string() }
        tolerance = fields.optional("tolerance") { try $0.double() } ?? 0
        prior = fields.optional("prior") { try $0.probability() }
        behind = fields.optional("behind") { try $0.probability() } ?? 0.1
        hazard = Prior(probability: nil, shape: fields.optional("hazard") { try $0.oneOf(Prior.Shape.self) } ?? .constant)
        try fields.finishOrThrow()
        self.indicator = try fields.unwrap(indicator)
        self.subject = try fields.unwrap(subject)
    }

    var reads: [SeriesKey] { [SeriesKey(indicator: indicator.id, subject: nil)] }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let all = context.observations(of: indicator)
        let made = context.forecast.made
        // Every value of the subject tells where it stands; only one from the window can be the event.
        let own = all.filter { $0.subject == subject }
        let higherIsBetter = indicator.better != .lower
        var closest: (own: Observation, best: Observation)?
        for candidate in own {
            guard let value = candidate.value.number else { continue }
            // Every other subject's latest value on the day this one was published.
            var rivals: [String?: Observation] = [:]
            for other in all where other.date <= candidate.date && other.subject != subject { rivals[other.subject] = other }
            guard let best = Self.best(of: rivals.values, higherIsBetter: higherIsBetter), let bestValue = best.value.number else {
                if candidate.date < made { continue }
                return .happened(
                    "\(subject) is the only subject on \(indicator.id)", evidence: [Evidence.observation(candidate, of: indicator)])
            }
            let leads = higherIsBetter ? value + tolerance >= bestValue : value - tolerance <= bestValue
            if leads, candidate.date < made {
                closest = nil
                continue
            }
            if leads {
                return .happened(
                    "\(subject) led \(indicator.id) with \(value.formatted) on \(candidate.date) (next: \(best.subject ?? "-") \(bestValue.formatted))",
                    evidence: [Evidence.observation(candidate, of: indicator), Evidence.observation(best, of: indicator)])
            }
            closest = (candidate, best)
        }
        if let (ownValue, best) = closest {
            let summary =
                "\(subject) \(ownValue.value) on \(indicator.id) (\(ownValue.date)), \(best.subject ?? "-") leads at \(best.value)"
            let evidence = [Evidence.observation(ownValue, of: indicator), Evidence.observation(best, of: indicator)]
            if context.isPastDeadline {
                return all.contains { $0.date >= made }
                    ? .failed(summary, evidence: evidence)
                    : .untestable(
                        "no value on \(indicator.id) from \(made) to \(context.deadline)",
                        reasoning:
                            "no value on \(indicator.id) from \(made) to the deadline \(context.deadline): no data to decide; \(summary)")
            }
            let chance = hazard.remaining(of: behind, in: context)
            return .pending(
                chance, "\(summary); needs the lead by \(context.deadline)",
                reasoning: summary + "; 'behind' \(behind.formatted) over the window, \(context.chance(chance)) left", evidence: evidence)
        }
        if context.isPastDeadline {
            // Values of others in the window show the benchmark was watched: the subject did not lead.
            guard let best = Self.best(of: all.filter { $0.date >= made }, higherIsBetter: higherIsBetter) else {
                return .untestable("no value on \(indicator.id) from \(made) to \(context.deadline)")
            }
            return .failed(
                "no value of \(subject) on \(indicator.id) from \(made) to the deadline \(context.deadline), while others were scored "
                    + "(best: \(best.subject ?? "-") at \(best.value) on \(best.date))",
                evidence: [Evidence.observation(best, of: indicator)])
        }
        guard let prior else { return .untestable("no value of \(subject) on \(indicator.id) yet") }
        let chance = hazard.remaining(of: prior, in: context)
        return .pending(
            chance, "no value of \(subject) on \(indicator.id) yet; needs the lead by \(context.deadline)",
            reasoning:
                "no value of \(subject) on \(indicator.id) yet; prior \(prior.formatted) over the window, \(context.chance(chance)) left")
    }

    /// The best numeric observation among `observations` by the indicator's direction.
    static func best(of observations: some Sequence<Observation>, higherIsBetter: Bool) -> Observation? {
        observations.filter { $0.value.number != nil }.max { a, b in
            let (x, y) = (a.value.number!, b.value.number!)
            return higherIsBetter ? x < y : x > y
        }
    }
}
