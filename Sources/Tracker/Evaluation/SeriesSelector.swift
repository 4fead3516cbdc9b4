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
    }

    public let indicator: Indicator
    public let subject: String?
    public let aggregate: Aggregate

    /// The parameter names a plugin using a selector declares.
    public static let fields = ["indicator", "subject", "aggregate"]

    /// Their descriptions, for the plugin's `EvaluatorDescription`.
    public static let parameters: [EvaluatorDescription.Parameter] = [
        .init("indicator", "indicator id", "the numeric indicator"),
        .init("subject", "string", default: "all subjects", "read only this subject's observations"),
        .init("aggregate", "best | worst | latest", default: "best (latest without 'better')", "how subjects combine when no subject is given"),
    ]

    /// Reads `indicator`, `subject` and `aggregate` from a plugin's parameters.
    public static func read(_ fields: inout FieldReader, _ parameters: EvaluatorParameters) -> SeriesSelector? {
        let indicator = fields.required("indicator") { try parameters.numericIndicator($0) }
        let subject = fields.optional("subject") { try $0.string() }
        let aggregate = fields.optional("aggregate") { try $0.oneOf(Aggregate.self) }
        // A subject without data yet is allowed: a model not yet released has no scores.
        guard let indicator else { return nil }
        return SeriesSelector(indicator: indicator, subject: subject, aggregate: aggregate ?? (indicator.better == nil ? .latest : .best))
    }

    /// Reads a selector that stands alone as a mapping (`relative-to: {indicator: ..., subject: ...}`).
    public static func read(_ node: YAMLNode, _ parameters: EvaluatorParameters, context: String) throws -> SeriesSelector {
        var fields = try FieldReader(node, context: context, fields: Self.fields)
        let selector = read(&fields, parameters)
        try fields.finishOrThrow()
        return try fields.unwrap(selector)
    }

    public init(indicator: Indicator, subject: String?, aggregate: Aggregate) {
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
        return indicator.subjects.isEmpty ? indicator.id : "\(indicator.id) (\(aggregate.rawValue))"
    }

    /// The selected series, oldest first, from observations dated on or before `asOf`.
    public func points(asOf: Day) -> [Point] {
        let observations = indicator.observations
            .filter { $0.date <= asOf && (subject == nil || $0.subject == subject) }
            .sorted { $0.date < $1.date }
        guard subject == nil, !indicator.subjects.isEmpty, aggregate != .latest else {
            return observations.compactMap { observation in
                observation.value.number.map { Point(day: observation.date, value: $0, observation: observation) }
            }
        }
        // Best or worst of each subject's latest value, on each day something was observed.
        var latestBySubject: [String?: Observation] = [:]
        var points: [Point] = []
        for (index, observation) in observations.enumerated() {
            latestBySubject[observation.subject] = observation
            if index + 1 < observations.count, observations[index + 1].date == observation.date { continue }
            let candidates = latestBySubject.values.compactMap { candidate in candidate.value.number.map { (candidate, $0) } }
            let wantsHigh = (indicator.better != .lower) == (aggregate == .best)
            guard let chosen = candidates.max(by: { wantsHigh ? $0.1 < $1.1 : $0.1 > $1.1 }) else { continue }
            points.append(Point(day: observation.date, value: chosen.1, observation: chosen.0))
        }
        return points
    }
}
