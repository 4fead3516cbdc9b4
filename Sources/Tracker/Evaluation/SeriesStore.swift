/// Every indicator's observations sorted by date once per load, by indicator and by subject, so a
/// cut at any day is a binary search rather than a filter of the whole file.
public struct SeriesStore: Sendable {
    /// One indicator's observations, oldest first (file order among equal dates).
    struct Series: Sendable {
        var all: [Observation]
        var bySubject: [String: [Observation]]
    }

    private let series: [String: Series]

    public init(indicators: [Indicator]) {
        var series: [String: Series] = [:]
        for indicator in indicators where series[indicator.id] == nil {
            let sorted = Self.sortedByDate(indicator.observations)
            var bySubject: [String: [Observation]] = [:]
            for observation in sorted {
                if let subject = observation.subject { bySubject[subject, default: []].append(observation) }
            }
            series[indicator.id] = Series(all: sorted, bySubject: bySubject)
        }
        self.series = series
    }

    /// The observations of `indicator` (of one subject when given) dated on or before `cutoff`, oldest first.
    func observations(of indicator: String, subject: String?, through cutoff: Day) -> ArraySlice<Observation> {
        guard let entry = series[indicator] else { return [] }
        let list = subject.map { entry.bySubject[$0] ?? [] } ?? entry.all
        return list[..<Self.end(of: list, through: cutoff)]
    }

    /// Whether `indicator`'s observations have subjects.
    func hasSubjects(_ indicator: String) -> Bool {
        series[indicator].map { !$0.bySubject.isEmpty } ?? false
    }

    /// The index just past the last observation dated on or before `cutoff` (binary search).
    static func end(of list: [Observation], through cutoff: Day) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].date <= cutoff { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A stable sort by date: observations already in order (the usual case) are not moved.
    static func sortedByDate(_ observations: [Observation]) -> [Observation] {
        if zip(observations, observations.dropFirst()).allSatisfy({ $0.date <= $1.date }) { return observations }
        return observations.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }
}
