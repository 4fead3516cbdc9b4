import Foundation
import TrackCore
import TrackEngine

/// The charts of a report, built from the model: an indicator against its target and trend, a
/// forecast's probability over time, and the reliability diagram.
public enum ReportCharts {
    /// `indicator`'s observations up to `asOf` as points per subject (a layer shared with the other forecasts
    /// that read the indicator with the same subjects highlighted), with the thresholds the forecast names,
    /// its projection (trend and interval band) when it has one, and the made, deadline and as-of days.
    public static func indicator(
        _ indicator: Indicator, for prediction: Prediction, evaluation: Evaluation, thresholds: [Double], subjects named: [String] = [],
        layers: inout ReportLayers
    ) -> SVGChart {
        let data = layers.data(of: indicator)
        let asOf = layers.asOf
        let yAxis: SVGChart.YAxis
        var chart: SVGChart
        let projection = projection(of: indicator.id, in: evaluation.assessment)
        let targets = thresholds + evidenceTargets(of: indicator.id, in: evaluation.assessment)
        switch indicator.kind {
        case .state:
            yAxis = .categories(indicator.states)
        case .numeric:
            let values = targets + (projection.map { [$0.low, $0.high, $0.value] } ?? [])
            let low = ([data.numericRange?.lowerBound].compactMap { $0 } + values).min()
            let high = ([data.numericRange?.upperBound].compactMap { $0 } + values).max()
            let allPositive = data.allPositive && values.allSatisfy { $0 > 0 }
            let useLog = low != nil && allPositive && (high! / low!) >= 100
            yAxis = useLog ? .log(unit: indicator.unit ?? "") : .linear(unit: indicator.unit ?? "")
        }
        chart = SVGChart(title: "\(indicator.name) (\(indicator.id)) for \(prediction.id), as of \(asOf)", xAxis: .time, yAxis: yAxis)
        let highlighted =
            data.subjects.isEmpty
            ? []
            : Self.highlighted(
                data.subjects, positions: data.positions, named: named + evidenceSubjects(of: indicator.id, in: evaluation.assessment))
        chart.layer = layers.layer(of: indicator, highlighted: highlighted, isLog: yAxis == .log(unit: indicator.unit ?? ""))
        if let projection, let start = trendStart(indicator, evaluation: evaluation, layers: &layers) {
            let trendColour = 5
            chart.series.append(
                .init(
                    name: "projection to \(projection.day)", points: [start, .init(day: projection.day, y: projection.value)], mark: .line,
                    colour: trendColour))
            chart.bands.append(
                .init(
                    name: "\(Int((projection.coverage * 100).rounded()))% interval",
                    edges: [(start.x, start.y, start.y), (Double(projection.day.daysSinceEpoch), projection.low, projection.high)],
                    colour: trendColour))
        }
        for target in targets {
            chart.rules.append(.init(name: "target \(target.readable)\(indicator.unit.map { " \($0)" } ?? "")", y: target))
        }
        chart.markers = markers(prediction, asOf: asOf)
        chart.emptyMessage = "no observations up to \(asOf)"
        return chart
    }

    /// The forecast's probability over time: recorded runs as a solid line, backtests dashed, the stated probability as a rule.
    public static func probability(_ points: [HistoryStore.Point], for prediction: Prediction, asOf: Day) -> SVGChart {
        var chart = SVGChart(title: "Probability of \(prediction.id) over time", xAxis: .time, yAxis: .probability)
        for (kind, mark, colour) in [
            (HistoryStore.RunKind.recorded, SVGChart.Series.Mark.lineAndPoints, 0), (.backtest, .dashedLineAndHollowPoints, 1),
        ] {
            let series = points.filter { $0.kind == kind && $0.asOf <= asOf }.compactMap { point in
                point.probability.map { SVGChart.Point(day: point.asOf, y: $0) }
            }
            chart.series.append(.init(name: "\(kind.rawValue) runs", points: series, mark: mark, colour: colour))
        }
        if let stated = prediction.probability { chart.rules.append(.init(name: "stated \(stated.percent)", y: stated)) }
        chart.emptyMessage = "no runs stored yet"
        chart.markers = markers(prediction, asOf: asOf)
        return chart
    }

