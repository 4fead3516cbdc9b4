import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// Runs simulated forecasts through the real loader, engine and plugins, as a workspace in a
/// folder, and scores them beside the reference estimators.
public enum CalibrationRun {
    /// The name of track's own estimates among the scores.
    public static let track = "track"

    /// Every forecast's evaluation (in order), from a workspace written to `directory`.
    public static func evaluate(_ forecasts: [SimulatedForecast], in directory: String) throws -> [Evaluation] {
        guard !forecasts.isEmpty else { return [] }
        let manager = FileManager.default
        try? manager.removeItem(atPath: directory)
        try manager.createDirectory(atPath: directory + "/indicators", withIntermediateDirectories: true)
        var predictions = "sources:\n  - {id: sim, title: Simulated}\npredictions:\n"
        var written = Set<String>()
        for (index, forecast) in forecasts.enumerated() {
            if written.insert(forecast.indicatorID).inserted {
                try forecast.indicator.write(
                    toFile: directory + "/indicators/\(forecast.indicatorID).yaml", atomically: false, encoding: .utf8)
            }
            predictions += """
                  - id: f\(index)
                    statement: Simulated forecast \(index).
                    source: sim
                    made: \(forecast.made)
                    deadline: \(forecast.deadline)
                    criteria: Known from the simulation.
                    evaluate: {\(forecast.evaluate)}

                """
        }
        try predictions.write(toFile: directory + "/predictions.yaml", atomically: false, encoding: .utf8)
        let loaded = WorkspaceLoader.load(root: directory)
        let engine = EvaluationEngine(workspace: loaded.workspace, registry: BuiltInEvaluators.registry)
        let problems = loaded.errors + engine.diagnostics.filter { $0.severity == .error }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        let results = Results(count: forecasts.count)
        DispatchQueue.concurrentPerform(iterations: forecasts.count) { index in
            results.set(index, engine.evaluate(loaded.workspace.predictions[index], asOf: forecasts[index].asOf))
        }
        return results.all
    }

    /// The scores of track and of every reference estimator on `forecasts`, track first. An
    /// untestable evaluation counts as 0.5.
    public static func scores(_ forecasts: [SimulatedForecast], evaluations: [Evaluation]) -> [EstimatorScores] {
        let ours = evaluations.map { evaluation in
            SimulatedForecast.Estimate(
                evaluation.probability ?? 0.5,
                interval: evaluation.assessment?.projection.map { $0.low...$0.high })
        }
        var scores = [EstimatorScores(name: track, estimates: ours, forecasts: forecasts)]
        for name in Set(forecasts.flatMap(\.references.keys)).sorted() {
            let usable = forecasts.indices.filter { forecasts[$0].references[name] != nil }
            scores.append(
                EstimatorScores(
                    name: name, estimates: usable.map { forecasts[$0].references[name]! }, forecasts: usable.map { forecasts[$0] }))
        }
        return scores
    }

    /// Evaluations filled in from several threads.
    private final class Results: @unchecked Sendable {
        private var values: [Evaluation?]
        private let lock = NSLock()

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ evaluation: Evaluation) {
            lock.withLock { values[index] = evaluation }
        }

        var all: [Evaluation] { lock.withLock { values.map { $0! } } }
    }
}
