import TrackCore

/// A target value for a numeric series: a number, a multiple of the series' own value on a
/// baseline day (`{factor: 0.1}`: a tenfold fall from the day the forecast was made), or a
/// multiple of another series' latest value (`{indicator: cloud-price, factor: 0.7}`).
public enum Target: Sendable {
    case value(Double)
    case relativeToBaseline(factor: Double, baseline: Day?)
    case relativeToSeries(SeriesSelector, factor: Double)

    static let fields = ["factor", "baseline", "indicator", "subject", "aggregate"]

    /// Reads `target: 0.42`, `target: {factor: 0.1, baseline: 2026-06-15}` or `target: {indicator: ..., factor: 0.7}`.
    public static func read(_ node: YAMLNode, _ parameters: EvaluatorParameters) throws -> Target {
        if node.scalar != nil { return .value(try node.double()) }
        var fields = try FieldReader(node, context: "target", fields: fields)
        let factor = fields.required("factor") { try $0.double() }
        let baseline = fields.optional("baseline") { try $0.day() }
        let series = fields.node("indicator") == nil ? nil : SeriesSelector.read(&fields, parameters)
        try fields.finishOrThrow()
        let value = try fields.unwrap(factor)
        if let series { return .relativeToSeries(series, factor: value) }
        return .relativeToBaseline(factor: value, baseline: baseline)
    }

    /// The other series a target reads, if any.
    var reads: [SeriesKey] {
        if case .relativeToSeries(let other, _) = self { return [other.key] }
        return []
    }

    /// The target's value for `series`, whose points the context may see are `points`, with the
    /// evidence it rests on; nil when the baseline has no data yet.
    func resolve(for series: SeriesSelector, points: [SeriesSelector.Point], in context: EvaluationContext) -> (
        value: Double, evidence: [Evidence]
    )? {
        switch self {
        case .value(let value):
            return (value, [])
        case .relativeToBaseline(let factor, let baseline):
            let day = baseline ?? context.forecast.made
            // The series' value on the baseline day: never one after the cut-off, even when the baseline lies after it.
            guard let base = points.last(where: { $0.day <= day }) else { return nil }
            return (
                base.value * factor,
                [
                    Evidence.observation(base.observation, of: series.indicator),
                    .computed("target: \(factor.formatted) x the value on \(day)", (base.value * factor).formatted),
                ]
            )
        case .relativeToSeries(let other, let factor):
            guard let latest = other.points(in: context.data).last else { return nil }
            return (
                latest.value * factor,
                [
                    Evidence.observation(latest.observation, of: other.indicator),
                    .computed("target: \(factor.formatted) x \(other.label)", (latest.value * factor).formatted),
                ]
            )
        }
    }

    /// In words, for summaries.
    var description: String {
        switch self {
        case .value(let value): value.formatted
        case .relativeToBaseline(let factor, let baseline):
            "\(factor.formatted)x its value on \(baseline?.description ?? "the day the forecast was made")"
        case .relativeToSeries(let other, let factor): "\(factor.formatted)x \(other.label)"
        }
    }
}
