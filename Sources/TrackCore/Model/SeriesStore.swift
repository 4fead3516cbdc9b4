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

    /// The observations of each subject, in their order in `observations`.
    static func groupedBySubject(_ observations: [Observation]) -> [String: [Observation]] {
        let withSubject = observations.indices.filter { observations[$0].subject != nil }
        var bySubject: [String: [Observation]] = [:]
        for group in subjectGroups(withSubject, subject: { observations[$0].subject }) {
            bySubject[observations[group.first!].subject!] = group.map { observations[$0] }
        }
        return bySubject
    }

    /// `indices` grouped by `subject(index)` (no subject is a group too): groups in the order of their first
    /// member, members in the order given. A counting sort, linear however many subjects there are.
    static func subjectGroups(_ indices: [Int], subject: (Int) -> String?) -> [ArraySlice<Int>] {
        var numbers: [String?: Int] = [:]
        var numberOf: [Int] = []
        numberOf.reserveCapacity(indices.count)
        var sizes: [Int] = []
        for index in indices {
            let key = subject(index)
            let number =
                numbers[key]
                ?? {
                    numbers[key] = sizes.count
                    sizes.append(0)
                    return sizes.count - 1
                }()
            numberOf.append(number)
            sizes[number] += 1
        }
        var starts = [0]
        for size in sizes { starts.append(starts[starts.count - 1] + size) }
        var filled = starts
        var grouped = [Int](repeating: 0, count: indices.count)
        for (index, number) in zip(indices, numberOf) {
            grouped[filled[number]] = index
            filled[number] += 1
        }
        return sizes.indices.map { grouped[starts[$0]..<starts[$0 + 1]] }
    }

    /// The observations of `indicator` (of one subject when given) dated on or before `cutoff`, oldest first.
    public func observations(of indicator: String, subject: String?, through cutoff: Day) -> ArraySlice<Observation> {
        guard let entry = series[indicator] else { return [] }
        let list = subject.map { bySubject.observations(of: indicator, subject: $0, all: entry.all) } ?? entry.all
        return list[..<Self.end(of: list, through: cutoff)]
    }

    /// Whether `indicator`'s observations have subjects.
    public func hasSubjects(_ indicator: String) -> Bool {
        series[indicator]?.hasSubjects ?? false
    }

    /// The index just past the last observation dated on or before `cutoff` (binary search).
    static func end(of list: [Observation], through cutoff: Day) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].date <= cutoff { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A stable sort by date: observations already in order (the usual case) are not moved.
    static func sortedByDate(_ observations: [Observation]) -> [Observation] {
        dateOrder(observations).map { $0.map { observations[$0] } } ?? observations
    }

    /// The positions of `observations` in date order, file order among equal dates; nil when they are in
    /// date order already (dates compared in place, nothing copied).
    static func dateOrder(_ observations: [Observation]) -> [Int]? {
        let isSorted = observations.withUnsafeBufferPointer { buffer in
            buffer.indices.dropFirst().allSatisfy { buffer[$0 - 1].date <= buffer[$0].date }
        }
        return isSorted ? nil : observations.indices.sorted { (observations[$0].date, $0) < (observations[$1].date, $1) }
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
