import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// Historical forecasts from public series: "the frontier passes X by D", made every quarter with
/// only the data then available, assessed on the day they were made, halfway through their windows
/// (only those still open then: a forecast already decided at p = 1 flatters any method) and the day
/// after their deadlines (the final verdicts), and checked against what then happened.
public enum RealDataBacktest {
    public static let alwaysHalf = "always 0.5"
    /// The honest random walk: the frontier sampled monthly over the trailing 24 months.
    public static let honestWalk = "random walk, monthly frontier, 24 months"

    /// When a forecast is assessed.
    public enum Moment: String, CaseIterable, Sendable {
        case made
        case halfway
        case afterDeadline = "after the deadline"
    }

    /// The forecasts on `series` for `plugin` (`trend` or `threshold`) assessed at `moment`, with the
    /// honest random walk and the constant 0.5 as references; the cluster of each is the series and
    /// the year it was made.
    public static func forecasts(_ series: PublicSeries, plugin: String, moment: Moment) -> [SimulatedForecast] {
        guard let first = series.points.first?.day, let last = series.points.last?.day else { return [] }
        var forecasts: [SimulatedForecast] = []
        var made = Day(year: first.components.year + 2, month: 1, day: 1)!
        while made < last {
            for months in [6, 12, 24] {
                let deadline = made.addingMonths(months).adding(days: -1)
                guard deadline <= last, let start = frontier(series, through: made).last?.value else { continue }
                let atDeadline = frontier(series, through: deadline).last!.value
                for target in series.targets.map({ $0(start) }) {
                    let passes = { (value: Double) in series.higherIsBetter ? value >= target : value <= target }
                    let happened = series.points.contains { $0.day >= made && $0.day <= deadline && passes($0.value) }
                    let asOf: Day
                    switch moment {
                    case .made: asOf = made
                    case .halfway: asOf = made.adding(days: made.days(until: deadline) / 2)
                    case .afterDeadline: asOf = deadline.adding(days: 1)
                    }
                    if moment == .halfway, series.points.contains(where: { $0.day >= made && $0.day <= asOf && passes($0.value) }) {
                        continue
                    }
                    var references = [alwaysHalf: SimulatedForecast.Estimate(0.5)]
                    if moment != .afterDeadline, let walk = walkChance(series, target: target, asOf: asOf, deadline: deadline) {
                        references[honestWalk] = walk
                    }
                    var forecast = SimulatedForecast(
                        indicatorID: series.id, indicator: series.indicatorYAML,
                        evaluate: "\(plugin): {indicator: \(series.id), target: \(target)}",
                        made: made, deadline: deadline, asOf: asOf, points: nil, happened: happened, valueAtDeadline: atDeadline,
                        references: references)
                    forecast.cluster = "\(series.id) \(made.components.year)"
                    forecasts.append(forecast)
                }
            }
            made = made.addingMonths(3)
        }
        return forecasts
    }

    /// The running best through `day`: one point per new record.
    static func frontier(_ series: PublicSeries, through day: Day) -> [PublicSeries.Point] {
        var records: [PublicSeries.Point] = []
        for point in series.points where point.day <= day {
            if let best = records.last?.value, series.higherIsBetter ? point.value <= best : point.value >= best { continue }
            records.append(point)
        }
        return records
    }

    /// Months of frontier the honest walk is fitted to, at least.
    static let walkWindowMonths = 24

    /// A random walk with drift fitted, as a careful analyst would, to the frontier sampled at a fixed
    /// monthly step over the trailing 24 months up to `asOf` (STATISTICS.md, "Checking a baseline is
    /// honest"; longer when the frontier set fewer than two records in them), on the logit (percent) or log scale: drift and volatility from those increments, not
    /// from publication days (repeated values and days-apart jumps distort both). Asked for the first
    /// passage of the target by the deadline, watched monthly, with its 80% interval on the deadline.
    static func walkChance(_ series: PublicSeries, target: Double, asOf: Day, deadline: Day) -> SimulatedForecast.Estimate? {
        let records = frontier(series, through: asOf)
        guard let origin = records.first?.day else { return nil }
        let orientation = series.higherIsBetter ? 1.0 : -1.0
        let percent = series.unit == "percent"
        let forward: (Double) -> Double = { value in
            guard percent else { return orientation * log(value) }
            let f = min(0.995, max(0.005, value / 100))
            return orientation * log(f / (1 - f))
        }
        let inverse: (Double) -> Double = { y in percent ? 100 / (1 + exp(-orientation * y)) : exp(orientation * y) }
        // A window in which the frontier did not move says nothing of how it moves: it is widened a
        // year at a time until it holds two records after its start (or the whole history).
        var months = walkWindowMonths
        while months < 12 * 100, asOf.addingMonths(-months) > origin,
            records.count(where: { $0.day > asOf.addingMonths(-months) }) < 2
        {
            months += 12
        }
        var times: [Double] = []
        var values: [Double] = []
        for month in stride(from: months, through: 0, by: -1) {
            let day = asOf.addingMonths(-month)
            guard day >= origin, let value = records.last(where: { $0.day <= day })?.value else { continue }
            times.append(Double(asOf.days(until: day)) / 365.25)
            values.append(forward(value))
        }
        guard let fitted = RandomWalkReference(times: times, values: values, minimumVolatility: 0.02) else { return nil }
        let horizon = Double(asOf.days(until: deadline)) / 365.25
        // The drift's own uncertainty, σ² h² / span, folded into the volatility for the first passage.
        let walk = RandomWalkReference(
            drift: fitted.drift, volatility: fitted.volatility * (1 + horizon / fitted.span).squareRoot(), span: fitted.span,
            degreesOfFreedom: fitted.degreesOfFreedom, last: fitted.last, lastTime: fitted.lastTime, spacing: fitted.spacing)
        let (center, spread) = fitted.prediction(after: horizon)
        let t = StudentT(degreesOfFreedom: walk.degreesOfFreedom).quantile(0.9)
        let ends = [inverse(center - t * spread), inverse(center + t * spread)]
        return .init(walk.firstPassage(to: forward(target), within: horizon), interval: ends.min()!...ends.max()!)
    }
}

extension Day {
    /// The same day of the month `months` later, clamped to the month's end.
    func addingMonths(_ months: Int) -> Day {
        let (year, month, day) = components
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        var clamped = day
        while Day(year: newYear, month: newMonth, day: clamped) == nil { clamped -= 1 }
        return Day(year: newYear, month: newMonth, day: clamped)!
    }
}
