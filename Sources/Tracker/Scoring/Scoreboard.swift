import TrackCore
import TrackEngine

/// Every scorer on the same resolved forecasts, side by side: each forecaster (their `said:` entries and
/// the stated probabilities), the tracker (its recorded runs, or its backtests where none were recorded),
/// the crowd (each forecast's `crowd:` indicator) and the naive baseline, each with the forecasts it
/// covered, its time-averaged Brier and log scores, and its difference from the tracker on the forecasts
/// both covered, with a paired bootstrap interval. Ambiguous and annulled resolutions are left out.
public struct Scoreboard: Sendable, Encodable {
    /// What a scorer is.
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case forecaster, tracker, crowd, naive
    }

    /// A scorer: a forecaster by name, or one of the rows named after their kind.
    public struct Scorer: Sendable, Hashable, Encodable {
        public var name: String
        public var kind: Kind

        public static let tracker = Scorer(name: "tracker", kind: .tracker)
        public static let crowd = Scorer(name: "crowd", kind: .crowd)
        public static let naive = Scorer(name: "naive trend", kind: .naive)
    }

    /// One scorer's scores on one forecast.
    public struct Score: Sendable, Encodable {
        public var scorer: String
        public var kind: Kind
        public var score: TimeAveragedScore
    }

    /// One resolved forecast and every scorer that covered it.
    public struct Item: Sendable, Encodable {
        public var id: String
        public var happened: Bool
        public var window: ScoringWindow
        public var scores: [Score]

        public func score(of scorer: Scorer) -> TimeAveragedScore? {
            scores.first { $0.scorer == scorer.name && $0.kind == scorer.kind }?.score
        }
    }

    /// A scorer against the tracker on the forecasts both covered: the mean difference (scorer minus tracker;
    /// below 0 is better for the Brier score, above 0 for the log score) and its paired bootstrap interval.
    public struct Comparison: Sendable, Encodable, Equatable {
        public var forecasts: Int
        public var brier: Double
        public var brierInterval: [Double]
        public var logScore: Double
        public var logScoreInterval: [Double]
    }

    /// One scorer's row: the forecasts it covered, the means of its time-averaged scores over them, and its skill
    /// against always saying 0.5 (1 - Brier / 0.25).
    public struct Row: Sendable, Encodable {
        public var scorer: String
        public var kind: Kind
        public var forecasts: Int
        @EncodedAsNull public var brier: Double?
        @EncodedAsNull public var logScore: Double?
        @EncodedAsNull public var skill: Double?
        @EncodedAsNull public var againstTracker: Comparison?
        /// The scorer's mean probability per forecast against the outcomes, in bins of 0.1.
        public var calibration: [CalibrationBin]
    }

    /// The rows on the forecasts of one tag, horizon or source.
    public struct Group: Sendable, Encodable {
        public var name: String
        public var rows: [Row]
    }

    public var rows: [Row]
    public var groups: [Group]
    public var items: [Item]
    /// Where the tracker's probabilities come from: `recorded`, `backtest`, or both (per forecast).
    public var trackerFrom: [HistoryStore.RunKind]
    public var bootstrap: PairedBootstrap
    /// The probability that stands in before a scorer's first one.
    public var prior: Double = TimeAveragedScore.prior

    /// The scoreboard of `predictions` (those resolved yes or no are scored) of `workspace`; `history` gives a
    /// forecast's stored runs, `naive` its naive baseline's probability.
    public init(
        workspace: Workspace, predictions: [Prediction], history: (String) throws -> [HistoryStore.Point],
        naive: (Prediction) -> Double?, by grouping: ScoreReport.Grouping? = nil, bootstrap: PairedBootstrap = PairedBootstrap()
    ) rethrows {
        let stated = workspace.settings.statedForecaster
        var forecasters = workspace.settings.forecasters
        var items: [Item] = []
        var trackerFrom: Set<HistoryStore.RunKind> = []
        var scored: [Prediction] = []
        for prediction in predictions {
            guard let resolution = prediction.resolution, resolution.outcome == .yes || resolution.outcome == .no else { continue }
            let window = ScoringWindow(prediction, resolution: resolution)
            let happened = resolution.outcome == .yes
            var scores: [Score] = []
            func add(_ scorer: Scorer, _ probabilities: [(day: Day, probability: Double)]) {
                if let score = TimeAveragedScore(probabilities, window: window, happened: happened) {
                    scores.append(Score(scorer: scorer.name, kind: scorer.kind, score: score))
                }
            }
            let entries = prediction.forecasterEntries(statedBy: stated)
            for entry in entries where !forecasters.contains(entry.by) { forecasters.append(entry.by) }
            for name in forecasters {
                add(Scorer(name: name, kind: .forecaster), entries.filter { $0.by == name }.map { ($0.on, $0.probability) })
            }
            // What-if runs (evaluated as of another day than their own) are never scored.
            let points = try history(prediction.id).filter { $0.asOf >= prediction.made && $0.probability != nil }
            let recorded = points.filter { $0.kind == .recorded }
            let used = recorded.isEmpty ? points.filter { $0.kind == .backtest } : recorded
            let before = scores.count
            add(.tracker, used.sorted { ($0.asOf, $0.recordedAt) < ($1.asOf, $1.recordedAt) }.map { ($0.asOf, $0.probability!) })
            if scores.count > before, let kind = used.first?.kind { trackerFrom.insert(kind) }
            if let crowd = prediction.crowd.flatMap({ workspace.indicator($0.indicator) }) {
                add(.crowd, crowd.observations.compactMap { observation in observation.value.number.map { (observation.date, $0) } })
            }
            if let baseline = naive(prediction) { add(.naive, [(prediction.made, baseline)]) }
            items.append(Item(id: prediction.id, happened: happened, window: window, scores: scores))
            scored.append(prediction)
        }
        let scorers = forecasters.map { Scorer(name: $0, kind: .forecaster) } + [.tracker, .crowd, .naive]
        self.items = items
        self.bootstrap = bootstrap
        self.trackerFrom = [.recorded, .backtest].filter(trackerFrom.contains)
        rows = Self.rows(items, scorers: scorers, bootstrap: bootstrap, seed: "all")
        groups =
            grouping.map { grouping in
                let names = Dictionary(uniqueKeysWithValues: scored.map { ($0.id, ScoreReport.groupNames($0, by: grouping)) })
                return Set(names.values.joined()).sorted().map { name in
                    let members = items.filter { names[$0.id]?.contains(name) == true }
                    return Group(name: name, rows: Self.rows(members, scorers: scorers, bootstrap: bootstrap, seed: name))
                }
            } ?? []
    }

    /// Each scorer's row on `items`; the bootstrap of each comparison seeded by `seed` and the scorer.
    static func rows(_ items: [Item], scorers: [Scorer], bootstrap: PairedBootstrap, seed: String) -> [Row] {
        scorers.map { scorer in
            let own = items.compactMap { item in item.score(of: scorer).map { (item, $0) } }
            let count = Double(own.count)
            let brier = own.isEmpty ? nil : JSONNumber.clean(own.reduce(0) { $0 + $1.1.brier } / count)
            var comparison: Comparison?
            if scorer != .tracker {
                let paired = own.compactMap { item, score in item.score(of: .tracker).map { (score, $0) } }
                let brierDifferences = paired.map { $0.0.brier - $0.1.brier }
                let logDifferences = paired.map { $0.0.logScore - $0.1.logScore }
                if let brierInterval = bootstrap.interval(brierDifferences, seed: "scoreboard \(seed) \(scorer.name) brier"),
                    let logInterval = bootstrap.interval(logDifferences, seed: "scoreboard \(seed) \(scorer.name) log")
                {
                    comparison = Comparison(
                        forecasts: paired.count, brier: mean(brierDifferences),
                        brierInterval: [brierInterval.lowerBound, brierInterval.upperBound].map(JSONNumber.clean),
                        logScore: mean(logDifferences),
                        logScoreInterval: [logInterval.lowerBound, logInterval.upperBound].map(JSONNumber.clean))
                }
            }
            return Row(
                scorer: scorer.name, kind: scorer.kind, forecasts: own.count, brier: brier,
                logScore: own.isEmpty ? nil : JSONNumber.clean(own.reduce(0) { $0 + $1.1.logScore } / count),
                skill: brier.map { JSONNumber.clean(1 - $0 / ProbabilityScores.baselineBrier) }, againstTracker: comparison,
                calibration: CalibrationBin.table(own.map { ($0.1.meanProbability, $0.0.happened) }))
        }
    }

    private static func mean(_ values: [Double]) -> Double { JSONNumber.clean(values.reduce(0, +) / Double(values.count)) }
}
