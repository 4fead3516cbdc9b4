/// One forecaster's probability for a forecast, said on a day: an entry of a forecast's `said:` list
/// in predictions.yaml (`track say` appends one). A forecaster may say several over time; each stands
/// from its day until the next.
public struct ForecasterEntry: Sendable, Hashable {
    /// The forecaster's name, one of track.yaml's `forecasters`.
    public var by: String
    /// Strictly between 0 and 1: a person's probability is never certain.
    public var probability: Double
    /// The day it was said, from the forecast's `made` to its deadline.
    public var on: Day
    public var note: String?
    /// Where the entry is written (its mapping in predictions.yaml).
    public var mark: SourceMark?

    public init(by: String, probability: Double, on: Day, note: String? = nil, mark: SourceMark? = nil) {
        self.by = by
        self.probability = probability
        self.on = on
        self.note = note
        self.mark = mark
    }

    /// Whether `other` says the same thing (wherever it is written).
    public func says(_ other: ForecasterEntry) -> Bool {
        by == other.by && probability == other.probability && on == other.on && note == other.note
    }
}

/// A forecast's `crowd:`: the indicator that holds the crowd's probability for the same question (a
/// market's price, a community forecast), a series of values in [0, 1].
public struct CrowdReference: Sendable, Hashable {
    public var indicator: String
    public var mark: SourceMark

    public init(indicator: String, mark: SourceMark) {
        self.indicator = indicator
        self.mark = mark
    }
}
