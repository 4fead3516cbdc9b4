import Foundation
import TrackCore

/// Whether a forecast about a number asks for the target to be passed at any time by the deadline
/// (`by`, the default: first passage) or to hold on the deadline (`at`: the last value on or before it).
public enum Timing: String, CaseIterable, Sendable {
    case by
    case at
}

/// Which models a numeric forecast may use.
public enum SeriesModelChoice: String, CaseIterable, Sendable {
    /// Both the trend with independent noise and the random walk with drift, weighted by their
    /// evidence (posterior model probabilities under equal prior odds).
    case auto
    case noise
    case walk = "random-walk"
}

/// The chance that a series passes a target, from fitted models of its future observations.
///
/// Future observations come at the series' own median spacing (at most 40 steps) from its last
/// point to the deadline, the last one on the deadline. Each model draws its parameters 500 times
/// from their uncertainty, with a generator seeded by the forecast and the day (the same inputs give
/// the same answer), and for each draw gives in closed form the chance that an observation passes
/// the target (`by`, first passage as the series is seen) and that the value on the deadline is past
/// it (`at`); the chances are averaged over the draws and the models' weights.
public struct SeriesForecast: Sendable {
    /// P(passes the target by the deadline) and P(past it on the deadline).
    public var probabilityBy: Double
    var probabilityAt: Double
    /// The median value on the deadline and its 80% interval, on the series' own scale.
    public var median: Double
    public var low: Double
    public var high: Double
    /// Which models, with which weights, and why, in words.
    public var method: String
    /// Fitted figures worth showing.
    public var details: [Evidence]

    static let draws = 500
    static let maximumSteps = 40

    public func probability(_ timing: Timing) -> Double { timing == .by ? probabilityBy : probabilityAt }

    /// The weighted models' forecast of `series` passing `goal` (on its own scale) by `deadline`; nil
    /// when no model can be fitted (fewer than three points).
    public static func fitted(
        _ observed: ScaledSeries, goal: Double, deadline: Day, choice: SeriesModelChoice, seed: String
    ) -> SeriesForecast? {
        let series = observed.withoutOutliers()
        let walk = choice == .noise ? nil : RandomWalkModel(series)
        let trend = choice == .walk ? nil : NoisyTrendModel(series)
        let models: [any PathModel] = [walk as (any PathModel)?, trend as (any PathModel)?].compactMap { $0 }
        guard !models.isEmpty else { return nil }
        let evidence = evidenceWeights(models)
        let weights = doubtingWeights(evidence, increments: series.count - 1)
        let target = series.oriented(goal)
        let grid = futureGrid(series, deadline: deadline)
        var generator = SeededGenerator(seedText: seed)
        var by = 0.0
        var at = 0.0
        var finals: [(value: Double, weight: Double)] = []
        finals.reserveCapacity(models.count * draws)
        for (model, weight) in zip(models, weights) {
            var passed = 0.0
            var held = 0.0
            for _ in 0..<draws {
                let future = model.draw(target: target, grid: grid, using: &generator)
                passed += future.passesBy
                held += future.pastOnDeadline
                finals.append((future.deadlineMean + future.deadlineSpread * generator.normal(), weight / Double(draws)))
            }
            by += weight * passed / Double(draws)
            at += weight * held / Double(draws)
        }
        let (lowY, medianY, highY) = quantiles(finals)
        let percent = { (weight: Double) in "\((weight * 100).rounded().formatted)%" }
        var method =
            models.count == 1
            ? models[0].name
            : zip(models, weights).map { "\($0.name) \(percent($1))" }.joined(separator: ", ")
        if models.count > 1 {
            method +=
                " (weights: each model's evidence, equal prior odds, each kept at \(percent(minorityFloor(increments: series.count - 1))) or more)"
        }
        var details: [Evidence] = [.computed("model", method), .computed("scale", series.scale.name)]
        if models.count > 1 {
            details.append(
                .computed(
                    "what the data said",
                    zip(models, evidence).map { "\($0.name) \(percent($1))" }.joined(separator: ", ")
                        + " by their evidence from \(series.count - 1) steps; fewer steps tell the models apart less surely, "
                        + "so neither is given less than \(percent(minorityFloor(increments: series.count - 1)))"))
        }
        if !series.setAside.isEmpty {
            details.append(
                .computed(
                    "set aside as outliers",
                    series.setAside.map { "\($0.value.formatted) on \($0.day)" }.joined(separator: ", ")
                        + " (far outside both neighbours: \(ScaledSeries.outlierThreshold.formatted) robust deviations or more)"))
        }
        if let walk {
            details.append(
                .computed(
                    "walk: drift per year, volatility",
                    "\(walk.drift.formatted(digits: 3)), \(walk.volatility.formatted(digits: 3)) (\(series.scale.name) scale)"))
        }
        if let trend {
            details.append(
                .computed(
                    "trend: slope per year, noise",
                    "\(trend.slope.formatted(digits: 3)), \(trend.noise.formatted(digits: 3)) (\(series.scale.name) scale)"))
        }
        return SeriesForecast(
            probabilityBy: grid.isEmpty ? 0 : by, probabilityAt: at,
            median: series.value(atOriented: medianY), low: series.value(atOriented: series.orientation > 0 ? lowY : highY),
            high: series.value(atOriented: series.orientation > 0 ? highY : lowY), method: method, details: details)
    }

