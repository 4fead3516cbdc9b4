import Tracker

/// The naive baseline that `track score` measures skill against: the trend of the forecast's own
/// indicator alone, extrapolated to the deadline from the data on the day the forecast was made.
/// It reads the first `threshold` or `trend` inside a forecast's `evaluate:` (through `all` and
/// `any`); forecasts without one, or with fewer than three points then, have no baseline.
public struct NaiveTrendBaseline: Sendable {
    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    public func probability(for prediction: Prediction) -> Double? {
        guard let evaluate = prediction.evaluate, let node = Self.numericTarget(in: evaluate),
              var fields = try? FieldReader(node, context: "baseline", fields: SeriesSelector.fields + ["target"]) else { return nil }
        let parameters = EvaluatorParameters(node: node, identifier: "trend", workspace: workspace, registry: EvaluatorRegistry([]))
        guard let series = SeriesSelector.read(&fields, parameters),
              let target = fields.optional("target", { try Target.read($0, parameters) }) else { return nil }
        let context = EvaluationContext(workspace: workspace, prediction: prediction, asOf: prediction.made)
        let points = series.points(asOf: context.asOf)
        guard let (goal, _) = target.resolve(for: series, in: context) else { return nil }
        if points.contains(where: { series.meets($0.value, goal) }) { return 1 }
        guard points.count >= 3, let model = TrendModel(points: points, fit: .auto) else { return nil }
        return model.chance(of: goal, at: prediction.deadline.day, higherIsBetter: series.indicator.better != .lower).probability
    }

    /// The parameters of the first `threshold` or `trend` in an `evaluate:` configuration.
    static func numericTarget(in node: YAMLNode) -> YAMLNode? {
        guard let mapping = node.mappingView, mapping.count == 1 else { return nil }
        let entry = mapping.entry(at: 0)
        switch entry.key {
        case ThresholdEvaluator.identifier, TrendEvaluator.identifier: return entry.value
        case AllEvaluator.identifier, AnyEvaluator.identifier: return entry.value.items?.lazy.compactMap(numericTarget).first
        default: return nil
        }
    }
}
