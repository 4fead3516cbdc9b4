import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// The figures one estimator earns on a set of forecasts with known outcomes.
public struct EstimatorScores: Sendable {
    public var name: String
    public var count: Int
    public var brier: Double
    public var logScore: Double
    /// The logistic recalibration slope (1 is calibrated); nil when it cannot be fitted.
    public var slope: Double?
    /// The share of deadline values inside the stated 80% interval; nil without intervals.
    public var coverage80: Double?
    /// Forecasts given at most 1% or at least 99%.
    public var extreme: Int
    /// Of those, how many went the other way.
    public var extremeMisses: Int
    public var bins: [CalibrationBin]

    public init(name: String, estimates: [SimulatedForecast.Estimate], forecasts: [SimulatedForecast]) {
        let pairs = zip(estimates, forecasts).map { (probability: $0.probability, happened: $1.happened) }
        self.name = name
        count = pairs.count
        let scores = ProbabilityScores(pairs)
        brier = scores?.brier ?? .nan
        logScore = scores?.logScore ?? .nan
        slope = Recalibration(pairs)?.slope
        let covered = zip(estimates, forecasts).compactMap { estimate, forecast -> Bool? in
            guard let interval = estimate.interval, let value = forecast.valueAtDeadline else { return nil }
            return interval.contains(value)
        }
        coverage80 = covered.isEmpty ? nil : Double(covered.count { $0 }) / Double(covered.count)
        let extremes = pairs.filter { $0.probability <= 0.01 || $0.probability >= 0.99 }
        extreme = extremes.count
        extremeMisses = extremes.count { ($0.probability <= 0.01) == $0.happened }
        bins = CalibrationBin.table(pairs)
    }
}
