import TrackCore
import TrackEngine

/// `track score`: how good the forecasts were, the forecasters' stated probabilities and the
/// tracker's own, once resolved.
public struct ScoreReport: Sendable, Encodable {
    /// How forecasts are grouped.
    public enum Grouping: String, Sendable, CaseIterable {
        case tag, horizon, source
    }

    /// One resolved forecast.
    public struct Item: Sendable, Encodable {
        public var id: String
        public var happened: Bool
        @EncodedAsNull public var stated: Double?
        /// The tracker's probability averaged over time from `made` to the resolution, weighted by days.
        @EncodedAsNull public var tracker: Double?
        /// Where the tracker's probability comes from: recorded runs, or backtests when none were recorded.
        @EncodedAsNull public var trackerFrom: HistoryStore.RunKind?
        /// The naive baseline's probability, when the forecast has one.
        @EncodedAsNull public var naive: Double?
    }

    public struct Group: Sendable, Encodable {
        public var name: String
        @EncodedAsNull public var stated: ProbabilityScores?
        @EncodedAsNull public var tracker: ProbabilityScores?
    }

    public var items: [Item]
    @EncodedAsNull public var stated: ProbabilityScores?
    @EncodedAsNull public var tracker: ProbabilityScores?
    /// The naive baseline's scores, on the forecasts that have one.
    @EncodedAsNull public var naive: ProbabilityScores?
    /// 1 - Brier / the naive baseline's Brier, on the forecasts that have both.
    @EncodedAsNull public var statedSkillAgainstNaive: Double?
    @EncodedAsNull public var trackerSkillAgainstNaive: Double?
    public var statedCalibration: [CalibrationBin]
    public var trackerCalibration: [CalibrationBin]
    public var groups: [Group]
    /// Resolved ambiguous or annulled: left out of the scores.
    public var leftOut: [String: Int]
    public var unresolved: Int
    /// Every scorer side by side, with time-averaged scores: the forecasters, the tracker, the crowd, the naive baseline.
    public var scoreboard: Scoreboard

    /// Scores for the resolved forecasts of `workspace` (those with `tag`), grouped `by`; `naive`
    /// gives a forecast's naive-baseline probability, when it has one.
    public init(
        workspace: Workspace, history: (String) throws -> [HistoryStore.Point], naive: (Prediction) -> Double? = { _ in nil },
        tag: String? = nil, by grouping: Grouping? = nil
    ) rethrows {
        let predictions = workspace.predictions.filter { tag == nil || $0.tags.contains(tag!) }
        // Each resolved forecast's runs, read once for the summary and the scoreboard.
        var runs: [String: [HistoryStore.Point]] = [:]
        for prediction in predictions where prediction.resolution != nil { runs[prediction.id] = try history(prediction.id) }
        let stored = { (id: String) in runs[id] ?? [] }
        var items: [Item] = []
        var leftOut: [String: Int] = [:]
        for prediction in predictions {
            guard let resolution = prediction.resolution else { continue }
            switch resolution.outcome {
            case .ambiguous, .annulled:
                leftOut[resolution.outcome.rawValue, default: 0] += 1
                continue
            case .yes, .no:
                let end = min(resolution.date, prediction.deadline.day)
                let points = stored(prediction.id).filter { $0.asOf >= prediction.made && $0.asOf <= end && $0.probability != nil }
                // What-if runs (evaluated as of another day than their own) are never scored.
                let recorded = points.filter { $0.kind == .recorded }
                let used = recorded.isEmpty ? points.filter { $0.kind == .backtest } : recorded
                items.append(
                    Item(
                        id: prediction.id, happened: resolution.outcome == .yes, stated: prediction.probability,
                        tracker: Self.timeAverage(used, until: end), trackerFrom: used.first?.kind, naive: naive(prediction)))
            }
        }
        self.items = items
        self.leftOut = leftOut
        unresolved = predictions.count { $0.resolution == nil }
        let statedPairs = items.compactMap { item in item.stated.map { ($0, item.happened) } }
        let trackerPairs = items.compactMap { item in item.tracker.map { ($0, item.happened) } }
        stated = ProbabilityScores(statedPairs)
        tracker = ProbabilityScores(trackerPairs)
        self.naive = ProbabilityScores(items.compactMap { item in item.naive.map { ($0, item.happened) } })
        statedSkillAgainstNaive = Self.skill(items, \.stated)
        trackerSkillAgainstNaive = Self.skill(items, \.tracker)
        statedCalibration = CalibrationBin.table(statedPairs)
        trackerCalibration = CalibrationBin.table(trackerPairs)
        groups = grouping.map { Self.groups(items, predictions: predictions, by: $0) } ?? []
        scoreboard = Scoreboard(workspace: workspace, predictions: predictions, history: stored, naive: naive, by: grouping)
    }

