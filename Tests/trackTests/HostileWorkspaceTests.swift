import Foundation
import TestSupport
import Testing

/// A workspace written by someone else, or damaged by accident: nothing runs, leaks, hangs or crashes.
@Suite("Hostile and damaged workspaces (end to end)")
struct HostileWorkspaceTests {
    private static let predictions = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheap
            statement: "The price falls \\e]0;pwned\\a to 0.5 \\e[2J."
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            criteria: Yes if the price falls to 0.5.
            evaluate:
              threshold: {indicator: price, target: 0.5}

        """

    private func workspace(_ extra: [String: String] = [:]) throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price].merging(extra) { $1 })
    }

    @Test("record refuses an indicator id that would build a path out of indicators/")
    func recordTraversal() throws {
        let workspace = try workspace()
        let before = try workspace.snapshot()
        let output = try TrackProcess.run(["record", "../../x", "1", "--source", "https://example.com"], in: workspace.root)
        #expect(output.status == 64)
        #expect(output.stderr.contains("'../../x' is not an indicator id"), "\(output.stderr)")
        #expect(try workspace.snapshot() == before)
        #expect(
            !FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: workspace.root).deletingLastPathComponent().deletingLastPathComponent().path + "/x.yaml"))
    }

    @Test("an indicator linked to a file outside the workspace is neither read nor written through")
    func linkOutside() throws {
        let workspace = try workspace()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-outside-\(UUID().uuidString).yaml").path
        try SampleFiles.price.write(toFile: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: workspace.root + "/indicators/leak.yaml", withDestinationPath: outside)
        let validate = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("indicators/leak.yaml: error: a link to "), "\(validate.stderr)")
        #expect(validate.stderr.contains("outside the workspace"))
        #expect(!validate.stderr.contains("Output price"))
        let record = try TrackProcess.run(["record", "leak", "0.1", "--source", "https://example.com"], in: workspace.root)
        #expect(record.status == 74, "\(record.stderr)")
        // import reads the indicator through the same guarded reader as record.
        try workspace.write("table.csv", "date,value\n2025-10-01,0.1\n")
        let imported = try TrackProcess.run(["import", "leak", "table.csv", "--source", "https://example.com"], in: workspace.root)
        #expect(imported.status == 74, "\(imported.stderr)")
        #expect(imported.stderr.contains("outside the workspace"), "\(imported.stderr)")
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == SampleFiles.price)
    }

    @Test("an indicator that is a FIFO is an error, not a hang", .timeLimit(.minutes(1)))
    func fifo() throws {
        let workspace = try workspace()
        #expect(mkfifo(workspace.root + "/indicators/pipe.yaml", 0o644) == 0)
        let started = Date()
        let validate = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("indicators/pipe.yaml: error: not a regular file (a FIFO)"), "\(validate.stderr)")
        let record = try TrackProcess.run(["record", "pipe", "1", "--source", "https://example.com"], in: workspace.root)
        #expect(record.status == 74)
        try workspace.write("table.csv", "date,value\n2025-10-01,1\n")
        let imported = try TrackProcess.run(["import", "pipe", "table.csv", "--source", "https://example.com"], in: workspace.root)
        #expect(imported.status == 74, "\(imported.stderr)")
        #expect(imported.stderr.contains("not a regular file (a FIFO)"), "\(imported.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test("control characters from the files reach the terminal escaped")
    func controlCharacters() throws {
        let workspace = try workspace()
        for arguments in [
            ["status", "--as-of", "2025-10-01"], ["explain", "cheap", "--as-of", "2025-10-01"], ["status", "--format", "markdown"],
        ] {
            let output = try TrackProcess.run(arguments, in: workspace.root)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(!output.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments)")
        }
        let explain = try TrackProcess.run(["explain", "cheap"], in: workspace.root)
        #expect(explain.stdout.contains("The price falls \\u001B]0;pwned\\u0007 to 0.5 \\u001B[2J."), "\(explain.stdout)")
    }

    @Test("--every with a count no calendar holds is a usage error, not a crash")
    func hugePeriod() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(
            ["evaluate", "--backfill", "--from", "2025-01-01", "--every", "9223372036854775807d"], in: workspace.root)
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("--every"))
    }

    @Test(".track that is a file is a clear error, not a raw one")
    func trackIsAFile() throws {
        let workspace = try workspace([".track": "not a folder\n"])
        let output = try TrackProcess.run(["evaluate", "--as-of", "2025-10-01"], in: workspace.root)
        #expect(output.status == 74, "\(output.stderr)")
        #expect(output.stderr.contains(".track is not a folder"), "\(output.stderr)")
        #expect(try String(contentsOfFile: workspace.root + "/.track", encoding: .utf8) == "not a folder\n")
    }

    @Test("a .track folder or history linked out of the workspace is refused; nothing is written there")
    func linkedState() throws {
        let workspace = try workspace()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: workspace.root + "/.track", withDestinationPath: outside)
        let evaluate = try TrackProcess.run(["evaluate", "--as-of", "2025-10-01"], in: workspace.root)
        #expect(evaluate.status == 74, "\(evaluate.stderr)")
        #expect(evaluate.stderr.contains(".track is not a folder (a symbolic link)"), "\(evaluate.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)

        // A real .track whose history file links out.
        try FileManager.default.removeItem(atPath: workspace.root + "/.track")
        try FileManager.default.createDirectory(atPath: workspace.root + "/.track", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: outside + "/history.sqlite", contents: Data())
        try FileManager.default.createSymbolicLink(
            atPath: workspace.root + "/.track/history.sqlite", withDestinationPath: outside + "/history.sqlite")
        let again = try TrackProcess.run(["evaluate", "--as-of", "2025-10-01"], in: workspace.root)
        #expect(again.status == 73, "\(again.stderr)")
        #expect(again.stderr.contains("outside the workspace") && !again.stderr.contains("Error:"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside + "/history.sqlite")).isEmpty)

        // A link to a file that does not exist yet: SQLite would create it outside.
        try FileManager.default.removeItem(atPath: outside + "/history.sqlite")
        let dangling = try TrackProcess.run(["evaluate"], in: workspace.root, environment: ["TRACK_TODAY": "2025-10-01"])
        #expect(dangling.status == 73, "\(dangling.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test("an SQLite file that is not a track history is refused and left byte for byte as it was")
    func foreignDatabase() throws {
        let workspace = try workspace()
        try FileManager.default.createDirectory(atPath: workspace.root + "/.track", withIntermediateDirectories: true)
        let database = workspace.root + "/.track/history.sqlite"
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", database, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let output = try TrackProcess.run(["evaluate", "--as-of", "2025-10-01"], in: workspace.root)
        #expect(output.status == 74)
        #expect(output.stderr.contains("not a track history (it holds notes)"), "\(output.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    @Test("a history deleted after runs were recorded is a warning naming it")
    func missingHistory() throws {
        let workspace = try workspace()
        #expect(try TrackProcess.run(["evaluate", "--as-of", "2025-10-01"], in: workspace.root).status == 0)
        try FileManager.default.removeItem(atPath: workspace.root + "/.track/history.sqlite")
        let history = try TrackProcess.run(["history", "cheap"], in: workspace.root)
        #expect(history.status == 0)
        #expect(history.stderr.contains("warning: the history \(workspace.root)/.track/history.sqlite is missing"), "\(history.stderr)")
        let again = try TrackProcess.run(["evaluate", "--as-of", "2025-10-02"], in: workspace.root)
        #expect(again.status == 0)
        #expect(again.stderr.contains("is missing, though runs were recorded in it before; a new one starts"), "\(again.stderr)")
    }

    @Test("history in track.yaml cannot point outside the workspace")
    func historyOutside() throws {
        let workspace = try workspace(["track.yaml": "history: ../../elsewhere.sqlite\n"])
        let output = try TrackProcess.run(["evaluate"], in: workspace.root)
        #expect(output.status == 65)
        #expect(output.stderr.contains("track.yaml:1:10: error: 'history': must be a path inside the workspace"), "\(output.stderr)")
    }

    @Test("a broken indicator file is one error at its root, without knock-on errors where it is used")
    func oneRootError() throws {
        let workspace = try workspace(["indicators/price.yaml": "name: Output price\nobservations: [\n"])
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 65)
        let errors = output.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(output.stderr)")
        #expect(errors.first?.hasPrefix("indicators/price.yaml:3:1: error: invalid YAML") == true, "\(output.stderr)")
        #expect(!output.stderr.contains("is empty"))
    }

    @Test("an invalid byte is reported on its own line and column")
    func invalidByte() throws {
        let workspace = try workspace()
        var bytes = Array(SampleFiles.price.utf8)
        // Line 3 is "unit: usd_per_mtok"; replace its "u" of "usd" (column 7) with a byte no UTF-8 text holds.
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        bytes[lineStarts[2] + 6] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: workspace.root + "/indicators/price.yaml"))
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 65)
        #expect(output.stderr.contains("indicators/price.yaml:3:7: error: invalid YAML: invalid leading UTF-8 octet"), "\(output.stderr)")
    }

    @Test("track stopped by SIGTERM while a plugin runs leaves none of the plugin's processes behind", .timeLimit(.minutes(1)))
    func interrupted() throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("track-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let predictions = """
            sources:
              - {id: article, title: An article}
            predictions:
              - id: slow
                statement: Something.
                source: article
                made: 2024-12-01
                deadline: 2026-12-31
                criteria: Yes if it happens.
                evaluate:
                  exec: {program: slow, timeout: 60}

