import TrackCore
import TrackEngine

/// The list that registers the built-in evaluator plugins.
public enum BuiltInEvaluators {
    /// Every built-in plugin, in the order `track plugins` lists them.
    public static let all: [any Evaluator.Type] = [
        ThresholdEvaluator.self,
        TrendEvaluator.self,
        PathEvaluator.self,
        MilestoneEvaluator.self,
        LeaderEvaluator.self,
        AllEvaluator.self,
        AnyEvaluator.self,
        NotEvaluator.self,
        ComputeEfficiencyEvaluator.self,
        CapabilityPriceEvaluator.self,
        MoECostEvaluator.self,
        TrainingComputeEvaluator.self,
        ExecEvaluator.self,
    ]

    /// A registry of the built-in plugins.
    public static var registry: EvaluatorRegistry { EvaluatorRegistry(all) }
}
