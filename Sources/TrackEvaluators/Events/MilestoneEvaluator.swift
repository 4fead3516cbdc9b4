import TrackCore
import TrackEngine

/// `milestone`: a state indicator reaches a state, optionally with a numeric condition then.
struct MilestoneEvaluator: Evaluator {
    static let identifier = "milestone"

    static let description = EvaluatorDescription(
        summary: """
            A state indicator reaches a state (its states are ordered: reaching a later one counts, unless 'exactly'), \
            optionally with a numeric condition on another indicator once it has (a valuation above $100B at listing). \
            Until it happens, the chance left comes from the prior, spread over the forecast's window.
            """,
        parameters: [
            .init("indicator", "indicator id", "the state indicator"),
            .init("subject", "string", default: "all subjects", "read only this subject's observations"),
            .init("reaches", "state", "the state to reach"),
            .init("exactly", "true | false", default: "false", "only this state counts, not a later one"),
            .init(
                "when", "{indicator, subject, above | below}", default: "no condition",
                "a condition on the latest value of another indicator from the day the state is reached"),
            Prior.parameter,
            Prior.shapeParameter,
        ],
        examples: [
            .init(
                "released", evaluate: "milestone: {indicator: release, subject: v5, reaches: announced}",
                indicators: ["release": Examples.release], deadline: "2025-12-31", asOf: "2025-07-01", status: .ahead, probability: 1...1),
            .init(
                "still a rumour, the window closing",
                evaluate: "milestone: {indicator: release, subject: v4, reaches: released, prior: 0.5}",
                indicators: ["release": Examples.release], deadline: "2025-12-31", asOf: "2025-11-01", status: .behind,
                probability: 0.05...0.2),
            .init(
                "listed above the valuation",
                evaluate: "milestone: {indicator: company, reaches: listed, exactly: true, when: {indicator: valuation, above: 1e11}}",
                indicators: ["company": Examples.company, "valuation": Examples.valuation], deadline: "2026-12-31", asOf: "2025-10-01",
                status: .ahead, probability: 1...1),
            .init(
                "listed below the valuation",
                evaluate: "milestone: {indicator: company, reaches: listed, when: {indicator: valuation, above: 2e11}}",
                indicators: ["company": Examples.company, "valuation": Examples.valuation], deadline: "2026-12-31", asOf: "2025-10-01",
                status: .missed, probability: 0...0),
            .init(
                "not reached by the deadline", evaluate: "milestone: {indicator: company, reaches: acquired, exactly: true}",
                indicators: ["company": Examples.company], deadline: "2025-12-31", asOf: "2026-02-01", status: .missed, probability: 0...0),
        ])

    /// A numeric condition checked once the state is reached.
    struct Condition: Sendable {
        let series: SeriesSelector
        let bound: Double
        let above: Bool

        func holds(_ value: Double) -> Bool { above ? value > bound : value < bound }
        var description: String { "\(series.label) \(above ? ">" : "<") \(bound.formatted)" }
    }

