/// A leading indicator: one time series of dated, sourced observations.
public struct Indicator: Sendable, Identifiable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Values are numbers (a price, a score, FLOP).
        case numeric
        /// Values are one of the indicator's ordered `states` (private, ipo-filed, listed).
        case state
    }

    /// Which way is progress for a numeric indicator.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        case higher, lower
    }

    public var id: String
    public var name: String
    public var unit: String?
    public var kind: Kind
    public var better: Direction?
    /// The states of a state indicator, in order.
    public var states: [String]
    public var description: String?
    /// The bounds a numeric value cannot leave (`range: [0, 100]`); nil when unbounded.
    public var range: ClosedRange<Double>?
    /// Days after which the series counts as stale without a new observation.
    public var staleAfterDays: Int?
    public var observations: [Observation]
    /// The indicator's file.
    public var file: String
    /// Subjects declared in the file's `subjects:` list: series announced before their first value
    /// (an unreleased model), which forecasts may name.
    public var declaredSubjects: [String] = []

    /// The bounds that models of the series respect: `range`, else [0, 100] for `unit: percent`.
    public var bounds: ClosedRange<Double>? {
        range ?? (unit == "percent" ? 0...100 : nil)
    }

    /// Where `observation` is written in this indicator's file.
    public func mark(of observation: Observation) -> SourceMark {
        SourceMark(file: file, line: observation.line, column: observation.column)
    }

    /// The subjects the series has, in order of first appearance (empty when it has none).
    public var subjects: [String] {
        var seen = Set<String>()
        return observations.compactMap(\.subject).filter { seen.insert($0).inserted }
    }

    /// The latest observation per subject (nil subject for a series without subjects), as of a day.
    public func latest(asOf day: Day) -> [Observation] {
        var latestBySubject: [String?: Observation] = [:]
        var order: [String?] = []
        for observation in observations where observation.date <= day {
            guard let current = latestBySubject[observation.subject] else {
                latestBySubject[observation.subject] = observation
                order.append(observation.subject)
                continue
            }
            if observation.date >= current.date { latestBySubject[observation.subject] = observation }
        }
        return order.compactMap { latestBySubject[$0] }
    }
}
