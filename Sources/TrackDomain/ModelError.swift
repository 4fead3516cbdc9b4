import Foundation
import TrackCore
import TrackEngine

/// A model's stated error: the true value is lognormal around the modelled one, with `sigma` the
/// standard deviation of ln(true / modelled). Probabilities from it stay inside (0, 1): a model can be wrong.
public struct ModelError: Sendable {
    public var sigma: Double

    /// One standard deviation given as a factor (1.3: good to 30% either way).
    public init(factor: Double) { sigma = log(factor) }

    /// The stated errors below are the cross-validated root mean square of ln(modelled / measured) over the
    /// calibration tables, each publication left out of the fit in turn, by measure: the output of
    /// `swift run -c release --package-path Tools TrackCostModelBenchmark` (docs/models.md, "Calibration").
    /// Decode speed (output tokens per second per GPU or per user, decode alone): the cost of output tokens.
    /// 6 rows from 4 publications: 0.157.
    public static let decode = ModelError(factor: 1.17)
    /// Prefill speed (prompt tokens per second per GPU): the cost of input tokens.
    /// 9 rows from 5 publications: 0.173.
    public static let prefill = ModelError(factor: 1.19)
    /// Serving speed (output tokens per second per GPU with prefill and decode on the same GPUs).
    /// 123 rows from 5 publications: 0.289.
    public static let serving = ModelError(factor: 1.34)
    /// Training FLOP counted as 6 N D (+ attention): embeddings, recomputation and the attention share
    /// move real runs' FLOP by 10-20%: a factor of 1.2. Not from the table, which measures time.
    public static let trainingFLOP = ModelError(factor: 1.2)
    /// GPU-hours, days, cost and energy: the training table's cross-validated scatter of GPU-hours, 28 runs from
    /// 17 publications: 0.231.
    public static let trainingTime = ModelError(factor: 1.26)

    /// Two independent errors of this size, as on a ratio of two modelled quantities.
    public var ofRatio: ModelError { ModelError(sigma: sigma * 2.0.squareRoot()) }

    init(sigma: Double) { self.sigma = sigma }

    /// P(true value <= `limit`) when the model gives `modelled`.
    public func probability(atMost limit: Double, modelled: Double) -> Double {
        Self.bounded(Self.normalCDF((log(limit) - log(modelled)) / sigma))
    }

    /// P(`range.lowerBound` <= true value <= `range.upperBound`).
    public func probability(within range: ClosedRange<Double>, modelled: Double) -> Double {
        let upper = Self.normalCDF((log(range.upperBound) - log(modelled)) / sigma)
        let lower = Self.normalCDF((log(range.lowerBound) - log(modelled)) / sigma)
        return Self.bounded(upper - lower)
    }

    /// A probability for a summary: "P = 0.78", or "P < 0.01" and "P > 0.99" rather than a rounded 0 or 1.
    public static func describe(_ p: Double) -> String {
        p < 0.01 ? "P < 0.01" : p > 0.99 ? "P > 0.99" : "P = \(p.formatted(digits: 2))"
    }

    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Keeps a model's probability off 0 and 1 (the engine clamps pending forecasts further).
    public static func bounded(_ p: Double) -> Double { min(1 - 1e-4, max(1e-4, p)) }
}
