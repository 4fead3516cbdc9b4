import TrackCore
import TrackEngine

/// A step between backfilled days: `1d`, `2w`, or `1m` (calendar months).
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable {
        case day = "d"
        case week = "w"
        case month = "m"
    }

    public let count: Int
    public let unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// The most of each unit a step may take: about ten years, so that day arithmetic never overflows.
    static func maximumCount(of unit: Unit) -> Int {
        switch unit {
        case .day: 3_653
        case .week: 522
        case .month: 120
        }
    }

    /// Parses `3d`, `2w`, `1m`; nil for anything else, and for steps over ten years.
    public init?(_ text: String) {
        guard let last = text.last, let unit = Unit(rawValue: String(last)), let count = Int(text.dropLast()), count > 0,
            count <= Self.maximumCount(of: unit)
        else { return nil }
        self.init(count: count, unit: unit)
    }

    /// The `index`-th day after `start`: months are counted from `start`, and a day past a month's end
    /// is that month's last day (2025-01-31, 2025-02-28, 2025-03-31), so the dates never drift.
    public func step(_ index: Int, from start: Day) -> Day {
        switch unit {
        case .day: return start.adding(days: count * index)
        case .week: return start.adding(days: 7 * count * index)
        case .month:
            let (year, month, day) = start.components
            let months = year * 12 + (month - 1) + count * index
            let (targetYear, targetMonth) = (months / 12, months % 12 + 1)
            return Day(year: targetYear, month: targetMonth, day: min(day, Day.length(ofMonth: targetMonth, year: targetYear)))!
        }
    }

    /// The days from `start` through `end`, one step apart.
    public func days(from start: Day, through end: Day) -> [Day] {
        var days: [Day] = []
        var index = 0
        while case let day = step(index, from: start), day <= end {
            days.append(day)
            index += 1
        }
        return days
    }

    public var description: String { "\(count)\(unit.rawValue)" }
}
