/// When a forecast is due: a day, the end of a quarter (`2027-Q3`) or the end of a year (`2028`).
public struct Deadline: Sendable, Hashable, CustomStringConvertible {
    public enum Precision: String, Sendable, Hashable {
        case day, quarter, year
    }

    /// The last day on which the forecast can still come true.
    public let day: Day
    public let precision: Precision

    public init(day: Day, precision: Precision = .day) {
        self.day = day
        self.precision = precision
    }

    /// Parses `YYYY-MM-DD`, `YYYY-Qn` or `YYYY`.
    public init?(_ text: String) {
        if let day = Day(text) {
            self.init(day: day)
        } else if text.count == 4, let year = Int(text), year > 0 {
            self.init(day: Day(year: year, month: 12, day: 31)!, precision: .year)
        } else if text.count == 7, let year = Int(text.prefix(4)), text.dropFirst(4).prefix(2) == "-Q",
            let quarter = Int(text.suffix(1)), (1...4).contains(quarter)
        {
            let lastMonth = quarter * 3
            self.init(day: Day(year: year, month: lastMonth, day: Day.length(ofMonth: lastMonth, year: year))!, precision: .quarter)
        } else {
            return nil
        }
    }

    /// As written: `2027-Q3`, `2028` or `2027-06-30`.
    public var description: String {
        let (year, month, _) = day.components
        switch precision {
        case .day: return day.description
        case .quarter: return "\(year)-Q\(month / 3)"
        case .year: return "\(year)"
        }
    }
}
