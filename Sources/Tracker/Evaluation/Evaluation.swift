/// The tracker's view of one forecast as of a day: status, probability, and the reasons.
public struct Evaluation: Sendable {
    public var predictionID: String
    public var asOf: Day
    public var status: Status
    /// The tracker's probability that the forecast comes true; nil when untestable or in error.
    public var probability: Double?
    public var summary: String
    /// The plugin's full assessment (evidence, projection, parts); nil without an evaluator or on error.
    public var assessment: Assessment?
    /// How old the evidence is: of the indicators the plugin read, the newest observation of the
    /// stalest one (nil when it read none, or found none).
    public var dataAsOf: Day?
    /// The indicators read whose newest observation is older than their `stale-after-days`, sorted.
    public var staleIndicators: [String]

    public init(
        predictionID: String, asOf: Day, status: Status, probability: Double?, summary: String, assessment: Assessment?,
        dataAsOf: Day? = nil, staleIndicators: [String] = []
    ) {
        self.predictionID = predictionID
        self.asOf = asOf
        self.status = status
        self.probability = probability
        self.summary = summary
        self.assessment = assessment
        self.dataAsOf = dataAsOf
        self.staleIndicators = staleIndicators
    }

    public var evidence: [Evidence] { assessment?.evidence ?? [] }

    /// Whether some evidence behind the verdict is older than its indicator's `stale-after-days`.
    public var stale: Bool { !staleIndicators.isEmpty }
}
