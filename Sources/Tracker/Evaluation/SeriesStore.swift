import Synchronization

/// Every indicator's observations sorted by date once per load, by indicator and by subject, so a
/// cut at any day is a binary search rather than a filter of the whole file.
public struct SeriesStore: Sendable {
    /// One indicator's observations, oldest first (file order among equal dates).
    struct Series: Sendable {
        var all: [Observation]
        var hasSubjects: Bool
    }

    private let series: [String: Series]
    /// Each indicator's observations by subject, grouped when a subject of it is first asked for (and
    /// then kept): a load that evaluates nothing (`validate`) holds no second copy of the observations.
    private let bySubject = SubjectSeries()

    public init(indicators: [Indicator]) {
        var series: [String: Series] = [:]
        for indicator in indicators where series[indicator.id] == nil {
            let sorted = Self.sortedByDate(indicator.observations)
            series[indicator.id] = Series(all: sorted, hasSubjects: sorted.contains { $0.subject != nil })
        }
        self.series = series
    }

    /// The observations of each subject, in their order in `observations`. Each subject is numbered at its
    /// first appearance and its list allocated once at its final size.
    static func groupedBySubject(_ observations: [Observation]) -> [String: [Observation]] {
        var numbers: [String: Int32] = [:]
        var subjects: [String] = []
        var counts: [Int] = []
        var numberOf = [Int32](repeating: -1, count: observations.count)
        for index in observations.indices {
            guard let subject = observations[index].subject else { continue }
            let number = numbers[subject] ?? {
                let number = Int32(subjects.count)
                numbers[subject] = number
                subjects.append(subject)
                counts.append(0)
                return number
            }()
            numberOf[index] = number
            counts[Int(number)] += 1
        }
        if subjects.isEmpty { return [:] }
        var lists = counts.map { count in
            var list: [Observation] = []
            list.reserveCapacity(count)
            return list
        }
        for index in observations.indices where numberOf[index] >= 0 {
            lists[Int(numberOf[index])].append(observations[index])
        }
        var bySubject: [String: [Observation]] = [:]
        bySubject.reserveCapacity(subjects.count)
        for (subject, list) in zip(subjects, lists) { bySubject[subject] = list }
        return bySubject
    }

    /// The observations of `indicator` (of one subject when given) dated on or before `cutoff`, oldest first.
    func observations(of indicator: String, subject: String?, through cutoff: Day) -> ArraySlice<Observation> {
        guard let entry = series[indicator] else { return [] }
        let list = subject.map { bySubject.observations(of: indicator, subject: $0, all: entry.all) } ?? entry.all
        return list[..<Self.end(of: list, through: cutoff)]
    }

    /// Whether `indicator`'s observations have subjects.
    func hasSubjects(_ indicator: String) -> Bool {
        series[indicator]?.hasSubjects ?? false
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
        if isSortedByDate(observations) { return observations }
        return observations.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// Whether no observation is dated before the one ahead of it (dates compared in place, nothing copied).
    static func isSortedByDate(_ observations: [Observation]) -> Bool {
        observations.withUnsafeBufferPointer { buffer in
            buffer.indices.dropFirst().allSatisfy { buffer[$0 - 1].date <= buffer[$0].date }
        }
    }
}

/// The per-subject lists of each indicator, built on first use under a lock (plugins of different
/// forecasts run in parallel) and shared by every copy of the store.
final class SubjectSeries: Sendable {
    private let lists = Mutex<[String: [String: [Observation]]]>([:])

    /// The observations of `subject` among `all`, the date-sorted observations of `indicator`.
    func observations(of indicator: String, subject: String, all: [Observation]) -> [Observation] {
        lists.withLock { lists in
            if let grouped = lists[indicator] { return grouped[subject] ?? [] }
            let grouped = SeriesStore.groupedBySubject(all)
            lists[indicator] = grouped
            return grouped[subject] ?? []
        }
    }
}
