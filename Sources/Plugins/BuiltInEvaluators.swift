/// The list that registers the built-in evaluator plugins. Empty until the evaluation engine lands.
public enum BuiltInEvaluators {
    /// The identifiers of the built-in evaluators.
    public static let identifiers: [String] = []
}
