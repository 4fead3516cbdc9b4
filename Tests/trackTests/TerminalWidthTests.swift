import Foundation
import TestSupport
import Testing
import Tracker

/// Every table fits the terminal: on the shipped workspace, with its history, each line of `status`,
/// `indicators`, `history`, `due` and `score` is at most `COLUMNS` wide, and `--wide` prints in full.
@Suite("Tables that fit the terminal (end to end, shipped workspace)")
struct TerminalWidthTests {
    /// The day the runs are computed for, so that the check does not drift with the calendar.
    static let today = "2026-12-07"

    /// The shipped workspace with monthly backtests and one recorded run, so that `history` and `score` have rows.
    static let workspace: Result<TemporaryWorkspace, any Error> = Result {
        let workspace = try TemporaryWorkspace.shippedCopy()
        for arguments in [["evaluate", "--backfill", "--from", "2026-01-01", "--every", "1m"], ["evaluate", "--quiet"]] {
            let output = try TrackProcess.run(arguments, in: workspace.root, environment: ["TRACK_TODAY": today])
            guard output.status == 0 else { throw SetupFailure(description: "\(arguments): \(output.stderr)") }
        }
        return workspace
    }

    struct SetupFailure: Error, CustomStringConvertible { var description: String }

    /// The commands whose output is a table (or prose beside one); `history` for the first forecast.
    static func commands(in workspace: TemporaryWorkspace) throws -> [[String]] {
        let status = try TrackProcess.run(["status", "--format", "csv"], in: workspace.root, environment: ["TRACK_TODAY": today])
        let first = try #require(status.stdout.split(separator: "\n").dropFirst().first?.split(separator: ",").first)
        return [["status"], ["indicators"], ["history", String(first)], ["due", "--as-of", "2028-01-01"], ["score"]]
    }

    @Test("at 60, 80 and 120 columns no line of any table is wider than the terminal", arguments: [60, 80, 120])
    func fits(width: Int) throws {
        let workspace = try Self.workspace.get()
        for command in try Self.commands(in: workspace) {
            let output = try TrackProcess.run(
                command, in: workspace.root, environment: ["TRACK_TODAY": Self.today, "COLUMNS": String(width), "NO_COLOR": "1"])
            #expect(output.status == 0, "\(command): \(output.stderr)")
            let lines = output.stdout.split(separator: "\n")
            #expect(lines.count >= 3, "\(command) printed too little to check: \(output.stdout)")
            for line in lines { #expect(DisplayWidth.of(line) <= width, "\(command) at \(width): \(line)") }
        }
    }

    @Test("--wide prints every column and line in full: wider than 60 where 60 columns fit them")
    func wide() throws {
        let workspace = try Self.workspace.get()
        for command in try Self.commands(in: workspace) where command != ["due", "--as-of", "2028-01-01"] {
            let output = try TrackProcess.run(
                command + ["--wide"], in: workspace.root, environment: ["TRACK_TODAY": Self.today, "COLUMNS": "60"])
            #expect(output.status == 0, "\(command): \(output.stderr)")
            #expect(output.stdout.split(separator: "\n").contains { DisplayWidth.of($0) > 60 }, "\(command) --wide: \(output.stdout)")
        }
    }

    @Test("without colour, a stale indicator still says so in words")
    func staleInWords() throws {
        let workspace = try Self.workspace.get()
        // Two years after the shipped data was gathered, indicators are past their staleness limit (180 days by default).
        let later = try TrackProcess.run(
            ["indicators", "--as-of", "2028-12-31"], in: workspace.root, environment: ["TRACK_TODAY": "2028-12-31", "NO_COLOR": "1"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(
            later.stdout.split(separator: "\n").dropFirst().contains { $0.hasSuffix(" stale") || $0.contains(" stale ") }, "\(later.stdout)"
        )
        #expect(!later.stdout.contains("\u{1B}["))
    }
}