    /// The record model's forecast of a running best passing `goal` by `deadline` (for a frontier,
    /// `by` and `at` agree); nil before the frontier has moved once.
    public static func records(
        _ series: ScaledSeries, goal: Double, deadline: Day, lastObservation: Day, seed: String
    ) -> SeriesForecast? {
        guard let model = RecordModel(series, watchedUntil: series.time(of: lastObservation)) else { return nil }
        let target = series.oriented(goal)
        let years = Double(lastObservation.days(until: deadline)) / ScaledSeries.daysPerYear
        var generator = SeededGenerator(seedText: seed)
        var passed = 0
        var finals: [Double] = []
        finals.reserveCapacity(4 * draws)
        for _ in 0..<(4 * draws) {
            let final = model.simulateFrontier(after: years, using: &generator)
            if final >= target { passed += 1 }
            finals.append(final)
        }
        finals.sort()
        // The interval claims no faster pace than the series has shown (the probability is the model's own).
        let reach = model.frontier + fastestPace(series, over: years) * max(years, 0.25)
        var (rawLow, rawMedian, rawHigh) = (quantile(finals, 0.1), quantile(finals, 0.5), quantile(finals, 0.9))
        // "No new record" is a point mass at the frontier. When it alone holds the lower tenth, the central
        // 10-90% interval would hold 90% (all of the mass and 80% above it): the 80% interval is then the
        // frontier to the 80th percentile.
        let staying = Double(finals.count { $0 <= model.frontier }) / Double(finals.count)
        if staying >= 0.1 {
            rawLow = model.frontier
            rawHigh = quantile(finals, 0.8)
        }
        let (lowY, medianY, highY) = (min(rawLow, reach), min(rawMedian, reach), min(rawHigh, reach))
        let probability = Double(passed) / Double(4 * draws)
        // A frontier that does not move stays at its observed value exactly (no round trip through the scale).
        let value = { (y: Double) in y <= model.frontier ? series.observed.last! : series.value(atOriented: y) }
        let low = value(lowY)
        let high = value(highY)
        return SeriesForecast(
            probabilityBy: probability, probabilityAt: probability, median: value(medianY),
            low: min(low, high), high: max(low, high), method: model.name,
            details: [
                .computed("model", model.name),
                .computed("records", "\(model.steps + 1) since \(series.origin), \(model.rate.formatted(digits: 2)) a year"),
                .computed("mean step", "\(model.meanStep.formatted(digits: 3)) (\(series.scale.name) scale)"),
            ])
    }

