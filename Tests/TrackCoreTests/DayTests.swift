import TestSupport
import Testing

@testable import TrackCore

@Suite("Days and deadlines")
struct DayTests {
    @Test(
        "YYYY-MM-DD parses; impossible days do not",
        arguments: [
            ("2024-02-29", true), ("2023-02-29", false), ("2027-02-30", false), ("2026-13-01", false),
            ("2026-6-15", false), ("2026-06-15T00:00", false), ("1999-12-31", true),
        ])
    func parsing(text: String, valid: Bool) {
        #expect((Day(text) != nil) == valid)
    }

    @Test("days round-trip through their text and count the days between them")
    func arithmetic() throws {
        let start = try #require(Day("2024-12-26"))
        let end = try #require(Day("2025-03-01"))
        #expect(start.days(until: end) == 65)
        #expect(start.adding(days: 65) == end)
        #expect(end.description == "2025-03-01")
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(Day(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
    }

    @Test(
        "a deadline may be a day, a quarter (its last day) or a year (December 31)",
        arguments: [
            ("2027-Q3", "2027-09-30", Deadline.Precision.quarter), ("2028-Q1", "2028-03-31", .quarter),
            ("2028", "2028-12-31", .year), ("2027-06-15", "2027-06-15", .day),
        ])
    func deadlines(text: String, day: String, precision: Deadline.Precision) throws {
        let deadline = try #require(Deadline(text))
        #expect(deadline.day.description == day)
        #expect(deadline.precision == precision)
        #expect(deadline.description == text)
    }

    @Test("malformed deadlines are rejected", arguments: ["2027-Q5", "2027-Q0", "27", "2027-09", "Q3-2027"])
    func badDeadlines(text: String) {
        #expect(Deadline(text) == nil)
    }
}
