import TrackCore
import TrackEngine

/// Dates as public tables write them, read as calendar days (a time of day is dropped):
/// `2025-03-01`, `2025-03-01T10:40:00Z`, `2025/03/01`, `1 April 2025`, `17 November 2025 4:28pm`,
/// `Apr 1, 2025`, `6/18/2025 11:40am` (month first, as US tables write it) and `2025-03` (a month,
/// read as its first day).
public enum TableDate {
    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    /// The day, or nil when the text is no date in one of the forms above.
    public static func parse(_ text: String) -> Day? {
        let trimmed = CellText.trimmed(text)
        if let iso = isoDay(trimmed) { return iso }
        let words = trimmed.split { $0 == " " || $0 == "," }.map(String.init)
        guard words.count >= 1 else { return nil }
        // "6/18/2025 11:40am": month/day/year.
        let slashed = words[0].split(separator: "/")
        if slashed.count == 3, let month = Int(slashed[0]), let day = Int(slashed[1]), let year = Int(slashed[2]), slashed[2].count == 4 {
            return timeIsValid(words.dropFirst()) ? Day(year: year, month: month, day: day) : nil
        }
        guard words.count >= 3 else { return nil }
        // "1 April 2025 [10:40am]" or "April 1, 2025 [10:40am]".
        if let day = Int(words[0]), let month = month(words[1]), let year = Int(words[2]), words[2].count == 4 {
            return timeIsValid(words.dropFirst(3)) ? Day(year: year, month: month, day: day) : nil
        }
        if let month = month(words[0]), let day = Int(words[1]), let year = Int(words[2]), words[2].count == 4 {
            return timeIsValid(words.dropFirst(3)) ? Day(year: year, month: month, day: day) : nil
        }
        return nil
    }

    /// `YYYY-MM-DD` (or `/`), optionally followed by `T` or a space and a time; or `YYYY-MM`.
    private static func isoDay(_ text: String) -> Day? {
        let head = text.prefix { $0 != "T" && $0 != " " }
        let parts = head.split(separator: head.utf8.contains(UInt8(ascii: "/")) ? "/" : "-", omittingEmptySubsequences: false)
        guard parts.first?.count == 4, let year = Int(parts[0]) else { return nil }
        if parts.count == 2, parts[1].count == 2, let month = Int(parts[1]), head.count == text.count {
            return Day(year: year, month: month, day: 1)
        }
        guard parts.count == 3, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// A month's full or three-letter English name.
    private static func month(_ word: String) -> Int? {
        let word = word.lowercased().trimmingCharacters(in: ["."])
        guard word.count >= 3 else { return nil }
        return months.firstIndex { $0 == word || ($0.hasPrefix(word) && word.count == 3) || (word == "sept" && $0 == "september") }.map {
            $0 + 1
        }
    }

    /// What may follow a date: nothing, or a time such as `4:28pm`, `16:28`, `4:28 PM` or `16:28:05 UTC`.
    private static func timeIsValid(_ words: ArraySlice<String>) -> Bool {
        guard let time = words.first else { return true }
        let rest = Array(words.dropFirst())
        guard rest.count <= 2, rest.allSatisfy({ ["am", "pm", "utc", "gmt", "z"].contains($0.lowercased()) }) else { return false }
        var digits = time.lowercased()
        if digits.hasSuffix("am") || digits.hasSuffix("pm") { digits.removeLast(2) }
        let fields = digits.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), let hour = Int(fields[0]), (0...23).contains(hour) else { return false }
        return fields.dropFirst().allSatisfy { $0.count == 2 && Int($0).map { (0...59).contains($0) } == true }
    }
}
