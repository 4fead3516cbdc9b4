import TrackCore

/// A forecast as an evaluator sees it: what is claimed, by when, and how likely its author said it
/// was. Never its resolution: a plugin judges the data, not the recorded outcome.
public struct Forecast: Sendable {
    /// The forecast's slug (`v4-sota-reasoning`).
    public let id: String
    public let statement: String
    /// The day the forecast was made: observations before it are history, not the event.
    public let made: Day
    public let deadline: Deadline
    /// The forecaster's stated probability, when one was given.
    public let statedProbability: Double?
    /// How the forecast resolves, in words.
    public let criteria: String
    public let tags: [String]

    init(_ prediction: Prediction) {
        id = prediction.id
        statement = prediction.statement
        made = prediction.made
        deadline = prediction.deadline
        statedProbability = prediction.probability
        criteria = prediction.criteria
        tags = prediction.tags
    }
}
