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

    public init(predictionID: String, asOf: Day, status: Status, probability: Double?, summary: String, assessment: Assessment?) {
        self.predictionID = predictionID
        self.asOf = asOf
        self.status = status
        self.probability = probability
        self.summary = summary
        self.assessment = assessment
    }

    public var evidence: [Evidence] { assessment?.evidence ?? [] }
}
