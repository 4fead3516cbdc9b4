import TrackCore
import TrackEngine

/// `track report`: everything a reader of the forecasts looks at, as of a day: a summary, one
/// section per forecast with its charts, and the scores once forecasts have resolved.
public struct WorkspaceReport: Sendable {
    /// A forecast with its evaluation and charts.
    public struct Section: Sendable {
        public var prediction: Prediction
        public var source: Source?
        public var evaluation: Evaluation
        /// One chart per indicator the forecast reads, with the indicator's id; its points are a layer of `layers`.
        public var indicatorCharts: [(indicator: String, chart: SVGChart)]
        public var probabilityChart: SVGChart
        /// The stored runs up to the as-of day, which the probability chart draws.
        public var history: [HistoryStore.Point]
        public var historyCount: Int { history.count }
        /// Days from the as-of day to the deadline (negative once overdue).
        public var daysLeft: Int
        /// What the forecasters and the crowd say beside the tracker, as of the day.
        public var others = OtherProbabilities()
        /// The latest stored run dated before the as-of day: what the overview's change is measured from.
        public var previous: HistoryStore.Point? {
            history.last { $0.asOf < evaluation.asOf }
        }
        /// Each charted indicator's definition: which way is better, how its values are written.
        var definitions: [String: IndicatorDefinition] = [:]
        /// How far the series the forecast is about stands from its target, from the first chart that has both.
        public var gap: TargetGap? {
            indicatorCharts.lazy.compactMap { TargetGap(chart: $0.chart, definition: definitions[$0.indicator]) }.first
        }
    }

    /// An indicator with no observation for longer than its limit.
    public struct StaleIndicator: Sendable {
        public var id: String
        public var latest: Day?
        public var limitDays: Int
        /// Days from the latest observation to the as-of day.
        public var ageDays: Int
        /// The forecasts whose charts read the indicator.
        public var forecasts: [String]
    }

    public var title: String
    public var asOf: Day
    public var sections: [Section]
    /// How many forecasts have each status, in the order statuses are listed.
    public var statusCounts: [(status: Status, count: Int)]
    /// Unresolved forecasts whose deadline falls within `dueWindowDays` of the as-of day, or has passed.
    public var dueSoon: [Section]
    public var staleIndicators: [StaleIndicator]
    /// Scores and calibration, when at least one forecast resolved yes or no.
    public var scores: ScoreReport?
    /// The indicators' points, each drawn once and shared by the charts of the forecasts that read them.
    public var layers: [SVGLayer]

    public static let dueWindowDays = 90

    /// The report of every forecast of `engine`'s workspace as of `asOf`; `history` gives a forecast's
    /// stored runs, `naive` the naive baseline's probability of a forecast.
    public init(
        engine: EvaluationEngine, asOf: Day, history: (String) throws -> [HistoryStore.Point], naive: (Prediction) -> Double? = { _ in nil }
    ) rethrows {
        let workspace = engine.workspace
        self.asOf = asOf
        title = workspace.settings.name ?? "Forecasts"
        var sections: [Section] = []
        var layers = ReportLayers(store: workspace.series, asOf: asOf)
        for (prediction, evaluation) in zip(workspace.predictions, engine.evaluateAll(asOf: asOf)) {
            let references = IndicatorReferences(prediction.evaluate, evidence: evaluation.evidence)
            let charts = references.ids.compactMap { id in
                workspace.indicator(id).map { indicator in
                    (
                        id,
                        ReportCharts.indicator(indicator, for: prediction, evaluation: evaluation, references: references, layers: &layers)
                    )
                }
            }
            // Runs up to the as-of day and (backtests) from the day the forecast was made.
            let points = try history(prediction.id).filter { $0.asOf <= asOf && $0.asOf >= prediction.made }
            var probabilityChart = ReportCharts.probability(points, for: prediction, asOf: asOf)
            ReportCharts.addForecastersAndCrowd(to: &probabilityChart, for: prediction, in: workspace, asOf: asOf)
            var section = Section(
                prediction: prediction, source: workspace.sources.first { $0.id == prediction.source }, evaluation: evaluation,
                indicatorCharts: charts, probabilityChart: probabilityChart, history: points,
                daysLeft: asOf.days(until: prediction.deadline.day), others: OtherProbabilities(prediction, in: workspace, asOf: asOf))
            for (id, _) in charts { section.definitions[id] = workspace.indicator(id)?.definition }
            sections.append(section)
        }
        self.sections = sections
        self.layers = layers.layers
        statusCounts = Status.allCases.compactMap { status in
            let count = sections.count { $0.evaluation.status == status }
            return count > 0 ? (status, count) : nil
        }
        dueSoon =
            sections
            .filter { $0.prediction.resolution == nil && $0.daysLeft <= Self.dueWindowDays }
            .sorted { $0.daysLeft < $1.daysLeft }
        staleIndicators = workspace.indicators.compactMap { indicator in
            let limit = indicator.staleAfterDays ?? workspace.settings.staleAfterDays
            let latest = indicator.observations.filter { $0.date <= asOf }.map(\.date).max()
            guard let latest, latest.days(until: asOf) > limit else { return nil }
            let readers = sections.filter { $0.indicatorCharts.contains { $0.indicator == indicator.id } }.map(\.prediction.id)
            return StaleIndicator(id: indicator.id, latest: latest, limitDays: limit, ageDays: latest.days(until: asOf), forecasts: readers)
        }
        let scores = try ScoreReport(workspace: workspace, history: history, naive: naive)
        self.scores = scores.items.isEmpty ? nil : scores
    }
}

extension WorkspaceReport: Encodable {
    private enum CodingKeys: String, CodingKey { case title, asOf, statusCounts, dueSoon, staleIndicators, forecasts, scores }

    /// One forecast in the JSON report: its evaluation record and its stored runs.
    private struct Forecast: Encodable {
        let evaluation: EvaluationRecord
        let history: [HistoryReport.PointRecord]
    }

    private struct Stale: Encodable {
        let indicator: String
        @EncodedAsNull var latest: Day?
        let limitDays: Int
        let ageDays: Int
        let forecasts: [String]
    }

    /// The report as JSON: the same records as `status` and `explain`, the runs as `history` prints them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(Dictionary(uniqueKeysWithValues: statusCounts.map { ($0.status.rawValue, $0.count) }), forKey: .statusCounts)
        try container.encode(dueSoon.map(\.prediction.id), forKey: .dueSoon)
        try container.encode(
            staleIndicators.map {
                Stale(indicator: $0.id, latest: $0.latest, limitDays: $0.limitDays, ageDays: $0.ageDays, forecasts: $0.forecasts)
            }, forKey: .staleIndicators)
        try container.encode(
            sections.map {
                Forecast(
                    evaluation: EvaluationRecord(prediction: $0.prediction, evaluation: $0.evaluation, others: $0.others),
                    history: $0.history.map(HistoryReport.PointRecord.init))
            }, forKey: .forecasts)
        try container.encode(scores, forKey: .scores)
    }
}
