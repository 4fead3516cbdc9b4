import Synchronization

/// Every indicator's observations sorted by date once per load, by indicator and by subject, so a
/// cut at any day is a binary search rather than a filter of the whole file.
public struct SeriesStore: Sendable {
    /// One indicator's observations, oldest first (file order among equal dates), and as written.
    struct Series: Sendable {
        var all: [Observation]
        /// The observations in file order (the same storage as `all` when the file is sorted by date).
        var written: [Observation]
        var hasSubjects: Bool
        /// Subjects declared under `subjects:`, which may have no observation yet.
        var declared: [String]
    }

    private let series: [String: Series]
    /// Each indicator's observations by subject, grouped when a subject of it is first asked for (and
    /// then kept): a load that evaluates nothing (`validate`) holds no second copy of the observations.
    private let bySubject = SubjectSeries()

    public init(indicators: [Indicator]) {
        var series: [String: Series] = [:]
        for indicator in indicators where series[indicator.id] == nil {
            let sorted = Self.sortedByDate(indicator.observations)
            series[indicator.id] = Series(
                all: sorted, written: indicator.observations, hasSubjects: sorted.contains { $0.subject != nil },
                declared: indicator.declaredSubjects)
        }
        self.series = series
    }

    /// The observations of each subject (nil: those without one), in their order in `observations`.
    static func groupedBySubject(_ observations: [Observation]) -> [String?: [Observation]] {
        var bySubject: [String?: [Observation]] = [:]
        for group in subjectGroups(Array(observations.indices), subject: { observations[$0].subject }) {
            bySubject[observations[group.first!].subject] = group.map { observations[$0] }
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

    /// `indicator`'s subjects and how many observations each has: one pass over its observations the
    /// first time they are asked for, then kept for every check, table and chart of this load.
    public func subjects(of indicator: String) -> SubjectCounts {
        guard let entry = series[indicator] else { return SubjectCounts([]) }
        return bySubject.counts(of: indicator) { SubjectCounts(entry.written, declared: entry.declared) }
    }

    /// The subject of `indicator` (observed or declared) that `word` likely misspells, through an index
    /// built the first time one is asked for (`SuggestionIndex`).
    public func closestSubject(to word: String, of indicator: String) -> String? {
        guard series[indicator] != nil else { return nil }
        return bySubject.suggestions(of: indicator) { SuggestionIndex(subjects(of: indicator).known) }.closest(to: word)
    }

    /// How many observations of `indicator` dated on or before `cutoff` have `subject` (nil: no subject):
    /// the count of the whole series when `cutoff` is past its last day, else a binary search in the subject's list.
    public func count(of indicator: String, subject: String?, through cutoff: Day) -> Int {
        guard let entry = series[indicator] else { return 0 }
        if let last = entry.all.last?.date, last <= cutoff {
            let counts = subjects(of: indicator)
            return subject.map { counts.count(of: $0) } ?? counts.withoutSubject
        }
        guard entry.hasSubjects else { return subject == nil ? Self.end(of: entry.all, through: cutoff) : 0 }
        let list = bySubject.observations(of: indicator, subject: subject, all: entry.all)
        return Self.end(of: list, through: cutoff)
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

/// The per-subject lists and counts of each indicator, built on first use under a lock (plugins of
/// different forecasts run in parallel) and shared by every copy of the store.
final class SubjectSeries: Sendable {
    private let lists = Mutex<[String: [String?: [Observation]]]>([:])
    private let counts = Mutex<[String: SubjectCounts]>([:])
    private let indexes = Mutex<[String: SuggestionIndex]>([:])

    /// The observations of `subject` (nil: those without one) among `all`, the date-sorted observations of `indicator`.
    func observations(of indicator: String, subject: String?, all: [Observation]) -> [Observation] {
        lists.withLock { lists in
            if let grouped = lists[indicator] { return grouped[subject] ?? [] }
            let grouped = SeriesStore.groupedBySubject(all)
            lists[indicator] = grouped
            return grouped[subject] ?? []
        }
    }

    /// `indicator`'s subject counts, made by `make` the first time.
    func counts(of indicator: String, make: () -> SubjectCounts) -> SubjectCounts {
        counts.withLock { counts in
            if let known = counts[indicator] { return known }
            let made = make()
            counts[indicator] = made
            return made
        }
    }

    /// `indicator`'s index of subject names, made by `make` the first time.
    func suggestions(of indicator: String, make: () -> SuggestionIndex) -> SuggestionIndex {
        if let index = indexes.withLock({ $0[indicator] }) { return index }
        let made = make()
        return indexes.withLock { indexes in
            if let index = indexes[indicator] { return index }
            indexes[indicator] = made
            return made
        }
    }
}
