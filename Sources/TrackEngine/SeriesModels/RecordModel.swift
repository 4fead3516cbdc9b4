import Foundation
import TrackCore

/// A running best (a benchmark's frontier, the cheapest price at a capability) as a step process:
/// new records arrive as a Poisson process, each moving the frontier by an exponential step
/// (STATISTICS.md, "Record series"). The rate has a Gamma(k + ½, exposure) posterior from k records
/// after the first over the time watched (a long flat stretch lowers it, never to zero); the step
/// rate a Gamma(k, total of the steps) posterior. Steps are measured on the model's scale (log of
/// a price, logit of a score), so they shrink near a bound.
struct RecordModel: Sendable {
    let steps: Int
    let totalStep: Double
    let exposure: Double
    let frontier: Double
    let name = "record steps (Poisson arrivals, exponential steps)"

    /// Records per year, as fitted.
    var rate: Double { (Double(steps) + 0.5) / exposure }
    /// The mean step, on the oriented model scale.
    var meanStep: Double { totalStep / Double(steps) }

    /// The fit, or nil before the frontier has moved once. `watchedUntil` is the newest observation
    /// of the indicator (records or not), in years since the series' origin.
    init?(_ series: ScaledSeries, watchedUntil: Double) {
        guard series.count >= 2, let first = series.times.first, let lastValue = series.values.last else { return nil }
        steps = series.count - 1
        totalStep = lastValue - series.values[0]
        guard totalStep > 0 else { return nil }
        exposure = max(watchedUntil - first, 1.0 / 12)
        frontier = lastValue
    }

    /// Draws the rate and step size, then the frontier's value `years` after the last observation.
    func simulateFrontier(after years: Double, using generator: inout SeededGenerator) -> Double {
        let arrivals = generator.gamma(shape: Double(steps) + 0.5) / exposure
        let stepRate = generator.gamma(shape: Double(steps)) / totalStep
        let count = generator.poisson(arrivals * max(0, years))
        return count == 0 ? frontier : frontier + generator.gamma(shape: Double(count)) / stepRate
    }
}
