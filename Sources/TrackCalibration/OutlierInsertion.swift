import Foundation
import TrackCore
import TrackEngine

/// The adversarial twin of a simulated forecast: its series with one value 50 times too large or too
/// small (a typo, a unit slip) inserted between two of its observations, halfway in time. A forecast
/// should barely move: one bad value does not decide (docs/statistics.md, "Robustness").
public enum OutlierInsertion {
    /// The forecast with the outlier, or nil when its series has fewer than two observations or no room between them.
    public static func inserting(into forecast: SimulatedForecast, factor: Double = 50, using generator: inout SeededGenerator)
        -> SimulatedForecast?
    {
        var lines = forecast.indicator.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.indices.filter { lines[$0].hasPrefix("  - {date: ") }
        guard rows.count >= 2 else { return nil }
        let position = Int(generator.uniform() * Double(rows.count - 1))
        guard let before = parse(lines[rows[position]]), let after = parse(lines[rows[position + 1]]),
            before.day.days(until: after.day) >= 2
        else { return nil }
        let day = before.day.adding(days: before.day.days(until: after.day) / 2)
        let value = generator.uniform() < 0.5 ? before.value * factor : before.value / factor
        lines.insert("  - {date: \(day), value: \(value), source: simulated outlier}", at: rows[position + 1])
        var twin = forecast
        twin.indicator = lines.joined(separator: "\n")
        twin.points = forecast.points.map { $0 + 1 }
        return twin
    }

    /// The date and value of an observation line as the generator writes it.
    private static func parse(_ line: String) -> (day: Day, value: Double)? {
        let fields = line.dropFirst("  - {".count).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 2, fields[0].hasPrefix("date: "), fields[1].hasPrefix("value: "),
            let day = Day(fields[0].dropFirst("date: ".count)), let value = Double(fields[1].dropFirst("value: ".count))
        else { return nil }
        return (day, value)
    }
}
