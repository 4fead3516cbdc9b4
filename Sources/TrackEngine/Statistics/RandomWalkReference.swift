import Foundation
import TrackCore

/// A random walk with drift fitted by least squares and used at its fitted parameters: the plain,
/// honest estimator that a forecast's probability is compared with (STATISTICS.md, "Random walk with
/// drift"). Values y (already on the model's scale) at times t in years.
public struct RandomWalkReference: Sendable {
    public let drift: Double
    public let volatility: Double
    public let span: Double
    public let degreesOfFreedom: Double
    public let last: Double
    public let lastTime: Double
    /// The median spacing of the observations, in years.
    public let spacing: Double

    /// μ̂ = (y_n - y_1) / (t_n - t_1), σ̂² = Σ (Δy - μ̂ Δt)² / Δt / (n - 2); nil with fewer than three
    /// points or a zero span. `minimumVolatility` keeps a flat series from claiming certainty.
    public init?(times: [Double], values: [Double], minimumVolatility: Double = 1e-9) {
        let n = times.count
        guard n >= 3, n == values.count, times[n - 1] > times[0] else { return nil }
        span = times[n - 1] - times[0]
        drift = (values[n - 1] - values[0]) / span
        var sum = 0.0
        var gaps: [Double] = []
        for i in 1..<n {
            let dt = times[i] - times[i - 1]
            guard dt > 0 else { return nil }
            gaps.append(dt)
            let residual = values[i] - values[i - 1] - drift * dt
            sum += residual * residual / dt
        }
        degreesOfFreedom = Double(n - 2)
        volatility = max((sum / degreesOfFreedom).squareRoot(), minimumVolatility)
        last = values[n - 1]
        lastTime = times[n - 1]
        spacing = gaps.sorted()[gaps.count / 2]
    }

    /// A walk with these parameters (times in years).
    public init(drift: Double, volatility: Double, span: Double, degreesOfFreedom: Double, last: Double, lastTime: Double, spacing: Double)
    {
        self.drift = drift
        self.volatility = volatility
        self.span = span
        self.degreesOfFreedom = degreesOfFreedom
        self.last = last
        self.lastTime = lastTime
        self.spacing = spacing
    }

    /// P(the walk rises to `level` within `horizon` years), watched at the series' spacing: the
    /// reflection-principle formula for continuous monitoring with the level moved away by
    /// 0.5826 σ √Δ (Broadie, Glasserman & Kou, Math. Finance 1997). For a fall, pass negated values.
    public func firstPassage(to level: Double, within horizon: Double) -> Double {
        guard horizon > 0 else { return 0 }
        let m = level - last + 0.5826 * volatility * spacing.squareRoot()
        if m <= 0 { return 1 }
        let s = volatility * horizon.squareRoot()
        let mu = drift
        let direct = Normal.cdf((mu * horizon - m) / s)
        let exponent = 2 * mu * m / (volatility * volatility)
        let tail = Normal.cdf((-m - mu * horizon) / s)
        let reflected = tail > 0 ? exp(exponent + log(tail)) : 0
        return min(1, max(0, direct + reflected))
    }

    /// P(the value `horizon` years after the last point is at or above `level`), with the drift's own
    /// uncertainty: mean y_n + μ̂h, variance σ̂²(h + h²/span), Student t with n - 2 degrees of freedom.
    public func chanceAbove(_ level: Double, after horizon: Double) -> Double {
        let (center, spread) = prediction(after: horizon)
        return 1 - StudentT(degreesOfFreedom: degreesOfFreedom).cdf((level - center) / spread)
    }

    /// The predicted value `horizon` years after the last point and its standard error.
    public func prediction(after horizon: Double) -> (center: Double, spread: Double) {
        (last + drift * horizon, volatility * (horizon + horizon * horizon / span).squareRoot())
    }
}
