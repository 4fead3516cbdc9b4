import Foundation
import TestSupport
import Testing

@Suite("--history: the history index at a path given on the command line (end to end)")
struct HistoryOptionTests {
    private static let predictions = SampleFiles.cheapForecast

    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price])
    }

    /// The kinds of the forecast's rows in `track history cheap --format csv` (the second column).
    private func kinds(_ arguments: [String], in workspace: TemporaryWorkspace) throws -> [String] {
        let output = try TrackProcess.run(arguments + ["history", "cheap", "--format", "csv"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
    }

    @Test("an absolute --history keeps the index outside the workspace, before or after the command; the runs' files stay in history/")
    func outsideTheWorkspace() throws {
        let workspace = try workspace()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-history-option-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let database = outside + "/index/forecasts.sqlite"

        // Given a recorded run and a what-if run (kept only in the index) made with --history.
        let recorded = try TrackProcess.run(
            ["evaluate", "--history", database], in: workspace.root, environment: ["TRACK_TODAY": "2025-05-01"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let whatIf = try TrackProcess.run(
            ["--history", database, "evaluate", "--as-of", "2025-04-01"], in: workspace.root, environment: ["TRACK_TODAY": "2025-05-01"])
        #expect(whatIf.status == 0, "\(whatIf.stderr)")

        // Then the index is where the flag said, not in the workspace; the recorded run is a file in history/.
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/.track/history.sqlite"))
        let runFiles = FileManager.default.enumerator(atPath: workspace.root + "/history")?.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".jsonl")
        }
        #expect(runFiles?.count == 1)

        // The what-if run is read from that index, with the flag before or after the command ...
        #expect(try kinds(["--history", database], in: workspace) == ["what-if", "recorded"])
        #expect(try kinds(["--history=\(database)"], in: workspace) == ["what-if", "recorded"])
        // ... and without the flag the workspace's own index, rebuilt from history/, has only the recorded run.
        #expect(try kinds([], in: workspace) == ["recorded"])
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/.track/history.sqlite"))
    }

    @Test(
        "--history needs an absolute path: anything else is a usage error naming the flag, and nothing is written",
        arguments: [
            ["evaluate", "--history", "forecasts.sqlite"], ["--history", "../forecasts.sqlite", "history", "cheap"],
            ["--history=.track/", "status"],
        ])
    func relativePathRefused(arguments: [String]) throws {
        let workspace = try workspace()
        let before = try workspace.snapshot()
        let output = try TrackProcess.run(arguments, in: workspace.root)
        #expect(output.status == 64)
        #expect(output.stderr.contains("--history takes the absolute path of a database file"), "\(output.stderr)")
        #expect(try workspace.snapshot() == before)
    }
}
