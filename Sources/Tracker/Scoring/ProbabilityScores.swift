import Foundation
import TrackCore
import TrackEngine

/// Brier and log scores of probabilities against outcomes, and their calibration.
public struct ProbabilityScores: Sendable, Encodable, Equatable {
    /// Probabilities are clamped to this range for the log score, so one certain miss is not minus infinity.
    public static let logClamp = 0.01...0.99
    /// The naive baseline: every forecast at 0.5, Brier 0.25.
    public static let baselineBrier = 0.25

    public var count: Int
    /// Mean squared error of the probabilities: 0 is perfect, 0.25 is always saying 0.5.
    public var brier: Double
    /// Mean natural log of the probability given to what happened: 0 is perfect, ln 0.5 = -0.693 is always 0.5.
    public var logScore: Double
    /// 1 - Brier / 0.25: above 0, better than always saying 0.5.
    public var skill: Double

    /// Scores for (probability, happened) pairs; nil when there are none.
    public init?(_ pairs: [(probability: Double, happened: Bool)]) {
        guard !pairs.isEmpty else { return nil }
        count = pairs.count
        brier = pairs.reduce(0) { $0 + pow($1.probability - ($1.happened ? 1 : 0), 2) } / Double(pairs.count)
        logScore =
            pairs.reduce(0) { sum, pair in
                let p = min(Self.logClamp.upperBound, max(Self.logClamp.lowerBound, pair.probability))
                return sum + log(pair.happened ? p : 1 - p)
            } / Double(pairs.count)
        skill = 1 - brier / Self.baselineBrier
    }
}

/// One bin of a calibration table: forecasts with probabilities in [lower, upper).
public struct CalibrationBin: Sendable, Encodable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var meanProbability: Double
    /// How often the forecasts in the bin came true.
    public var observedFrequency: Double

    /// Ten bins of width 0.1 (the last includes 1); empty bins are left out.
    public static func table(_ pairs: [(probability: Double, happened: Bool)]) -> [CalibrationBin] {
        (0..<10).compactMap { index in
            let lower = Double(index) / 10
            let upper = Double(index + 1) / 10
            let inBin = pairs.filter { $0.probability >= lower && ($0.probability < upper || (index == 9 && $0.probability <= 1)) }
            guard !inBin.isEmpty else { return nil }
            let count = Double(inBin.count)
            return CalibrationBin(
                lower: lower, upper: upper, count: inBin.count,
                meanProbability: inBin.reduce(0) { $0 + $1.probability } / count,
                observedFrequency: Double(inBin.count { $0.happened }) / count)
        }
    }
}
