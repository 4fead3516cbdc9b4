import Foundation
import TestSupport
import Testing

/// Days on the command line: a date, `today`, `yesterday`, or days and weeks ago, wherever a day is taken.
@Suite("Days on the command line (end to end)")
struct DayArgumentTests {
    static let environment = ["TRACK_TODAY": "2026-03-10"]

    private func asOf(_ arguments: [String], in workspace: TemporaryWorkspace) throws -> String? {
        let output = try TrackProcess.run(["status", "--format", "json"] + arguments, in: workspace.root, environment: Self.environment)
        #expect(output.status == 0, "\(arguments): \(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return object?["asOf"] as? String
    }

    @Test("today, yesterday, -7d and -2w (as a separate word or after '='), counted back from today")
    func relative() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price])
        // 2026-03-10 minus 1, 7 and 14 days, counted on the calendar.
        #expect(try asOf(["--as-of", "today"], in: workspace) == "2026-03-10")
        #expect(try asOf(["--as-of", "yesterday"], in: workspace) == "2026-03-09")
        #expect(try asOf(["--as-of", "-7d"], in: workspace) == "2026-03-03")
        #expect(try asOf(["--as-of=-2w"], in: workspace) == "2026-02-24")
        #expect(try asOf(["--as-of", "-2w"], in: workspace) == "2026-02-24")
        let record = try TrackProcess.run(
            ["record", "price", "0.4", "--date", "-10d", "--source", "https://example.com/p", "--dry-run"], in: workspace.root,
            environment: Self.environment)
        #expect(record.status == 0 && record.stdout.contains("date: 2026-02-28"), "\(record.stdout)\(record.stderr)")
    }

    @Test("a day in another form is a usage error that names the forms accepted, and nothing is written")
    func wrongForm() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price])
        let before = try workspace.snapshot()
        for arguments in [["status", "--as-of", "2026/11/01"], ["record", "price", "0.4", "--date", "1.11.2026", "--source", "s"]] {
            let output = try TrackProcess.run(arguments, in: workspace.root, environment: Self.environment)
            #expect(output.status == 64, "\(arguments)")
            #expect(output.stderr.contains("YYYY-MM-DD, today, yesterday, or -7d / -2w"), "\(output.stderr)")
            #expect(output.stderr.hasPrefix("track: error:"), "\(output.stderr)")
        }
        #expect(try workspace.snapshot() == before)
    }
}
