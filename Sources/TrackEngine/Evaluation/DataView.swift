import Synchronization
import TrackCore

/// The data a plugin may read: every observation dated on or before a cut-off day (the as-of day,
/// or the deadline once it has passed), and nothing later. The engine builds one per assessment;
/// a plugin holds indicators without their observations, so this view is its only way to data.
///
/// The view notes which series it handed out and the newest observation in each, so the engine
/// can say how old the evidence behind a verdict is.
public struct DataView: Sendable {
    /// The last day whose observations are visible.
    public let cutoff: Day
    private let store: SeriesStore
    private let reads: ReadLog

    init(store: SeriesStore, cutoff: Day) {
        self.store = store
        self.cutoff = cutoff
        reads = ReadLog()
    }

    /// The observations of `indicator` (one subject's when given) dated on or before the cut-off, oldest first.
    public func observations(of indicator: IndicatorDefinition, subject: String? = nil) -> ArraySlice<Observation> {
        let slice = store.observations(of: indicator.id, subject: subject, through: cutoff)
        reads.note(indicator.id, newest: slice.last?.date)
        return slice
    }

    /// The newest observation date of each indicator read so far (nil for one read but empty).
    var newestRead: [String: Day?] { reads.snapshot }
}

/// What a `DataView` handed out: per indicator, the newest observation date seen.
final class ReadLog: Sendable {
    private let newest = Mutex<[String: Day?]>([:])

    func note(_ indicator: String, newest day: Day?) {
        newest.withLock { table in
            let current = table[indicator] ?? nil
            table[indicator] = [current, day].compactMap { $0 }.max()
        }
    }

    var snapshot: [String: Day?] { newest.withLock { $0 } }
}