    /// The fastest pace a record series has shown over spans as long as `horizon` (at least a quarter:
    /// a jump of a few days is not a pace), per year on its oriented scale: the largest move between
    /// two of its points that far apart, over their distance; its whole move over its span (at least
    /// the horizon) when no two points are that far apart.
    static func fastestPace(_ series: ScaledSeries, over horizon: Double) -> Double {
        let (t, y) = (series.times, series.values)
        let span = max(horizon, 0.25)
        var pace = (y.last! - y.first!) / max(t.last! - t.first!, span)
        for i in t.indices {
            for j in t.indices where j > i && t[j] - t[i] >= span { pace = max(pace, (y[j] - y[i]) / (t[j] - t[i])) }
        }
        return pace
    }

    /// The models' posterior probabilities under equal prior odds: each model's evidence
    /// (`PathModel.logEvidence`) normalised. Equal odds because neither model is the safe one to
    /// favour: on the calibration benchmark a 7:3 prior for the walk left trends with noise more
    /// underconfident without making the walks better than slightly overconfident.
    static func evidenceWeights(_ models: [any PathModel]) -> [Double] {
        guard let best = models.map(\.logEvidence).max() else { return [] }
        let raw = models.map { exp($0.logEvidence - best) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// The weights the forecast uses: the evidence's, with neither model below
    /// `minorityFloor(increments:)`. The posterior weights are themselves uncertain (Hoeting et al.
    /// 1999): with few increments a walk often looks like a trend with noise by chance, and the
    /// trend, whose errors do not carry forward, is then confidently wrong.
    static func doubtingWeights(_ evidence: [Double], increments: Int) -> [Double] {
        guard evidence.count == 2 else { return evidence }
        let floor = minorityFloor(increments: increments)
        let first = min(1 - floor, max(floor, evidence[0]))
        return [first, 1 - first]
    }

    /// The least weight either model keeps, from how many increments the series has: even with two
    /// (three points say nothing), then 0.5 · c / (c + m - 2) for m increments, c = `floorIncrements`.
    static func minorityFloor(increments: Int) -> Double {
        0.5 * floorIncrements / (floorIncrements + Double(max(0, increments - 2)))
    }

    /// How fast the floor falls with the number of increments: 3, so that 10 increments keep 14%
    /// and 29 keep 5%. Chosen on the calibration benchmark's walks and noisy trends together
    /// (docs/statistics.md, "Calibration").
    static let floorIncrements = 3.0

    /// Times of future observations: the series' median spacing from its last point to the
    /// deadline (at most `maximumSteps`), the last on the deadline; empty when the last point is on it.
    static func futureGrid(_ series: ScaledSeries, deadline: Day) -> [Double] {
        let start = series.times.last!
        let end = series.time(of: deadline)
        guard end > start else { return [] }
        let spacings = ((end - start) / series.typicalSpacing + 0.5).rounded(.down)
        let steps = spacings.isFinite ? min(maximumSteps, max(1, Int(min(spacings, Double(maximumSteps))))) : maximumSteps
        return (1...steps).map { start + (end - start) * Double($0) / Double(steps) }
    }

    /// The `level` quantile of equally weighted values in ascending order: the value at that share of them.
    static func quantile(_ sorted: [Double], _ level: Double) -> Double {
        sorted[min(sorted.count - 1, Int(level * Double(sorted.count)))]
    }

    /// The weighted 10%, 50% and 90% quantiles.
    static func quantiles(_ sample: [(value: Double, weight: Double)]) -> (Double, Double, Double) {
        let levels = [0.1, 0.5, 0.9]
        if let first = sample.first?.weight, sample.allSatisfy({ $0.weight == first }) {
            let sorted = sample.map(\.value).sorted()
            return (quantile(sorted, levels[0]), quantile(sorted, levels[1]), quantile(sorted, levels[2]))
        }
        let sorted = sample.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.weight }
        var results: [Double] = []
        var cumulative = 0.0
        var index = 0
        for level in levels {
            while index < sorted.count - 1, cumulative + sorted[index].weight < level * total {
                cumulative += sorted[index].weight
                index += 1
            }
            results.append(sorted[index].value)
        }
        return (results[0], results[1], results[2])
    }
}
