import TrackCore
import TrackEngine

/// What others say of a forecast beside the tracker, as of a day: each forecaster's latest probability
/// (the stated one among them, by the workspace's default forecaster) and the crowd's latest observation.
public struct OtherProbabilities: Sendable {
    /// A forecaster's latest probability and the day it was said.
    public struct Said: Sendable, Encodable, Equatable {
        public var by: String
        public var probability: Double
        public var on: Day
        /// Whether it is the forecast's stated `probability` (by the default forecaster, on the day it was made).
        public var stated: Bool
    }

    /// The crowd's latest probability: the forecast's `crowd:` indicator's latest observation.
    public struct Crowd: Sendable, Encodable, Equatable {
        public var indicator: String
        public var probability: Double
        public var date: Day
    }

    public var forecasters: [Said] = []
    public var crowd: Crowd?

    /// Nothing beside the tracker.
    public init() {}

    /// What `prediction`'s forecasters and crowd say in `workspace` as of `asOf`.
    public init(_ prediction: Prediction, in workspace: Workspace, asOf: Day) {
        // The stated probability's entry is the one written at the forecast itself; `said:` entries are written at theirs.
        forecasters = prediction.latestEntries(statedBy: workspace.settings.statedForecaster, asOf: asOf).map {
            Said(by: $0.by, probability: $0.probability, on: $0.on, stated: $0.mark == prediction.mark)
        }
        if let id = prediction.crowd?.indicator, let indicator = workspace.indicator(id),
            let latest = indicator.latest(asOf: asOf).max(by: { $0.date < $1.date }), let value = latest.value.number
        {
            crowd = Crowd(indicator: id, probability: value, date: latest.date)
        }
    }

    /// `alice 45%, bob 30%`; empty when no forecaster said anything yet.
    public var forecastersText: String {
        forecasters.map { "\($0.by) \($0.probability.percent)" }.joined(separator: ", ")
    }

    /// `62% (polymarket-v4, 2026-06-01)`, or nil.
    public var crowdText: String? {
        crowd.map { "\($0.probability.percent) (\($0.indicator), \($0.date))" }
    }
}
