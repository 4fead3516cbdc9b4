/// One forecast: what is claimed, by when, how likely its author said it was, and how it is evaluated.
public struct Prediction: Sendable, Identifiable {
    /// A slug, unique in the workspace (`v4-sota-reasoning`).
    public var id: String
    public var statement: String
    /// The id of a `Source` in predictions.yaml.
    public var source: String
    /// The day the forecast was made.
    public var made: Day
    public var deadline: Deadline
    /// The forecaster's stated probability, when one was given.
    public var probability: Double?
    /// How the forecast resolves, in words.
    public var criteria: String
    public var tags: [String]
    /// The evaluator configuration (a one-key mapping naming the plugin), kept as YAML for the plugins.
    public var evaluate: YAMLNode?
    public var resolution: Resolution?
    public var notes: String?
    /// Forecasters' probabilities over time (`said:`), in the order written.
    public var said: [ForecasterEntry] = []
    /// The indicator holding the crowd's probability for the same question (`crowd:`).
    public var crowd: CrowdReference?
    /// Where the prediction starts in predictions.yaml.
    public var mark: SourceMark
}

/// How a forecast turned out, as recorded by `track resolve`.
public struct Resolution: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case yes, no, ambiguous, annulled
    }

    public var outcome: Outcome
    public var date: Day
    public var source: String
    public var note: String?

    public init(outcome: Outcome, date: Day, source: String, note: String?) {
        self.outcome = outcome
        self.date = date
        self.source = source
        self.note = note
    }
}
