import TrackCore

/// Where a forecast stands as of a day.
public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
    /// The deadline has passed (or the forecast resolved) and it came true.
    case met
    /// The target is already reached before the deadline.
    case ahead
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case behind
    /// The deadline has passed (or the forecast resolved) and it did not come true.
    case missed
    /// No evaluator, or no data yet to judge by.
    case untestable
    /// The evaluator failed; the reason is in the summary.
    case error
}
