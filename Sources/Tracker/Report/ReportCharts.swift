import Foundation
import TrackCore
import TrackEngine

/// The charts of a report, built from the model: an indicator against its target and trend, a
/// forecast's probability over time, and the reliability diagram.
public enum ReportCharts {
    /// `indicator`'s observations up to `asOf` as points per subject (a layer shared with the other forecasts
    /// that read the indicator with the same subjects highlighted), the series the forecast is about drawn over
    /// them (`subjectSeries`), its targets (as written, as an evaluator computed them, or else the best value so
    /// far), its projection (trend and interval band) when it has one, and the made, deadline and as-of days.
    public static func indicator(
        _ indicator: Indicator, for prediction: Prediction, evaluation: Evaluation, references: IndicatorReferences,
        layers: inout ReportLayers
    ) -> SVGChart {
        let data = layers.data(of: indicator)
        let asOf = layers.asOf
        let projection = projection(of: indicator.id, in: evaluation.assessment)
        let named = references.subjects[indicator.id] ?? []
        let subjects = subjectSeries(indicator, for: prediction, named: named, layers: &layers)
        let rules =
            indicator.kind == .numeric
            ? targets(indicator, for: prediction, references: references, evaluation: evaluation, layers: &layers) : []
        let yAxis: SVGChart.YAxis
        switch indicator.kind {
        case .state:
            yAxis = .categories(indicator.states)
        case .numeric:
            // The data, the targets and the projection's median set the scale; the band does not (it is clipped).
            let values = rules.map(\.y) + (projection.map { [$0.value] } ?? [])
            let low = ([data.numericRange?.lowerBound].compactMap { $0 } + values).min()
            let high = ([data.numericRange?.upperBound].compactMap { $0 } + values).max()
            let allPositive = data.allPositive && values.allSatisfy { $0 > 0 }
            let useLog = low != nil && allPositive && (high! / low!) >= 100
            yAxis = useLog ? .log(unit: indicator.unit ?? "") : .linear(unit: indicator.unit ?? "")
        }
        var chart = SVGChart(title: "\(indicator.name) (\(indicator.id)) for \(prediction.id), as of \(asOf)", xAxis: .time, yAxis: yAxis)
        let highlighted =
            data.subjects.isEmpty
            ? []
            : Self.highlighted(
                data.subjects, positions: data.positions, named: named + evidenceSubjects(of: indicator.id, in: evaluation.assessment))
        chart.layer = layers.layer(
            of: indicator, highlighted: highlighted, group: subjects.group, isLog: yAxis == .log(unit: indicator.unit ?? ""))
        chart.series = subjects.series
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
        chart.rules = rules
        chart.markers = markers(prediction, asOf: asOf)
        chart.emptyMessage = "no observations up to \(asOf)"
        return chart
    }

    /// The target lines of a numeric chart: the levels written next to the indicator, those an evaluator computed
    /// (evidence labelled `target...`), a level relative to another series when no evaluator computed it, the
    /// capability level on a capability price's benchmark, and,
    /// when the forecast names none, the best value so far (what a leader must beat); each level once.
    static func targets(
        _ indicator: Indicator, for prediction: Prediction, references: IndicatorReferences, evaluation: Evaluation,
        layers: inout ReportLayers
    ) -> [SVGChart.Rule] {
        let unit = indicator.unit.map { " \($0)" } ?? ""
        var rules: [SVGChart.Rule] = []
        func add(_ name: String, _ value: Double) {
            guard value.isFinite, !rules.contains(where: { $0.y == value }) else { return }
            rules.append(.init(name: name, y: value))
        }
        let computed = evidenceTargets(of: indicator.id, in: evaluation.assessment)
        for target in references.targets[indicator.id] ?? [] {
            switch target.level {
            case .number(let value):
                add("\(target.key == "reaches" ? "target" : target.key) \(value.readable)\(unit)", value)
            case .relative(let other, let subject, let factor) where computed.isEmpty:
                guard let base = layers.store.observations(of: other, subject: subject, through: layers.asOf).last?.value.number else {
                    continue
                }
                let of = subject ?? other
                add("\(target.key) \(factor == 1 ? "" : "\(factor.readable) × ")\(of) = \((base * factor).readable)\(unit)", base * factor)
            case .relative: continue
            }
        }
        for value in computed { add("target \(value.readable)\(unit)", value) }
        if let capability = capabilityLevel(reading: indicator.id, in: prediction, layers: layers), capability.score == indicator.id {
            add("capability level \(capability.level.readable)\(unit)", capability.level)
        }
        if rules.isEmpty, let better = indicator.better,
            let best = runningBest(layers.data(of: indicator).visible, better: better).last, let value = best.value.number
        {
            add("best so far \(value.readable)\(unit)\(best.subject.map { " (\($0))" } ?? "")", value)
        }
        return rules
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
        if let stated = prediction.probability { chart.rules.append(.init(name: "stated \(stated.percent)", y: stated, kind: .stated)) }
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

    /// At most `maximumColoured` subjects to colour: those named (by the forecast or its evidence) when there are any,
    /// the others grey; else all when they fit, or the ones that appeared last in the series; in the series' order.
    static let maximumColoured = 7

    static func highlighted(_ subjects: [String], named: [String]) -> [String] {
        highlighted(
            subjects, positions: Dictionary(subjects.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }, named: named)
    }

    /// As above, with each subject's place in `subjects` given: a few look-ups, however many subjects there are.
    static func highlighted(_ subjects: [String], positions: [String: Int], named: [String]) -> [String] {
        var chosen: [Int] = []
        for subject in named where chosen.count < maximumColoured {
            if let position = positions[subject], !chosen.contains(position) { chosen.append(position) }
        }
        if !chosen.isEmpty { return chosen.sorted().map { subjects[$0] } }
        guard subjects.count > maximumColoured else { return subjects }
        var position = subjects.count - 1
        while chosen.count < maximumColoured, position >= 0 {
            if !chosen.contains(position) { chosen.append(position) }
            position -= 1
        }
        return chosen.sorted().map { subjects[$0] }
    }

    /// The subjects the evidence (of the assessment and its parts) names for `indicator`.
    static func evidenceSubjects(of indicator: String, in assessment: Assessment?) -> [String] {
        guard let assessment else { return [] }
        let own = assessment.evidence.filter { $0.indicator == indicator }.compactMap(\.subject)
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
