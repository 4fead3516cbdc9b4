import TrackCore
import TrackEngine

extension ReportCharts {
    /// Adds to a forecast's probability chart each forecaster's probabilities and the crowd's, up to `asOf`,
    /// as steps (each value stands until the next). A forecaster whose only entry is the stated probability
    /// is left to the chart's "stated" rule.
    public static func addForecastersAndCrowd(to chart: inout SVGChart, for prediction: Prediction, in workspace: Workspace, asOf: Day) {
        let end = min(asOf, prediction.resolution.map { min($0.date, prediction.deadline.day) } ?? prediction.deadline.day)
        let entries = prediction.forecasterEntries(statedBy: workspace.settings.statedForecaster).filter { $0.on <= end }
        var names: [String] = []
        for entry in entries where !names.contains(entry.by) { names.append(entry.by) }
        var colour = 2
        for name in names {
            let own = entries.filter { $0.by == name }
            guard own.count > 1 || own.first?.mark != prediction.mark else { continue }
            chart.series.append(
                .init(name: name, points: steps(own.map { ($0.on, $0.probability) }, until: end), mark: .line, colour: colour))
            colour += 1
        }
        if let id = prediction.crowd?.indicator, let indicator = workspace.indicator(id) {
            let values = indicator.observations.filter { $0.date <= end }.compactMap { observation in
                observation.value.number.map { (observation.date, $0) }
            }
            if !values.isEmpty {
                chart.series.append(.init(name: "crowd (\(id))", points: steps(values, until: end), mark: .line, colour: colour))
            }
        }
    }

    /// A step line through `values` (by day; of one day, the last), level until the next value and the last until `end`.
    static func steps(_ values: [(day: Day, probability: Double)], until end: Day) -> [SVGChart.Point] {
        let latest = ProbabilitySteps.latestPerDay(values)
        var points: [SVGChart.Point] = []
        for (index, value) in latest.enumerated() {
            if index > 0 { points.append(SVGChart.Point(day: value.day, y: latest[index - 1].probability)) }
            points.append(SVGChart.Point(day: value.day, y: value.probability))
        }
        if let last = latest.last, last.day < end { points.append(SVGChart.Point(day: end, y: last.probability)) }
        return points
    }
}
