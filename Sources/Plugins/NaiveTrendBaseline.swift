import Tracker

/// The naive baseline that `track score` measures skill against: a random walk with drift fitted
/// by least squares to the forecast's own series alone (on its log or logit scale), on the day the
/// forecast was made, at its fitted parameters, and asked the forecast's question. It reads the first `threshold` or `trend` inside a forecast's `evaluate:` (through
/// `all` and `any`); forecasts without one, or with fewer than three points then, have no baseline.
public struct NaiveTrendBaseline: Sendable {
    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    public func probability(for prediction: Prediction) -> Double? {
        guard let evaluate = prediction.evaluate, let node = Self.numericTarget(in: evaluate),
              var fields = try? FieldReader(node, context: "baseline", fields: NumericTarget.fields + ["prior", "hazard", "model", "min-points"])
        else { return nil }
        let parameters = EvaluatorParameters(node: node, identifier: "trend", workspace: workspace, registry: EvaluatorRegistry([]))
        guard let numeric = NumericTarget.read(&fields, parameters) else { return nil }
        let context = EvaluationContext(store: workspace.series, prediction: prediction, asOf: prediction.made)
        switch numeric.check(context) {
        case .settled(let assessment):
            return assessment.probability
        case .open(let points, let goal, _):
            guard let scaled = numeric.scaled(points, goal: goal),
                  let walk = RandomWalkReference(times: scaled.times, values: scaled.values, minimumVolatility: scaled.spreadFloor)
            else { return nil }
            let horizon = scaled.time(of: context.deadline) - walk.lastTime
            let level = scaled.oriented(goal)
            return numeric.timing == .by ? walk.firstPassage(to: level, within: horizon) : walk.chanceAbove(level, after: horizon)
        }
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