            """
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": predictions,
            // A child in a session of its own, then a long wait.
            "plugins/track-eval-slow": "#!/bin/sh\nsetsid sh -c 'echo $$ > \(pidFile); exec sleep 60' &\nsleep 60\n",
        ])
        chmod(workspace.root + "/plugins/track-eval-slow", 0o755)
        #expect(try TrackProcess.run(["trust"], in: workspace.root).status == 0)
        let process = Process()
        process.executableURL = TrackProcess.binary
        process.arguments = ["status", "-w", workspace.root]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = TrackProcess.dataHome
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var child: pid_t?
        for _ in 0..<400 where child == nil {
            usleep(50_000)
            child = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let started = try #require(child)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        usleep(100_000)
        let stat = try? String(contentsOfFile: "/proc/\(started)/stat", encoding: .utf8)
        #expect(stat == nil || stat!.contains(") Z "), "the plugin's child \(started) survived: \(stat ?? "")")
    }

    @Test("trust: a workspace's program runs only after track trust, with the exact command in the error until then")
    func trust() throws {
        let predictions = """
            sources:
              - {id: article, title: An article}
            predictions:
              - id: local
                statement: Something.
                source: article
                made: 2024-12-01
                deadline: 2026-12-31
                criteria: Yes if it happens.
                evaluate:
                  exec: {program: local}

