import TrackCore
import TrackEngine

/// The days over which a resolved forecast is scored: from the day it was made to the day before it
/// resolved (or before its deadline, when it resolved later), at least the day it was made. The day of
/// the resolution is left out: what anyone says once the outcome is known is no forecast.
public struct ScoringWindow: Sendable, Hashable, Encodable {
    public var first: Day
    /// The window's last day, included.
    public var last: Day

    public init(first: Day, last: Day) {
        self.first = first
        self.last = max(first, last)
    }

    /// The window of `prediction`, resolved by `resolution`.
    public init(_ prediction: Prediction, resolution: Resolution) {
        let end = min(resolution.date, prediction.deadline.day)
        self.init(first: prediction.made, last: end.adding(days: -1))
    }

    /// How many days it holds.
    public var days: Int { first.days(until: last) + 1 }
}
