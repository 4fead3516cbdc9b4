import TrackCore

/// Which numbers of an indicator a plugin reads: one subject's, or, for series with several
/// subjects, the best (or worst, or latest) value known on each day.
public struct SeriesSelector: Sendable {
    public enum Aggregate: String, Sendable, CaseIterable {
        /// On each day, the best of every subject's latest value (by the indicator's `better`).
        case best
        /// On each day, the worst of every subject's latest value.
        case worst
        /// The latest observation, whatever its subject.
        case latest
    }

    /// A value of the selected series on a day, with the observation it comes from.
    public struct Point: Sendable {
        public var day: Day
        public var value: Double
        public var observation: Observation

        /// A point of a series a plugin derives from observations (the cheapest price at a score, say).
        public init(day: Day, value: Double, observation: Observation) {
            self.day = day
            self.value = value
            self.observation = observation
        }
    }

    public let indicator: IndicatorDefinition
    public let subject: String?
    public let aggregate: Aggregate

    /// The parameter names a plugin using a selector declares.
    public static let fields = ["indicator", "subject", "aggregate"]

    /// Their descriptions, for the plugin's `EvaluatorDescription`.
    public static let parameters: [EvaluatorDescription.Parameter] = [
        .init("indicator", "indicator id", "the numeric indicator"),
        .init("subject", "string", default: "all subjects", "read only this subject's observations"),
        .init(
            "aggregate", "best | worst | latest", default: "best (latest without 'better' or without subjects)",
            "how subjects combine when no subject is given; best and worst are record series"),
    ]

    /// Reads `indicator`, `subject` and `aggregate` from a plugin's parameters.
    public static func read(_ fields: inout FieldReader, _ parameters: EvaluatorParameters) -> SeriesSelector? {
        let indicator = fields.required("indicator") { try parameters.numericIndicator($0) }
        let subject = fields.optional("subject") { try $0.string() }
        let aggregate = fields.optional("aggregate") { try $0.oneOf(Aggregate.self) }
        // A subject without data yet is allowed: a model not yet released has no scores.
        guard let indicator else { return nil }
        // Without subjects there is one series: every value counts, as the latest.
        let combines = indicator.better != nil && parameters.hasSubjects(indicator)
        return SeriesSelector(indicator: indicator, subject: subject, aggregate: aggregate ?? (combines ? .best : .latest))
    }

    /// Reads a selector that stands alone as a mapping (`relative-to: {indicator: ..., subject: ...}`).
    public static func read(_ node: YAMLNode, _ parameters: EvaluatorParameters, context: String) throws -> SeriesSelector {
        var fields = try FieldReader(node, context: context, fields: Self.fields)
        let selector = read(&fields, parameters)
        try fields.finishOrThrow()
        return try fields.unwrap(selector)
    }

    public init(indicator: IndicatorDefinition, subject: String?, aggregate: Aggregate) {
        self.indicator = indicator
        self.subject = subject
        self.aggregate = aggregate
    }

    /// Whether `value` is at least as good as `target` in the indicator's direction (higher by default).
    public func meets(_ value: Double, _ target: Double) -> Bool {
        indicator.better == .lower ? value <= target : value >= target
    }

    /// What the series is, in words: "deepseek-api-output-price / deepseek-chat", "mmlu (best)".
    public var label: String {
        if let subject { return "\(indicator.id) / \(subject)" }
        return aggregate == .latest ? indicator.id : "\(indicator.id) (\(aggregate.rawValue))"
    }

    /// The sign of "good enough" in the indicator's direction: "≤" when lower is better, else "≥".
    public var sign: String { indicator.better == .lower ? "≤" : "≥" }

    /// The series this selector reads, for checks across parts.
    public var key: SeriesKey { SeriesKey(indicator: indicator.id, subject: subject) }

    /// Whether the selected series is a record series: the running best (or worst) across subjects,
    /// which only ever moves one way, by steps.
    public var isRecordSeries: Bool { subject == nil && aggregate != .latest }

    /// The selected series, oldest first, from the data the context may see. One subject's series
    /// and `latest` keep every observation; `best` and `worst` keep one point per new record (the
    /// first observation, then each value strictly better, or worse, than every earlier one), so a
    /// frontier that stands still adds no points.
    public func points(in data: DataView) -> [Point] {
        let observations = data.observations(of: indicator, subject: subject)
        var points: [Point] = []
        points.reserveCapacity(isRecordSeries ? 16 : observations.count)
        let wantsHigh = (indicator.better != .lower) == (aggregate == .best)
        for observation in observations {
            guard let value = observation.value.number else { continue }
            if isRecordSeries, let record = points.last?.value, wantsHigh ? value <= record : value >= record { continue }
            points.append(Point(day: observation.date, value: value, observation: observation))
        }
        return points
    }
}
