import Foundation
import TestSupport
import Testing

@Suite("Recording, history, resolution and scores (end to end)")
struct OverTimeCommandTests {
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
            evaluate:
              threshold: {indicator: price, target: 0.5, prior: 0.5}
          - id: early
            statement: Something by 2025.
            source: article
            made: 2024-12-01
            deadline: 2025-06-30
            probability: 0.2
            criteria: Yes if it happens.
            evaluate:
              threshold: {indicator: price, target: 0.01}

        """

    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price])
    }

    private func read(_ workspace: TemporaryWorkspace, _ path: String) throws -> String {
        try String(contentsOfFile: workspace.root + "/" + path, encoding: .utf8)
    }

    @Test("record appends one entry and changes no other byte; a duplicate writes nothing; bad input changes nothing")
    func record() throws {
        let workspace = try workspace()
        let before = try read(workspace, "indicators/price.yaml")
        let output = try TrackProcess.run(
            ["record", "price", "0.25", "--subject", "v4", "--date", "2026-01-10", "--source", "https://example.com/v4"], in: workspace.root
        )
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("recorded at indicators/price.yaml:14:"))
        let after = try read(workspace, "indicators/price.yaml")
        #expect(after == before + "  - date: 2026-01-10\n    subject: v4\n    value: 0.25\n    source: https://example.com/v4\n")
        let again = try TrackProcess.run(
            ["record", "price", "0.25", "--subject", "v4", "--date", "2026-01-10", "--source", "https://example.com/v4"], in: workspace.root
        )
        #expect(again.stdout.contains("already recorded at indicators/price.yaml:14; nothing written"))
        #expect(try read(workspace, "indicators/price.yaml") == after)
        let bad = try TrackProcess.run(["record", "price", "cheap", "--source", "s"], in: workspace.root)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("the value 'cheap' does not fit price: expected a number"))
        let blank = try TrackProcess.run(["record", "price", "1", "--source", " "], in: workspace.root)
        #expect(blank.status == 64)
        #expect(blank.stderr.contains("--source must say where the value comes from"))
        let unknown = try TrackProcess.run(["record", "prise", "1", "--source", "s"], in: workspace.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'price'?"))
        let noSource = try TrackProcess.run(["record", "price", "1"], in: workspace.root)
        #expect(noSource.status == 64)
        #expect(noSource.stderr.contains("--source"))
        #expect(try read(workspace, "indicators/price.yaml") == after)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test("eight processes recording at once: every observation is there exactly once")
    func concurrentRecords() throws {
        let workspace = try workspace()
        let processes = try (0..<8).map { index -> Process in
            let process = Process()
            process.executableURL = TrackProcess.binary
            process.arguments = [
                "record", "price", "\(index).5", "--date", "2026-02-0\(index + 1)", "--source", "https://example.com/\(index)", "-w",
                workspace.root,
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let text = try read(workspace, "indicators/price.yaml")
        for index in 0..<8 {
            #expect(text.components(separatedBy: "source: https://example.com/\(index)\n").count == 2, "entry \(index)")
        }
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.stdout == "2 predictions, 1 indicator, 10 observations: 0 errors, 0 warnings\n")
    }

    @Test("a process killed at any moment of a write leaves the old file or the new one, never a mix")
    func killedDuringWrite() throws {
        let workspace = try workspace()
        let before = try read(workspace, "indicators/price.yaml")
        // Kill writers after delays spread over a run's life; every one leaves one of the two files.
        var killed = 0
        for delay in stride(from: 0, to: 60_000, by: 4_000) {
            let process = Process()
            process.executableURL = TrackProcess.binary
            process.arguments = ["record", "price", "0.1", "--source", "https://example.com/k", "-w", workspace.root]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }
            let text = try read(workspace, "indicators/price.yaml")
            #expect(text == before || (text.hasPrefix(before) && text.hasSuffix("source: https://example.com/k\n")), "after \(delay) µs")
            if text != before { break }
        }
        #expect(killed > 0)
        // The lock died with the process: the next writer goes ahead.
        #expect(try TrackProcess.run(["record", "price", "0.1", "--source", "https://example.com/k"], in: workspace.root).status == 0)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test("evaluate records runs and prints what changed; history shows recorded and backtest rows apart")
    func evaluateAndHistory() throws {
        let workspace = try workspace()
        func evaluate(on today: String, _ extra: [String] = []) throws -> TrackProcess.Output {
            try TrackProcess.run(["evaluate"] + extra, in: workspace.root, environment: ["TRACK_TODAY": today])
        }
        let first = try evaluate(on: "2025-05-01")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("recorded 2 forecasts as of 2025-05-01"))
        #expect(first.stdout.contains("first recorded run"))
        let second = try evaluate(on: "2025-10-01")
        #expect(second.stdout.contains("cheap: at-risk -> ahead"), "\(second.stdout)")
        #expect(second.stdout.contains("early: behind -> missed"), "\(second.stdout)")
        let runFiles = { (FileManager.default.enumerator(atPath: workspace.root + "/history")?.allObjects.count ?? 0) }
        let filesBefore = runFiles()
        // Nothing changed since the day before: nothing printed, no new run file; the index notes the day.
        let quiet = try evaluate(on: "2025-10-02", ["--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        #expect(runFiles() == filesBefore)
        let backfill = try TrackProcess.run(
            ["evaluate", "--backfill", "--from", "2025-01-01", "--every", "1m", "--as-of", "2025-04-01"], in: workspace.root)
        #expect(backfill.stdout.contains("stored 4 backtests from 2025-01-01 to 2025-04-01"))
        let csv = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(
            rows.map { $0.split(separator: ",")[1] } == [
                "backtest", "backtest", "backtest", "backtest", "recorded", "recorded",
            ])
        #expect(rows.last?.hasPrefix("2025-10-01,recorded,ahead,1,") == true)
        let json = try TrackProcess.run(["history", "cheap", "--format", "json"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "cheap")
        let points = try #require(object["history"] as? [[String: Any]])
        #expect(points.count == 6)
        #expect(points.last?["kind"] as? String == "recorded" && points.last?["status"] as? String == "ahead")
        #expect((points.last?["recordedAt"] as? String)?.hasSuffix("Z") == true)  // ISO 8601, UTC
        let table = try TrackProcess.run(["history", "cheap"], in: workspace.root)
        #expect(table.stdout.hasPrefix("recorded  ") && table.stdout.contains("█"))
    }

    @Test("a second evaluation waits for nobody: it exits 75 while the lock is held")
    func busy() throws {
        let workspace = try workspace()
        try FileManager.default.createDirectory(atPath: workspace.root + "/.track", withIntermediateDirectories: true)
        let descriptor = open(workspace.root + "/.track/evaluate.lock", O_RDWR | O_CREAT, 0o644)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX) == 0)
        let output = try TrackProcess.run(["evaluate"], in: workspace.root)
        #expect(output.status == 75)
        #expect(output.stderr.contains("another track process holds"))
        flock(descriptor, LOCK_UN)
        #expect(try TrackProcess.run(["evaluate", "--quiet"], in: workspace.root).status == 0)
    }

    @Test("a damaged history is an error with a way out (exit 74), never a silent fresh start")
    func damagedHistory() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price,
            ".track/history.sqlite": String(repeating: "garbage ", count: 500),
        ])
        let output = try TrackProcess.run(["evaluate"], in: workspace.root)
        #expect(output.status == 74)
        #expect(output.stderr.contains("mv "))
        #expect(try read(workspace, ".track/history.sqlite").hasPrefix("garbage"))
    }

    @Test("resolve writes the resolution once; again needs --force; due and score follow")
    func resolveDueScore() throws {
        let workspace = try workspace()
        let due = try TrackProcess.run(["due", "--as-of", "2025-08-01"], in: workspace.root)
        #expect(due.stdout.contains("early: due 2025-06-30 (2025-06-30); proposed: no"))
        #expect(due.stdout.contains("confirm: track resolve early no --date 2025-06-30 --source SOURCE"))
        let resolve = try TrackProcess.run(
            ["resolve", "early", "no", "--date", "2025-06-30", "--source", "https://example.com/early"], in: workspace.root)
        #expect(resolve.status == 0, "\(resolve.stderr)")
        #expect(
            try read(workspace, "predictions.yaml").contains(
                "    resolution:\n      outcome: no\n      date: 2025-06-30\n      source: https://example.com/early\n"))
        let again = try TrackProcess.run(
            ["resolve", "early", "yes", "--date", "2025-06-30", "--source", "https://example.com/x"], in: workspace.root)
        #expect(again.status == 65)
        #expect(again.stderr.contains("add --force to replace it"))
        #expect(
            try TrackProcess.run(
                ["resolve", "early", "no", "--date", "2025-07-01", "--source", "https://example.com/y", "--force"], in: workspace.root
            ).status == 0)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
        #expect(try TrackProcess.run(["due", "--as-of", "2025-08-01"], in: workspace.root).stdout.contains("nothing due"))
        _ = try TrackProcess.run(
            ["resolve", "cheap", "yes", "--date", "2025-09-29", "--source", "https://example.com/cheap"], in: workspace.root)
        let score = try TrackProcess.run(["score", "--format", "json"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        let stated = try #require(object["stated"] as? [String: Any])
        // Stated 0.7 (yes) and 0.2 (no): Brier ((0.3)^2 + (0.2)^2) / 2 = 0.065.
        #expect(abs(try #require(stated["brier"] as? Double) - 0.065) < 1e-12)
        #expect(object["tracker"] is NSNull)
    }

    @Test("add-indicator creates a valid file, ready to record into, and refuses to overwrite")
    func addIndicator() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(
            ["add-indicator", "status", "--name", "Status: listing", "--kind", "state", "--states", "private, listed"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            try read(workspace, "indicators/status.yaml")
                == "id: status\nname: \"Status: listing\"\nkind: state\nstates: [private, listed]\nobservations: []\n")
        #expect(try TrackProcess.run(["record", "status", "listed", "--source", "s"], in: workspace.root).status == 0)
        #expect(try TrackProcess.run(["add-indicator", "status", "--name", "again"], in: workspace.root).status == 64)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test("in a workspace track init made, add-indicator names the indicator schema as init's files do")
    func addIndicatorSchemaLine() throws {
        let parent = try TemporaryWorkspace()
        #expect(try TrackProcess.run(["init", "fresh"], in: parent.root).status == 0)
        let root = parent.path("fresh")
        let example = try String(contentsOfFile: root + "/indicators/example-price.yaml", encoding: .utf8)
        let schemaLine = try #require(example.split(separator: "\n").first { $0.contains("$schema=") })
        let output = try TrackProcess.run(["add-indicator", "gpqa", "--name", "GPQA Diamond"], in: root)
        #expect(output.status == 0, "\(output.stderr)")
        let added = try String(contentsOfFile: root + "/indicators/gpqa.yaml", encoding: .utf8)
        #expect(added.hasPrefix(schemaLine + "\n"), "\(added)")
        #expect(output.stdout.contains(String(schemaLine)))
        #expect(try TrackProcess.run(["validate"], in: root).status == 0)
    }
}
