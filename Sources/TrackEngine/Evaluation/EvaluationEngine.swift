import Dispatch
import Synchronization
import TrackCore

/// Evaluates every forecast of a workspace as of any day, with the plugins of a registry.
///
/// Rules, in order: a recorded resolution decides (yes: met, no: missed); a forecast without
/// an evaluator is untestable; otherwise the plugin assesses it over a view of the data cut at
/// the day (or at the deadline, once passed) and `StatusThresholds` turns the assessment into a
/// status. Then the engine enforces what a verdict means, whatever the plugin:
/// - after the deadline nothing is pending: a plugin that could not settle gives `untestable`;
/// - a pending probability stays within the workspace's `probability-bounds` (0.01...0.99);
/// - the evaluation says how old the newest data it read are, and whether they are stale.
/// A plugin that fails yields `error` for that forecast alone.
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

    /// Every problem in the forecasts' `evaluate:` configurations, and the plugins' warnings.
    public var diagnostics: [Diagnostic] {
        Diagnostic.sortedForReport(buildErrors.values.flatMap(\.diagnostics) + evaluators.values.flatMap(\.warnings) + alreadyTrueWhenMade)
    }

    /// A warning for each forecast whose event had already happened on the day it was made (a
    /// milestone reached before it): such a forecast claims nothing about the future.
    private var alreadyTrueWhenMade: [Diagnostic] {
        workspace.predictions.compactMap { prediction in
            guard let evaluator = evaluators[prediction.id], let node = prediction.evaluate else { return nil }
            let context = EvaluationContext(store: workspace.series, prediction: prediction, asOf: prediction.made)
            guard let what = evaluator.alreadyTrue(whenMade: context) else { return nil }
            return Diagnostic(
                "'\(prediction.id)' was already true when made (\(prediction.made)): \(what); a forecast of what has happened "
                    + "tells nothing, so date it before the event or forecast what comes next",
                at: node.mark, severity: .warning)
        }
    }

    /// Every forecast's evaluation as of `asOf`, in the order of predictions.yaml.
    public func evaluateAll(asOf: Day) -> [Evaluation] {
        evaluate(workspace.predictions, asOf: asOf)
    }

    /// The evaluations of `predictions` as of `asOf`, in their order. Forecasts are evaluated in
    /// parallel, up to the core count (an `exec` plugin's program waits on its own).
    public func evaluate(_ predictions: [Prediction], asOf: Day) -> [Evaluation] {
        guard predictions.count > 1 else { return predictions.map { evaluate($0, asOf: asOf) } }
        let results = Mutex<[Evaluation?]>(Array(repeating: nil, count: predictions.count))
        DispatchQueue.concurrentPerform(iterations: predictions.count) { index in
            let evaluation = evaluate(predictions[index], asOf: asOf)
            results.withLock { $0[index] = evaluation }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// One forecast's evaluation as of `asOf`.
    public func evaluate(_ prediction: Prediction, asOf: Day) -> Evaluation {
        func evaluation(_ status: Status, _ probability: Double?, _ summary: String, _ assessment: Assessment? = nil) -> Evaluation {
            Evaluation(
                predictionID: prediction.id, asOf: asOf, status: status, probability: probability, summary: summary, assessment: assessment)
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
        let context = EvaluationContext(
            store: workspace.series, prediction: prediction, asOf: asOf, probabilityBounds: workspace.settings.probabilityBounds)
        var assessment: Assessment
        do {
            assessment = try evaluator.assess(context)
        } catch {
            return evaluation(.error, nil, "\(type(of: evaluator).identifier) failed: \(error)")
        }
        assessment = settled(assessment, in: context)
        let status = workspace.settings.statusThresholds.status(of: assessment, deadlinePassed: context.isPastDeadline)
        let line = PlainSummary.line(
            assessment.summary, verdict: assessment.verdict, probability: assessment.probability,
            bounds: workspace.settings.probabilityBounds)
        return Evaluation(
            predictionID: prediction.id, asOf: asOf, status: status, probability: assessment.probability, summary: line,
            reasoning: assessment.reasoning ?? (line.hasPrefix(assessment.summary) ? nil : assessment.summary), assessment: assessment,
            freshness: freshness(of: context))
    }

    /// The naive baseline's probability for `prediction` as of the day it was made (see
    /// `Evaluator.naiveBaseline`); nil without an evaluator that has one.
    public func naiveBaseline(for prediction: Prediction) -> Double? {
        guard let evaluator = evaluators[prediction.id] else { return nil }
        return evaluator.naiveBaseline(EvaluationContext(store: workspace.series, prediction: prediction, asOf: prediction.made))
    }

    /// The assessment with the engine's rules applied: settled after the deadline, bounded before it.
    private func settled(_ assessment: Assessment, in context: EvaluationContext) -> Assessment {
        guard assessment.verdict == .pending else { return assessment }
        var result = assessment
        if context.isPastDeadline {
            result.verdict = .untestable
            result.probability = nil
            result.summary = "not settled at the deadline \(context.deadline): the evaluator could not decide it"
            result.reasoning = [assessment.summary, assessment.reasoning].compactMap { $0 }.joined(separator: ": ")
            return result
        }
        let bounds = workspace.settings.probabilityBounds
        result.probability = assessment.probability.map { min(bounds.upperBound, max(bounds.lowerBound, $0)) }
        return result
    }

    /// Each indicator the plugin read: its newest observation at the cut-off, and whether that is
    /// older than the indicator's `stale-after-days` (else the workspace's).
    private func freshness(of context: EvaluationContext) -> [Evaluation.Freshness] {
        context.data.newestRead.compactMap { id, newest -> Evaluation.Freshness? in
            guard let newest else { return nil }
            let limit = workspace.indicator(id)?.staleAfterDays ?? workspace.settings.staleAfterDays
            let age = newest.days(until: context.cutoff)
            return Evaluation.Freshness(indicator: id, newest: newest, ageDays: age, stale: age > limit)
        }.sorted { $0.indicator < $1.indicator }
    }
}
