import Foundation
import TrackCore
import TrackEngine

/// The logistic recalibration of probabilities against outcomes (Cox 1958): the fit of
/// P(yes) = logistic(a + b logit(p)). A slope b of 1 and intercept a of 0 are calibrated; b < 1 is
/// overconfident (too far from 0.5), b > 1 underconfident.
public struct Recalibration: Sendable, Encodable, Equatable {
    public var intercept: Double
    public var slope: Double

    /// Probabilities are clipped to [1e-4, 1 - 1e-4] before their logit is taken.
    public static let clip = 1e-4

    /// The maximum-likelihood fit by Newton's method; nil when the outcomes are all alike or the
    /// probabilities all equal (no slope can be estimated).
    public init?(_ pairs: [(probability: Double, happened: Bool)]) {
        let x = pairs.map { pair -> Double in
            let p = min(1 - Self.clip, max(Self.clip, pair.probability))
            return log(p / (1 - p))
        }
        let y = pairs.map { $0.happened ? 1.0 : 0.0 }
        guard Set(y).count == 2, let first = x.first, x.contains(where: { $0 != first }) else { return nil }
        var a = 0.0
        var b = 1.0
        for _ in 0..<100 {
            var g0 = 0.0
            var g1 = 0.0
            var h00 = 0.0
            var h01 = 0.0
            var h11 = 0.0
            for (xi, yi) in zip(x, y) {
                let p = 1 / (1 + exp(-(a + b * xi)))
                let w = max(p * (1 - p), 1e-12)
                g0 += yi - p
                g1 += (yi - p) * xi
                h00 += w
                h01 += w * xi
                h11 += w * xi * xi
            }
            let determinant = h00 * h11 - h01 * h01
            guard determinant > 1e-12 else { break }
            let da = (h11 * g0 - h01 * g1) / determinant
            let db = (h00 * g1 - h01 * g0) / determinant
            a += da
            b += db
            if abs(da) + abs(db) < 1e-10 { break }
        }
        guard a.isFinite, b.isFinite else { return nil }
        intercept = a
        slope = b
    }
}
