import Foundation

/// A straight trend with independent noise around it: y = a + b t + σ ε (ordinary least squares;
/// STATISTICS.md, "Trend with independent noise"). Parameter uncertainty: σ² from its scaled
/// inverse χ² with n - 2 degrees of freedom, the level at the mean time from N(ȳ, σ²/n) and the
/// slope from its posterior under the drift prior (`DriftPrior`) with the likelihood N(b̂, σ²/Sxx).
/// Suits steady exponential growth seen through measurement noise.
struct NoisyTrendModel: PathModel {
    let slope: Double
    let meanTime: Double
    let meanValue: Double
    let sumSquaresTime: Double
    let noise: Double
    let count: Int
    let logLikelihood: Double
    let parameterCount = 3
    let priorWeight = 1.0 / 3
    let name = "trend with independent noise"

    /// The fit, or nil with fewer than three points or all on one day.
    init?(_ series: ScaledSeries) {
        let n = series.count
        guard n >= 3 else { return nil }
        let t = series.times, y = series.values
        let meanTime = t.reduce(0, +) / Double(n), meanValue = y.reduce(0, +) / Double(n)
        let sxx = t.reduce(0) { $0 + ($1 - meanTime) * ($1 - meanTime) }
        guard sxx > 0 else { return nil }
        let slope = zip(t, y).reduce(0) { $0 + ($1.0 - meanTime) * ($1.1 - meanValue) } / sxx
        let residuals = zip(t, y).map { $1 - meanValue - slope * ($0 - meanTime) }
        let sumSquares = residuals.reduce(0) { $0 + $1 * $1 }
        self.slope = slope
        self.meanTime = meanTime
        self.meanValue = meanValue
        sumSquaresTime = sxx
        count = n
        noise = max((sumSquares / Double(n - 2)).squareRoot(), series.spreadFloor)
        // Likelihood of the points after the first (as for the walk, which is conditional on it).
        let later = residuals.dropFirst()
        let variance = max(later.reduce(0) { $0 + $1 * $1 } / Double(n - 1), series.spreadFloor * series.spreadFloor)
        logLikelihood = -0.5 * (Double(n - 1) * log(2 * Double.pi * variance) + later.reduce(0) { $0 + $1 * $1 } / variance)
    }

    func simulate(at grid: [Double], into path: inout [Double], using generator: inout SeededGenerator) {
        let degreesOfFreedom = Double(count - 2)
        let sigma = noise * (degreesOfFreedom / generator.chiSquared(degreesOfFreedom)).squareRoot()
        let level = meanValue + sigma / Double(count).squareRoot() * generator.normal()
        let (mean, spread) = DriftPrior.posterior(estimate: slope, variance: sigma * sigma / sumSquaresTime)
        let b = mean + spread * generator.normal()
        for (index, time) in grid.enumerated() {
            path[index] = level + b * (time - meanTime) + sigma * generator.normal()
        }
    }
}

/// A model of future observations of a series, on its oriented scale.
protocol PathModel: Sendable {
    var name: String { get }
    /// The log-likelihood of the points after the first, at the fitted parameters.
    var logLikelihood: Double { get }
    var parameterCount: Int { get }
    /// The weight the model gets before the data speak. The walk gets twice the trend's: a series
    /// that wanders, fitted as a trend, gets intervals far too narrow (on simulated walks the trend's
    /// 80% interval covered under half of the outcomes), while a trend fitted as a walk only gets
    /// intervals somewhat too wide. Chosen on the calibration benchmark (README, "Calibration").
    var priorWeight: Double { get }
    /// Draws the parameters from their uncertainty, then one path of observations at `grid`'s times.
    func simulate(at grid: [Double], into path: inout [Double], using generator: inout SeededGenerator)
}