    let indicator: IndicatorDefinition
    let subject: String?
    let state: String
    let exactly: Bool
    let condition: Condition?
    let prior: Prior

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["indicator", "subject", "reaches", "exactly", "when", "prior", "hazard"])
        let indicator = fields.required("indicator") { try parameters.stateIndicator($0) }
        subject = fields.optional("subject") { try $0.string() }
        let state = fields.required("reaches") { node throws(Diagnostic) -> String in
            let state = try node.string()
            if let indicator, !indicator.states.contains(state) {
                throw Diagnostic(
                    Suggestion.message(unknown: state, expected: indicator.states, noun: "state of '\(indicator.id)'"), at: node.mark)
            }
            return state
        }
        exactly = fields.optional("exactly") { try $0.bool() } ?? false
        condition = fields.optional("when") { node in
            var when = try FieldReader(node, context: "when", fields: SeriesSelector.fields + ["above", "below"])
            let series = SeriesSelector.read(&when, parameters)
            let above = when.optional("above") { try $0.double() }
            let below = when.optional("below") { try $0.double() }
            if (above == nil) == (below == nil) { when.report(Diagnostic("'when' takes one of 'above' or 'below'", at: node.mark)) }
            try when.finishOrThrow()
            return Condition(series: try when.unwrap(series), bound: (above ?? below)!, above: above != nil)
        }
        prior = Prior.read(&fields)
        try fields.finishOrThrow()
        self.indicator = try fields.unwrap(indicator)
        self.state = try fields.unwrap(state)
    }

    var reads: [SeriesKey] {
        [SeriesKey(indicator: indicator.id, subject: subject)] + (condition.map { [$0.series.key] } ?? [])
    }

    /// The states this milestone counts as reached, when reaching a later one implies reaching it
    /// (nil with `exactly` or a condition): two such parts on one series are nested events.
    var nesting: (series: SeriesKey, rank: Int)? {
        guard !exactly, condition == nil, let rank = indicator.states.firstIndex(of: state) else { return nil }
        return (SeriesKey(indicator: indicator.id, subject: subject), rank)
    }

    /// The first observation of the state (or a later one, unless `exactly`).
    func reached(in observations: ArraySlice<Observation>) -> Observation? {
        let goal = indicator.states.firstIndex(of: state)!
        return observations.first { observation in
            guard case .state(let value) = observation.value, let index = indicator.states.firstIndex(of: value) else { return false }
            return exactly ? index == goal : index >= goal
        }
    }

    func alreadyTrue(whenMade context: EvaluationContext) -> String? {
        guard condition == nil, let reached = reached(in: context.observations(of: indicator, subject: subject)),
            reached.date < context.forecast.made
        else { return nil }
        return "\([indicator.id, subject].compactMap { $0 }.joined(separator: " / ")) reached '\(reached.value)' on \(reached.date)"
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let observations = context.observations(of: indicator, subject: subject)
        let what = [indicator.id, subject].compactMap { $0 }.joined(separator: " / ")
        if let reached = reached(in: observations) {
            let evidence = [Evidence.observation(reached, of: indicator)]
            // A state reached before the forecast was made is history: the forecast was true from the start, and says so.
            let already = reached.date < context.forecast.made ? "already true when made: " : ""
            guard let condition else {
                return .happened("\(already)\(what) reached '\(reached.value)' on \(reached.date)", evidence: evidence)
            }
            let values = condition.series.points(in: context.data).filter { $0.day >= reached.date }
            guard let value = values.last else {
                let summary =
                    "\(what) reached '\(reached.value)' on \(reached.date); no value of \(condition.series.label) since to check \(condition.description)"
                return context.isPastDeadline
                    ? .untestable(summary, evidence: evidence) : .pending(0.5, summary, evidence: evidence)
            }
            let all = evidence + [Evidence.observation(value.observation, of: condition.series.indicator)]
            return condition.holds(value.value)
                ? .happened(
                    "\(already)\(what) reached '\(reached.value)' on \(reached.date) with \(condition.series.label) at \(value.value.formatted)",
                    evidence: all)
                : .failed(
                    "\(what) reached '\(reached.value)' on \(reached.date) but \(condition.series.label) is \(value.value.formatted), not \(condition.description)",
                    evidence: all)
        }
        let current = observations.last.map { "'\($0.value)' since \($0.date)" } ?? "no observation yet"
        let evidence = observations.last.map { [Evidence.observation($0, of: indicator)] } ?? []
        if context.isPastDeadline {
            guard !observations.isEmpty else {
                return .untestable("no observation of \(what) by \(context.deadline)")
            }
            return .failed("\(what) not '\(state)' by \(context.deadline) (\(current))", evidence: evidence)
        }
        let probability = prior.remaining(in: context)
        return .pending(
            probability,
            "\(what) \(observations.last.map { "'\($0.value)' since \($0.date)" } ?? "not observed yet"); "
                + "needs '\(state)' by \(context.deadline)",
            reasoning: "\(what) not yet '\(state)' (\(current)); \(prior.explanation(in: context))",
            evidence: evidence + [.computed("chance left", context.chance(probability))])
    }
}
