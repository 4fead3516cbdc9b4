/// What a plugin sees when it assesses one forecast: the workspace, the forecast, and the day.
/// Observations dated after `asOf` are hidden from it.
public struct EvaluationContext: Sendable {
    public let workspace: Workspace
    public let prediction: Prediction
    /// The day the assessment is for: the requested day, or the deadline once it has passed
    /// (data dated after the deadline do not count towards a forecast).
    public let asOf: Day

    public init(workspace: Workspace, prediction: Prediction, asOf: Day) {
        self.workspace = workspace
        self.prediction = prediction
        self.asOf = min(asOf, prediction.deadline.day)
    }

    public var deadline: Day { prediction.deadline.day }

    /// Whether the deadline has been reached: nothing can change the verdict after it.
    public var isAtDeadline: Bool { asOf >= deadline }

    /// The observations of `indicator` dated on or before `asOf`, optionally of one subject.
    public func observations(of indicator: Indicator, subject: String? = nil) -> [Observation] {
        indicator.observations.filter { $0.date <= asOf && (subject == nil || $0.subject == subject) }
    }
}
