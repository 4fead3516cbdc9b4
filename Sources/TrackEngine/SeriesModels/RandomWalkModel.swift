import Foundation
import TrackCore

/// A random walk with drift: increments Δy = μ Δt + σ √Δt ε (STATISTICS.md, "Random walk with
/// drift"). μ̂ = (y_n - y_1) / (t_n - t_1); σ̂² = Σ (Δy - μ̂ Δt)² / Δt / (n - 2). Parameter
/// uncertainty: σ² from its scaled inverse χ² with n - 2 degrees of freedom, μ from its posterior
/// under the drift prior N(0, τ²) (`DriftPrior`): a few points a short time apart do not license
/// extrapolating a steep drift for years. Suits prices and scores that wander: the error of
/// today's level carries forward.
struct RandomWalkModel: PathModel {
    let drift: Double
    let volatility: Double
    let span: Double
    let degreesOfFreedom: Double
    let last: (time: Double, value: Double)
    let logEvidence: Double
    let name = "random walk with drift"

    /// The fit, or nil with fewer than three points.
    init?(_ series: ScaledSeries) {
        let n = series.count
        guard n >= 3, let first = series.times.first, let lastTime = series.times.last, lastTime > first else { return nil }
        span = lastTime - first
        drift = (series.values[n - 1] - series.values[0]) / span
        var sumSquares = 0.0
        var logDeltas = 0.0
        for i in 1..<n {
            let dt = series.times[i] - series.times[i - 1]
            let residual = series.values[i] - series.values[i - 1] - drift * dt
            sumSquares += residual * residual / dt
            logDeltas += log(dt)
        }
        degreesOfFreedom = Double(n - 2)
        volatility = max((sumSquares / degreesOfFreedom).squareRoot(), series.spreadFloor)
        // The increments have covariance σ² diag(Δt); generalised least squares on them gives the
        // drift above, its precision span / σ² and the residual sum of squares.
        logEvidence = -0.5 * logDeltas - 0.5 * log(span) - 0.5 * degreesOfFreedom * log(max(sumSquares, .leastNormalMagnitude))
        last = (lastTime, series.values[n - 1])
    }

    func draw(target: Double, grid: [Double], using generator: inout SeededGenerator) -> FutureDraw {
        let sigma = volatility * (degreesOfFreedom / generator.chiSquared(degreesOfFreedom)).squareRoot()
        let (mean, spread) = DriftPrior.posterior(estimate: drift, variance: sigma * sigma / span)
        let mu = mean + spread * generator.normal()
        guard let end = grid.last else {
            return FutureDraw(passesBy: 0, pastOnDeadline: last.value >= target ? 1 : 0, deadlineMean: last.value, deadlineSpread: 0)
        }
        let horizon = end - last.time
        // First passage watched at the grid's spacing (Broadie-Glasserman-Kou), in closed form.
        let walk = RandomWalkReference(
            drift: mu, volatility: sigma, span: span, degreesOfFreedom: degreesOfFreedom, last: last.value, lastTime: last.time,
            spacing: horizon / Double(grid.count))
        let center = last.value + mu * horizon
        let deviation = sigma * horizon.squareRoot()
        return FutureDraw(
            passesBy: walk.firstPassage(to: target, within: horizon), pastOnDeadline: 1 - Normal.cdf((target - center) / deviation),
            deadlineMean: center, deadlineSpread: deviation)
    }
}