            """
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": predictions,
            "plugins/track-eval-local":
                "#!/bin/sh\necho '{\"verdict\": \"pending\", \"probability\": 0.4, \"summary\": \"ran \\u001b[2J\"}'\n",
        ])
        chmod(workspace.root + "/plugins/track-eval-local", 0o755)
        let validate = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(validate.status == 0)
        #expect(
            validate.stderr.contains("warning: track-eval-local comes with the workspace (plugins/) and is not trusted yet"),
            "\(validate.stderr)")
        let before = try TrackProcess.run(["status", "--as-of", "2025-06-01", "--format", "json"], in: workspace.root)
        #expect(before.stdout.contains("\"status\" : \"error\""))
        #expect(before.stdout.contains("track trust -w \(workspace.root)"), "\(before.stdout)")
        #expect(try TrackProcess.run(["trust", "--status"], in: workspace.root).stdout.hasPrefix("not trusted"))
        let trust = try TrackProcess.run(["trust"], in: workspace.root)
        #expect(trust.status == 0, "\(trust.stderr)")
        let after = try TrackProcess.run(["status", "--as-of", "2025-06-01"], in: workspace.root)
        // The plugin's summary, its escape sequence shown, not obeyed.
        #expect(after.stdout.contains("ran \\u001B[2J"), "\(after.stdout)")
        #expect(try TrackProcess.run(["trust", "--revoke"], in: workspace.root).status == 0)
        #expect(try TrackProcess.run(["trust", "--status"], in: workspace.root).stdout.hasPrefix("not trusted"))
    }
}
