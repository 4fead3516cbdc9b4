import Foundation
import TrackCore

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
    let lastTime: Double
    let logEvidence: Double
    let name = "trend with independent noise"

    /// The fit, or nil with fewer than three points or all on one day.
    init?(_ series: ScaledSeries) {
        let n = series.count
        guard let fit = LinearFit(x: series.times, y: series.values) else { return nil }
        let slope = fit.slope
        let meanTime = fit.meanX
        let sxx = fit.sumSquaresX
        let sumSquares = fit.sumSquaresResidual
        let meanValue = fit.value(at: meanTime)
        self.slope = slope
        self.meanTime = meanTime
        self.meanValue = meanValue
        sumSquaresTime = sxx
        count = n
        lastTime = series.times[n - 1]
        noise = max((sumSquares / Double(n - 2)).squareRoot(), series.spreadFloor)
        // The increments y_i - y_(i-1) = b Δt + ε_i - ε_(i-1): covariance σ² times the tridiagonal
        // (2, -1) matrix, whose determinant is n; generalised least squares on them gives the slope
        // above, its precision Sxx / σ² and the residual sum of squares.
        // (The spread floor is for the draws only: the two models' sums are in different units, a floor on
        // both would weigh the same data differently.)
        logEvidence = -0.5 * log(Double(n)) - 0.5 * log(sxx) - 0.5 * Double(n - 2) * log(max(sumSquares, .leastNormalMagnitude))
    }

    func draw(target: Double, grid: [Double], using generator: inout SeededGenerator) -> FutureDraw {
        let degreesOfFreedom = Double(count - 2)
        let sigma = noise * (degreesOfFreedom / generator.chiSquared(degreesOfFreedom)).squareRoot()
        let level = meanValue + sigma / Double(count).squareRoot() * generator.normal()
        let (mean, spread) = DriftPrior.posterior(estimate: slope, variance: sigma * sigma / sumSquaresTime)
        let b = mean + spread * generator.normal()
        // Independent noise: the chance that no observation passes is the product over the grid.
        var stays = 1.0
        for time in grid { stays *= Normal.cdf((target - level - b * (time - meanTime)) / sigma) }
        let deadline = (grid.last ?? lastTime) - meanTime
        let center = level + b * deadline
        return FutureDraw(
            passesBy: grid.isEmpty ? 0 : 1 - stays, pastOnDeadline: 1 - Normal.cdf((target - center) / sigma),
            deadlineMean: center, deadlineSpread: sigma)
    }
}

/// A model of future observations of a series, on its oriented scale.
protocol PathModel: Sendable {
    var name: String { get }
    /// The log marginal likelihood of the series' increments (the level differenced out), with a
    /// flat prior on the drift and 1/σ on the scale, up to a constant every model shares: both
    /// models explain the same n - 1 increments with a drift and a scale, so their evidence compares
    /// directly, with no penalty for a level the trend fits and the walk takes from its first point
    /// (restricted likelihood; Harville 1974). Independent noise makes successive increments
    /// correlate at -1/2, a walk's do not: that is what tells the two apart.
    var logEvidence: Double { get }
    /// Draws the parameters from their uncertainty and gives what they imply for the observations at
    /// `grid`'s times (years; empty when the last point is on the deadline) against `target`.
    func draw(target: Double, grid: [Double], using generator: inout SeededGenerator) -> FutureDraw
}

/// What one draw of a model's parameters implies for the future observations.
struct FutureDraw: Sendable {
    /// The chance that an observation on the grid passes the target.
    var passesBy: Double
    /// The chance that the value on the deadline is past the target.
    var pastOnDeadline: Double
    /// The value on the deadline: normal with this mean and spread.
    var deadlineMean: Double
    var deadlineSpread: Double
}
