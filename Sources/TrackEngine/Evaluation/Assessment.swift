import TrackCore

/// Whether a forecast's condition has been settled by the data, as of a day.
public enum Verdict: String, Sendable, Hashable, Codable {
    /// The condition holds: the target was reached (on or before the deadline).
    case happened
    /// The condition can no longer hold: the deadline passed without it, or the data rule it out.
    case failed
    /// Not settled yet; the probability says how likely it is.
    case pending
    /// Nothing to judge by yet (no data, or too little).
    case untestable
}

/// What an evaluator concludes about one forecast: a verdict, a probability, and why.
public struct Assessment: Sendable, Encodable {
    public var verdict: Verdict
    /// The chance the forecast comes true: 1 when it happened, 0 when it failed, nil when untestable.
    @EncodedAsNull public var probability: Double?
    /// What a person reads first, in plain words: the value now, what is needed and by when (the
    /// engine adds the chance or the verdict and keeps the line within `PlainSummary.limit`).
    public var summary: String
    /// How the evaluator reached its verdict (the model, its fitted numbers, its prior), for
    /// `track explain`; nil when the summary says it all.
    @EncodedAsNull public var reasoning: String?
    /// The observations and computed values the conclusion rests on.
    public var evidence: [Evidence]
    /// The modelled value at the deadline, for forecasts about a number.
    @EncodedAsNull public var projection: Projection?
    /// The assessments this one combines (for `all`, `any`, `not`), each with a label.
    public var parts: [Part]

    public struct Part: Sendable, Encodable {
        public var label: String
        public var assessment: Assessment

        public init(label: String, assessment: Assessment) {
            self.label = label
            self.assessment = assessment
        }
    }

    public init(
        verdict: Verdict, probability: Double?, summary: String, reasoning: String? = nil, evidence: [Evidence] = [],
        projection: Projection? = nil, parts: [Part] = []
    ) {
        self.verdict = verdict
        self.probability = probability.map { min(1, max(0, $0)) }
        self.summary = summary
        self.reasoning = reasoning
        self.evidence = evidence
        self.projection = projection
        self.parts = parts
    }

    public static func happened(_ summary: String, reasoning: String? = nil, evidence: [Evidence] = []) -> Assessment {
        Assessment(verdict: .happened, probability: 1, summary: summary, reasoning: reasoning, evidence: evidence)
    }

    public static func failed(_ summary: String, reasoning: String? = nil, evidence: [Evidence] = []) -> Assessment {
        Assessment(verdict: .failed, probability: 0, summary: summary, reasoning: reasoning, evidence: evidence)
    }

    public static func pending(
        _ probability: Double, _ summary: String, reasoning: String? = nil, evidence: [Evidence] = [], projection: Projection? = nil
    ) -> Assessment {
        Assessment(
            verdict: .pending, probability: probability, summary: summary, reasoning: reasoning, evidence: evidence, projection: projection)
    }

    public static func untestable(_ summary: String, reasoning: String? = nil, evidence: [Evidence] = []) -> Assessment {
        Assessment(verdict: .untestable, probability: nil, summary: summary, reasoning: reasoning, evidence: evidence)
    }
}

/// One piece of evidence: an observation, or a value an evaluator computed.
public struct Evidence: Sendable, Hashable, Encodable {
    /// What it is: "deepseek-v3 on gpqa-diamond", "fitted slope".
    public var label: String
    /// The value as shown, with its unit where it has one.
    public var value: String
    @EncodedAsNull public var date: Day?
    /// Where it comes from: the observation's source; nil for computed values.
    @EncodedAsNull public var source: String?
    /// The indicator it was read from, if any.
    @EncodedAsNull public var indicator: String?
    /// The subject (a model, a company) of the indicator it is about, if any: what a chart highlights.
    @EncodedAsNull public var subject: String?

    public init(
        label: String, value: String, date: Day? = nil, source: String? = nil, indicator: String? = nil, subject: String? = nil
    ) {
        self.label = label
        self.value = value
        self.date = date
        self.source = source
        self.indicator = indicator
        self.subject = subject
    }

    /// An observation of `indicator`, as evidence.
    public static func observation(_ observation: Observation, of indicator: IndicatorDefinition) -> Evidence {
        let unit = indicator.unit.map { " \($0)" } ?? ""
        let label = [indicator.id, observation.subject].compactMap { $0 }.joined(separator: " / ")
        return Evidence(
            label: label, value: observation.value.description + unit, date: observation.date, source: observation.source,
            indicator: indicator.id, subject: observation.subject)
    }

    /// A computed value.
    public static func computed(_ label: String, _ value: String) -> Evidence {
        Evidence(label: label, value: value)
    }
}

/// A modelled value at a day, with an interval.
public struct Projection: Sendable, Hashable, Encodable {
    public var day: Day
    public var value: Double
    public var low: Double
    public var high: Double
    /// The interval's coverage, e.g. 0.8 for an 80% interval.
    public var coverage: Double

    public init(day: Day, value: Double, low: Double, high: Double, coverage: Double) {
        self.day = day
        self.value = value
        self.low = low
        self.high = high
        self.coverage = coverage
    }
}