    /// Mean probability against observed frequency per bin, with the diagonal and each bin's count.
    public static func reliability(_ bins: [CalibrationBin], title: String) -> SVGChart {
        var chart = SVGChart(title: title, xAxis: .number(label: "forecast probability"), yAxis: .probability)
        chart.xRange = -0.02...1.02
        chart.yLabel = "share that came true"
        chart.diagonal = true
        let points = bins.map { SVGChart.Point(x: $0.meanProbability, y: $0.observedFrequency) }
        chart.series.append(.init(name: "bins of 0.1", points: points, mark: .points, colour: 0))
        chart.pointLabels = zip(points, bins).map { ($0, "n=\($1.count)") }
        chart.width = 560
        chart.height = 420
        return chart
    }

    /// At most `maximumColoured` subjects to colour: all when they fit, else those named (by the forecast or its evidence) first,
    /// then the ones that appeared last in the series; in the series' order.
    static let maximumColoured = 7

    static func highlighted(_ subjects: [String], named: [String]) -> [String] {
        highlighted(
            subjects, positions: Dictionary(subjects.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }, named: named)
    }

    /// As above, with each subject's place in `subjects` given: a few look-ups, however many subjects there are.
    static func highlighted(_ subjects: [String], positions: [String: Int], named: [String]) -> [String] {
        guard subjects.count > maximumColoured else { return subjects }
        var chosen: [Int] = []
        for subject in named where chosen.count < maximumColoured {
            if let position = positions[subject], !chosen.contains(position) { chosen.append(position) }
        }
        var position = subjects.count - 1
        while chosen.count < maximumColoured, position >= 0 {
            if !chosen.contains(position) { chosen.append(position) }
            position -= 1
        }
        return chosen.sorted().map { subjects[$0] }
    }

    /// The subjects the evidence (of the assessment and its parts) names for `indicator`: labels read `indicator / subject`.
    static func evidenceSubjects(of indicator: String, in assessment: Assessment?) -> [String] {
        guard let assessment else { return [] }
        let own = assessment.evidence.filter { $0.indicator == indicator }.compactMap { evidence in
            evidence.label.split(separator: "/", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return own + assessment.parts.flatMap { evidenceSubjects(of: indicator, in: $0.assessment) }
    }

    static func markers(_ prediction: Prediction, asOf: Day) -> [SVGChart.Marker] {
        [
            .init(kind: .made, x: Double(prediction.made.daysSinceEpoch), label: "made \(prediction.made)"),
            .init(kind: .deadline, x: Double(prediction.deadline.day.daysSinceEpoch), label: "deadline \(prediction.deadline.day)"),
            .init(kind: .asOf, x: Double(asOf.daysSinceEpoch), label: "as of \(asOf)"),
        ]
    }

    /// The projection of the assessment (or the part of it) that reads `indicator`.
    static func projection(of indicator: String, in assessment: Assessment?) -> Projection? {
        guard let assessment else { return nil }
        if let projection = assessment.projection, assessment.evidence.contains(where: { $0.indicator == indicator }) { return projection }
        return assessment.parts.lazy.compactMap { projection(of: indicator, in: $0.assessment) }.first
    }

    /// Numeric targets an evaluator computed (evidence labelled `target...`) in the assessment that reads `indicator`.
    static func evidenceTargets(of indicator: String, in assessment: Assessment?) -> [Double] {
        guard let assessment else { return [] }
        var targets: [Double] = []
        if assessment.evidence.contains(where: { $0.indicator == indicator }) {
            targets += assessment.evidence.filter { $0.indicator == nil && $0.label.hasPrefix("target") }.compactMap { Double($0.value) }
        }
        return targets + assessment.parts.flatMap { evidenceTargets(of: indicator, in: $0.assessment) }
    }

    /// Where the trend line starts: the latest observation of the subjects the evidence names, else the latest one
    /// (the first written of those on the latest day).
    static func trendStart(_ indicator: Indicator, evaluation: Evaluation, layers: inout ReportLayers) -> SVGChart.Point? {
        let subjects = Set(
            evaluation.evidence.filter { $0.indicator == indicator.id }.compactMap { $0.label.split(separator: "/").dropFirst().first }
                .map { $0.trimmingCharacters(in: .whitespaces) })
        let candidates =
            subjects.isEmpty
            ? [layers.latest(of: indicator, subject: nil)] : subjects.sorted().map { layers.latest(of: indicator, subject: $0) }
        guard let latest = candidates.compactMap({ $0 }).min(by: { ($1.date, $0.line) < ($0.date, $1.line) }),
            let value = latest.value.number
        else { return nil }
        return SVGChart.Point(day: latest.date, y: value)
    }
}
