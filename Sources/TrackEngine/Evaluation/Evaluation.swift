import TrackCore

/// The tracker's view of one forecast as of a day: status, probability, and the reasons.
public struct Evaluation: Sendable {
    public var predictionID: String
    public var asOf: Day
    public var status: Status
    /// The tracker's probability that the forecast comes true; nil when untestable or in error.
    public var probability: Double?
    /// The plain-language line `track status` shows (at most `PlainSummary.limit` characters): the
    /// value now, what is needed by when, and the chance or the verdict.
    public var summary: String
    /// How the evaluator reached it (its model and numbers), for `track explain`; nil when the summary says it all.
    public var reasoning: String?
    /// The plugin's full assessment (evidence, projection, parts); nil without an evaluator or on error.
    public var assessment: Assessment?
    /// Each indicator the plugin read, with its newest observation then and whether that is stale.
    public var freshness: [Freshness]

    public init(
        predictionID: String, asOf: Day, status: Status, probability: Double?, summary: String, reasoning: String? = nil,
        assessment: Assessment?, freshness: [Freshness] = []
    ) {
        self.predictionID = predictionID
        self.asOf = asOf
        self.status = status
        self.probability = probability
        self.summary = summary
        self.reasoning = reasoning
        self.assessment = assessment
        self.freshness = freshness
    }

    public var evidence: [Evidence] { assessment?.evidence ?? [] }

    /// How old the evidence is: of the indicators read, the newest observation of the stalest one
    /// (nil when the plugin read none, or found none).
    public var dataAsOf: Day? { freshness.map(\.newest).min() }

    /// The indicators read whose newest observation is older than their `stale-after-days`, sorted.
    public var staleIndicators: [String] { freshness.filter(\.stale).map(\.indicator) }

    /// Whether some evidence behind the verdict is older than its indicator's `stale-after-days`.
    public var stale: Bool { freshness.contains(where: \.stale) }

    /// How current one indicator read for an evaluation is.
    public struct Freshness: Sendable, Hashable, Encodable {
        public var indicator: String
        /// Its newest observation on or before the cut-off day.
        public var newest: Day
        /// Days from that observation to the cut-off day.
        public var ageDays: Int
        /// Whether the age is over the indicator's (or the workspace's) `stale-after-days`.
        public var stale: Bool

        public init(indicator: String, newest: Day, ageDays: Int, stale: Bool) {
            self.indicator = indicator
            self.newest = newest
            self.ageDays = ageDays
            self.stale = stale
        }
    }
}
