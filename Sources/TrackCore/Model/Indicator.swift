/// What an indicator is, without its observations: what evaluators are given, so that data reach them
/// only through the as-of view of the engine.
public struct IndicatorDefinition: Sendable, Identifiable {
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
    /// The step values are reported in (`resolution: 0.1`); nil when not declared (models then take
    /// the finest step of the values).
    public var resolution: Double?
    /// Days after which the series counts as stale without a new observation.
    public var staleAfterDays: Int?
    /// The indicator's file.
    public var file: String
    /// Subjects declared in the file's `subjects:` list: series announced before their first value
    /// (an unreleased model), which forecasts may name.
    public var declaredSubjects: [String] = []
    /// Where new values come from (`update: {source: csv, url: ...}`), as written; `track update` runs it.
    public var update: YAMLNode?

    public init(
        id: String, name: String, unit: String?, kind: Kind, better: Direction?, states: [String], description: String?,
        range: ClosedRange<Double>?, staleAfterDays: Int?, file: String, declaredSubjects: [String] = [], update: YAMLNode? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.kind = kind
        self.better = better
        self.states = states
        self.description = description
        self.range = range
        self.staleAfterDays = staleAfterDays
        self.file = file
        self.declaredSubjects = declaredSubjects
        self.update = update
    }

    /// The bounds that models of the series respect: `range`, else [0, 100] for `unit: percent`.
    public var bounds: ClosedRange<Double>? {
        range ?? (unit == "percent" ? 0...100 : nil)
    }

    /// Where `observation` is written in this indicator's file.
    public func mark(of observation: Observation) -> SourceMark {
        SourceMark(file: file, line: observation.line, column: observation.column)
    }
}

/// A leading indicator: its definition and its time series of dated, sourced observations.
@dynamicMemberLookup
public struct Indicator: Sendable, Identifiable {
    public typealias Kind = IndicatorDefinition.Kind
    public typealias Direction = IndicatorDefinition.Direction

    public var definition: IndicatorDefinition
    public var observations: [Observation]

    public init(_ definition: IndicatorDefinition, observations: [Observation]) {
        self.definition = definition
        self.observations = observations
    }

    public var id: String { definition.id }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<IndicatorDefinition, Value>) -> Value {
        get { definition[keyPath: keyPath] }
        set { definition[keyPath: keyPath] = newValue }
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<IndicatorDefinition, Value>) -> Value {
        definition[keyPath: keyPath]
    }

    /// Where `observation` is written in this indicator's file.
    public func mark(of observation: Observation) -> SourceMark { definition.mark(of: observation) }

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
