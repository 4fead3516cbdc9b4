import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// Historical forecasts from public series: "the frontier passes X by D", made every quarter with
/// only the data then available, assessed on the day they were made and halfway through their
/// windows, and checked against what then happened.
public enum RealDataBacktest {
    public static let alwaysHalf = "always 0.5"

    /// The forecasts on `series` for `plugin` (`trend` or `threshold`), with the random walk with
    /// drift fitted to the same frontier and the constant 0.5 as references.
    public static func forecasts(_ series: PublicSeries, plugin: String) -> [SimulatedForecast] {
        guard let first = series.points.first?.day, let last = series.points.last?.day else { return [] }
        var forecasts: [SimulatedForecast] = []
        var made = Day(year: first.components.year + 2, month: 1, day: 1)!
        while made < last {
            for months in [6, 12, 24] {
                let deadline = made.addingMonths(months).adding(days: -1)
                guard deadline <= last, let frontier = frontier(series, through: made).last?.value else { continue }
                for target in series.targets.map({ $0(frontier) }) {
                    let passes = { (value: Double) in series.higherIsBetter ? value >= target : value <= target }
                    let happened = series.points.contains { $0.day > made && $0.day <= deadline && passes($0.value) }
                    for asOf in [made, made.adding(days: made.days(until: deadline) / 2)] {
                        let decided = series.points.contains { $0.day > made && $0.day <= asOf && passes($0.value) }
                        var references = [alwaysHalf: SimulatedForecast.Estimate(0.5)]
                        if let walk = walkChance(series, target: target, asOf: asOf, deadline: deadline) {
                            references[CalibrationGenerator.randomWalkReference] = .init(decided ? 1 : walk)
                        }
                        forecasts.append(
                            SimulatedForecast(
                                indicatorID: series.id, indicator: series.indicatorYAML,
                                evaluate: "\(plugin): {indicator: \(series.id), target: \(target)}",
                                made: made, deadline: deadline, asOf: asOf, points: nil, happened: happened, valueAtDeadline: nil,
                                references: references))
                    }
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

    /// A random walk with drift fitted by least squares to the frontier as observed (its value on
    /// every day something was published, repeats included) on its logit (percent) or log scale,
    /// asked for first passage of the target by the deadline.
    static func walkChance(_ series: PublicSeries, target: Double, asOf: Day, deadline: Day) -> Double? {
        var records: [PublicSeries.Point] = []
        for point in series.points where point.day <= asOf {
            let best = records.last.map { series.higherIsBetter ? max($0.value, point.value) : min($0.value, point.value) } ?? point.value
            records.append(PublicSeries.Point(day: point.day, subject: point.subject, value: best))
        }
        guard let origin = records.first?.day else { return nil }
        let orientation = series.higherIsBetter ? 1.0 : -1.0
        let scale: (Double) -> Double =
            series.unit == "percent"
            ? {
                let f = min(0.995, max(0.005, $0 / 100))
                return log(f / (1 - f))
            }
            : { log($0) }
        var times: [Double] = []
        var values: [Double] = []
        for record in records {
            let time = Double(origin.days(until: record.day)) / 365.25
            if times.last == time {
                values[values.count - 1] = orientation * scale(record.value)
            } else {
                times.append(time)
                values.append(orientation * scale(record.value))
            }
        }
        guard let walk = RandomWalkReference(times: times, values: values, minimumVolatility: 0.02) else { return nil }
        let horizon = Double(origin.days(until: deadline)) / 365.25 - walk.lastTime
        return walk.firstPassage(to: orientation * scale(target), within: horizon)
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
