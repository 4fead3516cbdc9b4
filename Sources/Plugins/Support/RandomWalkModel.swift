import Foundation

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
    let logLikelihood: Double
    let parameterCount = 2
    let priorWeight = 2.0 / 3
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
        // Gaussian log-likelihood of the n - 1 increments at the maximum-likelihood variance.
        let variance = max(sumSquares / Double(n - 1), series.spreadFloor * series.spreadFloor)
        logLikelihood = -0.5 * (Double(n - 1) * log(2 * Double.pi * variance) + logDeltas + sumSquares / variance)
        last = (lastTime, series.values[n - 1])
    }

    func simulate(at grid: [Double], into path: inout [Double], using generator: inout SeededGenerator) {
        let sigma = volatility * (degreesOfFreedom / generator.chiSquared(degreesOfFreedom)).squareRoot()
        let (mean, spread) = DriftPrior.posterior(estimate: drift, variance: sigma * sigma / span)
        let mu = mean + spread * generator.normal()
        var y = last.value, t = last.time
        for (index, time) in grid.enumerated() {
            let dt = time - t
            y += mu * dt + sigma * dt.squareRoot() * generator.normal()
            t = time
            path[index] = y
        }
    }
}
