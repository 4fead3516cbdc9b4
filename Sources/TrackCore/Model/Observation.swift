/// One dated, sourced value of an indicator.
public struct Observation: Sendable, Hashable {
    /// A number for numeric indicators, one of the states for state indicators.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case number(Double)
        case state(String)

        public var number: Double? {
            if case .number(let value) = self { value } else { nil }
        }

        public var description: String {
            switch self {
            case .number(let value): value.formatted
            case .state(let state): state
            }
        }
    }

    public var date: Day
    /// What the value is about when a series has several subjects (a model, a company).
    public var subject: String?
    public var value: Value
    /// Where the value comes from: a URL or a citation.
    public var source: String
    public var note: String?
    /// Where the observation starts in its indicator's file (1-based); see `Indicator.mark(of:)`.
    public var line: Int
    public var column: Int

    /// Same date, subject, value and source: the same fact recorded twice.
    public func isDuplicate(of other: Observation) -> Bool {
        date == other.date && subject == other.subject && value == other.value && source == other.source
    }
}