    /// 1 - Brier(probability) / Brier(naive), on the items that have both; nil when none does or the naive Brier is 0.
    static func skill(_ items: [Item], _ probability: KeyPath<Item, Double?>) -> Double? {
        let both = items.filter { $0[keyPath: probability] != nil && $0.naive != nil }
        guard let mine = ProbabilityScores(both.map { ($0[keyPath: probability]!, $0.happened) }),
            let naive = ProbabilityScores(both.map { ($0.naive!, $0.happened) }), naive.brier > 0
        else { return nil }
        return 1 - mine.brier / naive.brier
    }

    /// The mean of the points' probabilities, each weighted by the days until the next point (or `end`).
    static func timeAverage(_ points: [HistoryStore.Point], until end: Day) -> Double? {
        let sorted = points.sorted { $0.asOf < $1.asOf }
        guard let first = sorted.first else { return nil }
        var weighted = 0.0
        var days = 0.0
        for (index, point) in sorted.enumerated() {
            let next = index + 1 < sorted.count ? sorted[index + 1].asOf : end
            let span = Double(max(1, point.asOf.days(until: next)))
            weighted += (point.probability ?? 0) * span
            days += span
        }
        return days > 0 ? weighted / days : first.probability
    }

    /// The horizon bucket of a forecast: the time from `made` to the deadline.
    static func horizon(_ prediction: Prediction) -> String {
        switch prediction.made.days(until: prediction.deadline.day) {
        case ..<183: "under 6 months"
        case ..<366: "6-12 months"
        case ..<731: "1-2 years"
        default: "over 2 years"
        }
    }

    /// The groups a forecast belongs to: its tags (or "(no tag)"), its horizon, or its source.
    static func groupNames(_ prediction: Prediction, by grouping: Grouping) -> [String] {
        switch grouping {
        case .tag: prediction.tags.isEmpty ? ["(no tag)"] : prediction.tags
        case .horizon: [horizon(prediction)]
        case .source: [prediction.source]
        }
    }

    private static func groups(_ items: [Item], predictions: [Prediction], by grouping: Grouping) -> [Group] {
        let names = Dictionary(uniqueKeysWithValues: predictions.map { ($0.id, groupNames($0, by: grouping)) })
        let all = Set(items.flatMap { names[$0.id] ?? [] }).sorted()
        return all.map { name in
            let members = items.filter { names[$0.id]?.contains(name) == true }
            return Group(
                name: name,
                stated: ProbabilityScores(members.compactMap { item in item.stated.map { ($0, item.happened) } }),
                tracker: ProbabilityScores(members.compactMap { item in item.tracker.map { ($0, item.happened) } }))
        }
    }

    /// The report as text: the scoreboard, what it means, the counts, each scorer's calibration and the groups;
    /// tables fitted and prose folded to `width` columns when given.
    public func text(style: TerminalStyle, width: Int? = nil) -> String {
        var lines = [scoreboard.table(scoreboard.rows).render(style: style, width: width)]
        lines += ProseWrap.lines(scoreboard.legend, width: width, indent: 0)
        let excluded = leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        lines += ProseWrap.lines(
            "\(items.count) resolved yes/no, \(unresolved) unresolved" + (excluded.isEmpty ? "" : ", left out: \(excluded)"), width: width,
            indent: 0)
        for group in scoreboard.groups {
            lines += ["", style.apply(.header, to: group.name), scoreboard.table(group.rows).render(style: style, width: width)]
        }
        for (_, table) in scoreboard.calibrationTables() { lines += ["", table.render(style: style, width: width)] }
        return lines.joined(separator: "\n")
    }
}
