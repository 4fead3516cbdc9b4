import Foundation
import TestSupport
import Testing

/// `evaluate --quiet` as cron runs it: silent when nothing is news, one history file per change.
@Suite("evaluate --quiet from cron (end to end, shipped workspace)")
struct QuietEvaluateTests {
    /// The recorded run files under `history/` (backtests aside).
    private func runFiles(_ workspace: TemporaryWorkspace) -> [String] {
        let files = FileManager.default.enumerator(atPath: workspace.path("history"))?.allObjects as? [String] ?? []
        return files.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix("backtests/") }
    }

    @Test("twice in a row: the second run prints nothing and writes no second history file; a new day with news does")
    func twice() throws {
        let workspace = try TemporaryWorkspace.shippedCopy()
        let environment = ["TRACK_TODAY": "2026-12-07", "TRACK_RUNNER": "cron"]
        let first = try TrackProcess.run(["evaluate", "--quiet"], in: workspace.root, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(runFiles(workspace).count == 1)
        let second = try TrackProcess.run(["evaluate", "--quiet"], in: workspace.root, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.isEmpty, "\(second.stdout)")
        #expect(second.stderr.isEmpty, "\(second.stderr)")
        #expect(runFiles(workspace).count == 1)
        // A forecast resolved since: that is news, printed and recorded.
        let id = try #require(
            try TrackProcess.run(["status", "--format", "csv"], in: workspace.root, environment: environment).stdout
                .split(separator: "\n").dropFirst().first?.split(separator: ",").first)
        let resolve = try TrackProcess.run(
            ["resolve", String(id), "no", "--date", "2026-12-07", "--source", "https://example.com/resolution"], in: workspace.root,
            environment: environment)
        #expect(resolve.status == 0, "\(resolve.stderr)")
        let third = try TrackProcess.run(["evaluate", "--quiet"], in: workspace.root, environment: environment)
        #expect(third.status == 0 && third.stdout.contains(String(id)), "\(third.stdout)\(third.stderr)")
        #expect(runFiles(workspace).count == 2)
    }
}
