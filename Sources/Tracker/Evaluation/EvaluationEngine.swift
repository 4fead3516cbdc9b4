/// Evaluates every forecast of a workspace as of any day, with the plugins of a registry.
///
/// Rules, in order: a recorded resolution decides (yes: met, no: missed); a forecast without
/// an evaluator is untestable; otherwise the plugin assesses it as of the day (or as of the
/// deadline, once passed) and `StatusThresholds` turns the assessment into a status. A plugin
/// that fails yields `error` for that forecast alone.
public struct EvaluationEngine: Sendable {
    public let workspace: Workspace
    public let registry: EvaluatorRegistry
    /// The evaluator of each forecast that has a valid one, by prediction id.
    private let evaluators: [String: any Evaluator]
    /// Why a forecast's evaluator could not be built, by prediction id.
    private let buildErrors: [String: DiagnosticsError]

    public init(workspace: Workspace, registry: EvaluatorRegistry) {
        self.workspace = workspace
        self.registry = registry
        var evaluators: [String: any Evaluator] = [:]
        var buildErrors: [String: DiagnosticsError] = [:]
        for prediction in workspace.predictions {
            guard let node = prediction.evaluate else { continue }
            do {
                evaluators[prediction.id] = try registry.evaluator(for: node, workspace: workspace)
            } catch {
                buildErrors[prediction.id] = error
            }
        }
        self.evaluators = evaluators
        self.buildErrors = buildErrors
    }

    /// Every problem in the forecasts' `evaluate:` configurations.
    public var diagnostics: [Diagnostic] {
        Diagnostic.sortedForReport(buildErrors.values.flatMap(\.diagnostics))
    }

    /// Every forecast's evaluation as of `asOf`, in the order of predictions.yaml.
    public func evaluateAll(asOf: Day) -> [Evaluation] {
        workspace.predictions.map { evaluate($0, asOf: asOf) }
    }

    /// One forecast's evaluation as of `asOf`.
    public func evaluate(_ prediction: Prediction, asOf: Day) -> Evaluation {
        let deadlinePassed = asOf > prediction.deadline.day
        func evaluation(_ status: Status, _ probability: Double?, _ summary: String, _ assessment: Assessment? = nil) -> Evaluation {
            Evaluation(predictionID: prediction.id, asOf: asOf, status: status, probability: probability, summary: summary, assessment: assessment)
        }
        if let resolution = prediction.resolution, resolution.date <= asOf {
            let summary = "resolved \(resolution.outcome.rawValue) on \(resolution.date)"
            switch resolution.outcome {
            case .yes: return evaluation(.met, 1, summary)
            case .no: return evaluation(.missed, 0, summary)
            case .ambiguous, .annulled: return evaluation(.untestable, nil, summary)
            }
        }
        if let error = buildErrors[prediction.id] {
            return evaluation(.error, nil, "invalid 'evaluate': \(error.diagnostics.first?.message ?? "see track validate")")
        }
        guard let evaluator = evaluators[prediction.id] else {
            return evaluation(.untestable, nil, "no evaluator configured")
        }
        do {
            let assessment = try evaluator.assess(EvaluationContext(workspace: workspace, prediction: prediction, asOf: asOf))
            let status = workspace.settings.statusThresholds.status(of: assessment, deadlinePassed: deadlinePassed)
            return evaluation(status, assessment.probability, assessment.summary, assessment)
        } catch {
            return evaluation(.error, nil, "\(type(of: evaluator).identifier) failed: \(error)")
        }
    }
}
