import Foundation
import TestSupport
import Testing

/// `track say`: a forecaster's probability appended to a forecast through the same edit as `track record`,
/// and the same concurrent-write and kill tests as record's (OverTimeCommandTests).
@Suite("track say (end to end)")
struct SayCommandTests {
    private static let predictions = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheap
            statement: The price falls to 0.5.
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            probability: 0.7
            criteria: Yes if the price falls to 0.5.
            tags: [cost]
            # comments and blank lines around the forecast stay as they are

          - id: early
            statement: Something by 2025.
            source: article
            made: 2024-12-01
            deadline: 2025-06-30
            criteria: Yes if it happens.
            said: [{by: bob, p: 0.2, on: 2024-12-02}]  # a flow list
            resolution: {outcome: no, date: 2025-06-30, source: https://example.com/early}

        """

    private static let settings = "# who forecasts here\nforecasters: [alice, bob, carol]\ndefault-forecaster: alice\n"

    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": Self.predictions, "track.yaml": Self.settings])
    }

    private func read(_ workspace: TemporaryWorkspace) throws -> String {
        try String(contentsOfFile: workspace.path("predictions.yaml"), encoding: .utf8)
    }

    @Test("say appends one entry and changes no other byte; again writes nothing; bad input changes nothing")
    func say() throws {
        let workspace = try workspace()
        let before = try read(workspace)
        let first = try TrackProcess.run(
            ["say", "cheap", "0.45", "--by", "bob", "--on", "2025-03-01", "--note", "after: the cut"], in: workspace.root)
        #expect(first.status == 0, "\(first.stderr)")
        // The forecast's last content is its tags (line 11): said: goes on line 12, its entry from line 13.
        #expect(first.stdout.hasPrefix("said at predictions.yaml:13:"), "\(first.stdout)")
        let added = "    said:\n      - by: bob\n        p: 0.45\n        on: 2025-03-01\n        note: \"after: the cut\"\n"
        let after = try read(workspace)
        #expect(after == before.replacingOccurrences(of: "    tags: [cost]\n", with: "    tags: [cost]\n" + added))
        let second = try TrackProcess.run(["say", "cheap", "0.3", "--by", "carol", "--on", "2025-04-01"], in: workspace.root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try read(workspace).contains(added + "      - by: carol\n        p: 0.3\n        on: 2025-04-01\n    # comments"))
        let again = try TrackProcess.run(["say", "cheap", "0.3", "--by", "carol", "--on", "2025-04-01"], in: workspace.root)
        #expect(again.stdout.contains("carol already said 0.3 on 2025-04-01 for cheap"), "\(again.stdout)")
        let written = try read(workspace)

        // Into a flow list, before its closing bracket; the comment after it stays.
        let flow = try TrackProcess.run(["say", "early", "0.1", "--by", "alice", "--on", "2025-01-15"], in: workspace.root)
        #expect(flow.status == 0, "\(flow.stderr)")
        #expect(
            try read(workspace).contains(
                "    said: [{by: bob, p: 0.2, on: 2024-12-02}, {by: alice, p: 0.1, on: 2025-01-15}]  # a flow list\n"))
        let withFlow = try read(workspace)
        #expect(withFlow == written.replacingOccurrences(of: "2024-12-02}]", with: "2024-12-02}, {by: alice, p: 0.1, on: 2025-01-15}]"))

        let failures: [([String], Int32, String)] = [
            (["say", "cheap", "0.5", "--by", "alise"], 64, "'alise' is not a known forecaster: alice, bob, carol; did you mean 'alice'?"),
            (["say", "cheap", "1", "--by", "alice"], 64, "strictly between 0 and 1"),
            (["say", "cheap", "0", "--by", "alice"], 64, "strictly between 0 and 1"),
            (["say", "cheap", "0.5", "--by", "alice", "--on", "2024-11-30"], 64, "2024-11-30 is outside the window of 'cheap'"),
            (["say", "early", "0.5", "--by", "alice", "--on", "2025-06-30"], 64, "'early' resolved no on 2025-06-30"),
            (["say", "chaep", "0.5", "--by", "alice"], 64, "did you mean 'cheap'?"),
            (["say", "cheap", "0.5", "--by", "Alice"], 64, "--by 'Alice' is not a forecaster's name"),
            (["say", "cheap", "0.5", "--by", "alice", "--on", "2999-01-01"], 64, "--on 2999-01-01 is after today"),
            (["say", "cheap", "0.5"], 64, "--by"),
        ]
        for (arguments, status, message) in failures {
            let output = try TrackProcess.run(arguments, in: workspace.root)
            #expect(output.status == status, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
        #expect(try read(workspace) == withFlow)
        let dry = try TrackProcess.run(["say", "cheap", "0.6", "--by", "alice", "--on", "2025-05-01", "--dry-run"], in: workspace.root)
        #expect(dry.stdout.hasPrefix("would write at predictions.yaml:"), "\(dry.stdout)")
        #expect(try read(workspace) == withFlow)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test("track validate checks said: entries: the forecaster's name, the probability, the day")
    func validate() throws {
        let workspace = try workspace()
        try workspace.write(
            "predictions.yaml",
            Self.predictions.replacingOccurrences(
                of: "    tags: [cost]\n",
                with: "    tags: [cost]\n    said:\n      - {by: alise, p: 0.4, on: 2025-01-01}\n      - {by: bob, p: 1, on: 2025-01-01}\n"
                    + "      - {by: bob, p: 0.4, on: 2027-01-01}\n"))
        try workspace.write(
            "track.yaml", Self.settings.replacingOccurrences(of: "default-forecaster: alice", with: "default-forecaster: alicia"))
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 65)
        // said: starts on line 12; its items on lines 13 to 15, each at column 9 (after "      - ").
        #expect(
            output.stderr.contains(
                "predictions.yaml:13:9: error: 'alise' is not a known forecaster: alice, bob, carol; did you mean 'alice'?"),
            "\(output.stderr)")
        #expect(
            output.stderr.contains("predictions.yaml:14:22: error: 'p': a forecaster's probability is strictly between 0 and 1"),
            "\(output.stderr)")
        #expect(
            output.stderr.contains("predictions.yaml:15:9: error: bob's probability of 2027-01-01 is after its deadline (2026-12-31)"),
            "\(output.stderr)")
        #expect(output.stderr.contains("track.yaml:3:21: error: 'alicia' is not a known forecaster"), "\(output.stderr)")
    }

    @Test("eight processes saying at once: every entry is there exactly once")
    func concurrentSays() throws {
        let workspace = try workspace()
        let processes = try (0..<8).map { index -> Process in
            let process = Process()
            process.executableURL = TrackProcess.binary
            process.arguments = [
                "say", "cheap", "0.\(index + 1)", "--by", ["alice", "bob", "carol"][index % 3], "--on", "2025-02-0\(index + 1)",
                "--note", "entry \(index)", "-w", workspace.root,
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let text = try read(workspace)
        for index in 0..<8 {
            #expect(text.components(separatedBy: "note: entry \(index)\n").count == 2, "entry \(index)")
        }
        #expect(text.components(separatedBy: "    said:\n").count == 2)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test("a process killed at any moment of a write leaves the old file or the new one, never a mix")
    func killedDuringWrite() throws {
        let workspace = try workspace()
        let before = try read(workspace)
        // Kill writers after delays spread over a run's life; every one leaves one of the two files.
        var killed = 0
        for delay in stride(from: 0, to: 60_000, by: 4_000) {
            let process = Process()
            process.executableURL = TrackProcess.binary
            process.arguments = ["say", "cheap", "0.4", "--by", "bob", "--on", "2025-01-10", "-w", workspace.root]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }
            let text = try read(workspace)
            let new = before.replacingOccurrences(
                of: "    tags: [cost]\n", with: "    tags: [cost]\n    said:\n      - by: bob\n        p: 0.4\n        on: 2025-01-10\n")
            #expect(text == before || text == new, "after \(delay) µs")
            if text != before { break }
        }
        #expect(killed > 0)
        // The lock died with the process: the next writer goes ahead.
        #expect(try TrackProcess.run(["say", "cheap", "0.5", "--by", "bob", "--on", "2025-01-11"], in: workspace.root).status == 0)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }
}
